"""The byte-level measurements the archive guard relies on agree with what openpyxl does."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobzone.workbooks.guard import part_scan as scan
from tests.hostile_corpus import EXAMPLE
from tests.hostile_legacy import ODS_CELL, ods_document


def test_relationship_targets_resolve_exactly_as_openpyxl_resolves_them() -> None:
    from openpyxl.packaging.relationship import get_dependents

    with zipfile.ZipFile(EXAMPLE) as archive:
        for name in archive.namelist():
            if not name.endswith(".rels"):
                continue
            ours = [(r.id, r.target) for r in scan.relationships(name, archive.read(name))]
            theirs = [(r.Id, r.target) for r in get_dependents(archive, name)]
            assert ours == theirs, name


@pytest.mark.parametrize(("rels", "source"), [
    ("xl/_rels/workbook.xml.rels", "xl/workbook.xml"),
    ("xl/worksheets/_rels/sheet7.xml.rels", "xl/worksheets/sheet7.xml"),
    ("_rels/.rels", ""),
    ("xl/workbook.xml", None),
])
def test_a_rels_file_names_the_part_it_describes(rels: str, source: str | None) -> None:
    assert scan.rels_source(rels) == source


@pytest.mark.parametrize(("ref", "area"), [
    ("A1", 1), ("A1:B2", 4), ("$A$1:$XFD$1048576", 16384 * 1048576), ("B2:A1", 4),
    ("a1:c3", 9), ("A:A", None), ("1:1", None), ("A1 B2", None), ("", None),
])
def test_range_areas(ref: str, area: int | None) -> None:
    assert scan.range_area(ref) == area


@given(st.integers(1, 1_048_576), st.integers(1, 16_384), st.integers(1, 1_048_576),
       st.integers(1, 16_384))
def test_range_area_matches_openpyxl(r1: int, c1: int, r2: int, c2: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    low_r, high_r, low_c, high_c = min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)
    ref = f"{get_column_letter(low_c)}{low_r}:{get_column_letter(high_c)}{high_r}"
    assert scan.range_area(ref) == CellRange(ref).size["rows"] * CellRange(ref).size["columns"]


@pytest.mark.parametrize(("data", "problem"), [
    (b'<?xml version="1.0" encoding="UTF-8"?><a/>', None),
    (b"\xef\xbb\xbf<a/>", None),
    (b"<?xml version='1.0' encoding='windows-1252'?><a/>", None),
    ("<a/>".encode("utf-16"), "is encoded in UTF-16 or UTF-32"),
    ("<a/>".encode("utf-16-be"), "is encoded in UTF-16 or UTF-32"),
    (b'<?xml version="1.0" encoding="UTF-7"?><a/>', "declares encoding 'utf-7'"),
    (b"\x89PNG\r\n\x1a\n", None),
])
def test_encodings(data: bytes, problem: str | None) -> None:
    assert scan.encoding_problem(data) == problem


def test_counts_stop_early_on_a_huge_part() -> None:
    data = b"<c/>" * 1_000_000
    counts = scan.count_elements(data, ceiling=1_000)
    assert 1_000 < counts["cells"] <= 1_001


def test_ods_area_counts_filled_repeats_but_not_trailing_empties() -> None:
    filled = ods_document('<table:table-row table:number-rows-repeated="3">'
                          '<table:table-cell table:number-columns-repeated="4" '
                          'office:value-type="float"/></table:table-row>')
    empties = ods_document(f"<table:table-row>{ODS_CELL}{ODS_CELL}</table:table-row>"
                           '<table:table-row table:number-rows-repeated="999999">'
                           '<table:table-cell table:number-columns-repeated="999"/>'
                           "</table:table-row>")
    content = {name: zipfile.ZipFile(io.BytesIO(data)).read("content.xml")
               for name, data in (("filled", filled), ("empties", empties))}
    assert scan.ods_dense_area(content["filled"], 10**9) == 12
    assert scan.ods_dense_area(content["empties"], 10**9) == 2
