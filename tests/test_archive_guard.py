"""Every hostile workbook of the corpus is refused with its code, or opens with its notices."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from jobzone.engine.core.errors import WorkbookError
from jobzone.engine.core.limits import Limits
from jobzone.workbooks.guard.archive_guard import inspect_archive
from jobzone.workbooks.guard.formula_risks import formula_risk_notices
from jobzone.workbooks.reader import open_workbook, read_assessment
from tests.deadline import deadline
from tests.hostile_corpus import CASES, EXAMPLE, HostileCase, example_bytes, rezip

WORKBOOK_CASES = [case for case in CASES if case.suffix == ".xlsx"]


@pytest.mark.parametrize("case", WORKBOOK_CASES, ids=lambda case: case.name)
def test_hostile_workbook_is_refused_or_reported(case: HostileCase, tmp_path: Path) -> None:
    path = tmp_path / case.file_name
    path.write_bytes(case.build())
    with deadline(20, case.name):
        if case.expect:
            with pytest.raises(WorkbookError) as caught:
                open_workbook(path)
            assert caught.value.code == case.expect, caught.value
            assert caught.value.location.file == str(path)
            return
        workbook = open_workbook(path)
        report = inspect_archive(path.read_bytes(), str(path), Limits())
    codes = {n.code for n in report.notices + formula_risk_notices(workbook, str(path))}
    assert codes == set(case.notices)


def test_the_example_is_neither_refused_nor_reported() -> None:
    report = inspect_archive(EXAMPLE.read_bytes(), str(EXAMPLE), Limits())
    assert report.refusals == [] and report.notices == []
    assert formula_risk_notices(open_workbook(EXAMPLE), str(EXAMPLE)) == []


def test_refusals_carry_every_problem_not_just_the_first() -> None:
    data = rezip(example_bytes(), add=[("../a.xml", b"<a/>"), ("/b.xml", b"<b/>")])
    report = inspect_archive(data, "x.xlsx", Limits())
    assert [r.code for r in report.refusals] == ["JZ012", "JZ012"]


def test_folder_entries_are_fine_empty_and_refused_holding_data() -> None:
    """The scans skip folder entries, so one holding data would be data no check has seen,
    which a crafted relationship can send a reader to: refused. Empty ones, as zip tools
    and LibreOffice write them (`Configurations2/`), are not."""
    empty = rezip(example_bytes(), add=[("Configurations2/", b""), ("xl/media/", b"")])
    assert inspect_archive(empty, "x.xlsx", Limits()).refusals == []
    stuffed = rezip(example_bytes(), add=[("xl/worksheets/sheet7.xml/", b"<c t=\"e\"/>" * 9),
                                          ("docs/", b"x")])
    assert [(r.code, r.message) for r in inspect_archive(stuffed, "x.xlsx", Limits()).refusals] \
        == [("JZ012", "archive member 'xl/worksheets/sheet7.xml/' is named as a folder but "
             "holds 90 bytes"), ("JZ012", "archive member 'docs/' is named as a folder but "
                                 "holds 1 bytes")]


def test_a_member_whose_name_is_empty_is_refused_by_name() -> None:
    """Found by fuzzing an .ods: a NUL overwriting a name's first byte in the central
    directory leaves zipfile an empty name, on which ZipInfo.is_dir() raises IndexError."""
    marker = b"zzzz-member.xml"
    data = rezip(example_bytes(), add=[(marker.decode(), b"<a/>")])
    at = data.rindex(marker)  # the central directory's copy of the name
    data = data[:at] + b"\x00" + data[at + 1:]
    report = inspect_archive(data, "x.xlsx", Limits())
    assert [(r.code, r.message) for r in report.refusals] == [
        ("JZ012", "archive member '' has no name")]


def test_small_members_may_compress_well() -> None:
    """A 900 KB run of zeros compresses 1000x but cannot be a bomb: under ratio_exempt_bytes."""
    data = rezip(example_bytes(), add=[("xl/media/blank.bin", bytes(900 * 1024))])
    assert inspect_archive(data, "x.xlsx", Limits()).refusals == []


def test_the_uncompressed_total_is_bounded_even_without_compression() -> None:
    noise = random.Random(1).randbytes(6 * 1024 * 1024)  # incompressible: ratio about 1
    data = rezip(example_bytes(), add=[("xl/media/big.bin", noise)])
    limits = Limits(max_uncompressed_bytes=5 * 1024 * 1024)
    assert [r.code for r in inspect_archive(data, "x.xlsx", limits).refusals] == ["JZ015"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.xlsx"
    path.write_bytes(example_bytes())
    monkeypatch.setenv("JOBZONE_MAX_FILE_BYTES", "10000")
    with pytest.raises(WorkbookError) as caught:
        open_workbook(path)
    assert caught.value.code == "JZ010"


@pytest.mark.parametrize(("variable", "value", "code"), [
    ("JOBZONE_MAX_CELLS", "200", "JZ018"),
    ("JOBZONE_MAX_SHEETS", "5", "JZ018"),
    ("JOBZONE_MAX_ROWS", "20", "JZ018"),
    ("JOBZONE_MAX_COLUMNS", "2", "JZ018"),
    ("JOBZONE_MAX_STRING_LENGTH", "100", "JZ019"),
    ("JOBZONE_MAX_ZIP_ENTRIES", "10", "JZ011"),
    ("JOBZONE_MAX_UNCOMPRESSED_BYTES", "50000", "JZ015"),
])
def test_each_limit_is_configurable_through_the_environment(
        variable: str, value: str, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    read_assessment(EXAMPLE)  # within the defaults
    monkeypatch.setenv(variable, value)
    with pytest.raises(WorkbookError) as caught:
        read_assessment(EXAMPLE)
    assert caught.value.code == code


def test_an_explicit_limits_object_wins_over_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBZONE_MAX_CELLS", "10")
    assert open_workbook(EXAMPLE, limits=Limits()) is not None


def test_chartsheets_and_prefixed_elements_are_counted() -> None:
    """A namespace prefix (`<x:c>`) must not hide cells from the count."""
    sheet = ('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             "<x:sheetData><x:row r=\"1\">" + '<x:c r="A1"/>' * 300 + "</x:row></x:sheetData>"
             "</x:worksheet>")
    data = rezip(example_bytes(), {"xl/worksheets/sheet9.xml": sheet.encode()})
    report = inspect_archive(data, "x", Limits(max_cells=200))
    assert [r.code for r in report.refusals] == ["JZ018"]
    assert report.inflated() is None  # the scan stopped early: no members to read from


def test_the_members_read_by_a_passing_scan_are_the_archives_own() -> None:
    data = example_bytes()
    inflated = inspect_archive(data, "x", Limits()).inflated()
    assert inflated is not None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        assert inflated.namelist() == names
        for name in names:
            assert inflated.read(name) == archive.read(name)
            assert inflated.getinfo(name).CRC == archive.getinfo(name).CRC


def test_a_merged_range_written_with_character_references_is_still_measured() -> None:
    sheet = zipfile.ZipFile(io.BytesIO(example_bytes())).read("xl/worksheets/sheet9.xml")
    bomb = sheet.replace(b"</sheetData>", b'</sheetData><mergeCells><mergeCell '
                         b'ref="A1&#58;XFD1048576"/></mergeCells>')
    data = rezip(example_bytes(), {"xl/worksheets/sheet9.xml": bomb})
    assert [r.code for r in inspect_archive(data, "x", Limits()).refusals] == ["JZ018"]


def test_remembered_scans_give_each_part_its_own_verdict() -> None:
    """Scans are remembered by a part's exact bytes: a bomb that differs from a clean,
    already scanned part by one element is measured; the same bomb again is refused again;
    a part past the remembered size is scanned every time."""
    from jobzone.workbooks.guard import archive_guard

    sheet = zipfile.ZipFile(io.BytesIO(example_bytes())).read("xl/worksheets/sheet9.xml")
    bomb = sheet.replace(b"</sheetData>", b'</sheetData><mergeCells><mergeCell '
                         b'ref="A1:XFD1048576"/></mergeCells>')
    bombed = rezip(example_bytes(), {"xl/worksheets/sheet9.xml": bomb})
    for data, codes in ((example_bytes(), []), (bombed, ["JZ018"]), (example_bytes(), []),
                        (bombed, ["JZ018"])):
        assert [r.code for r in inspect_archive(data, "x", Limits()).refusals] == codes
    padding = b"<!-- " + b"x" * archive_guard.REMEMBERED_PART_BYTES + b" -->"
    big_bomb = bomb.replace(b"<sheetData>", padding + b"<sheetData>")
    data = rezip(example_bytes(), {"xl/worksheets/sheet9.xml": big_bomb})
    for _ in range(2):
        assert [r.code for r in inspect_archive(data, "x", Limits()).refusals] == ["JZ018"]


def test_a_range_the_guard_cannot_measure_is_refused() -> None:
    sheet = zipfile.ZipFile(io.BytesIO(example_bytes())).read("xl/worksheets/sheet9.xml")
    odd = sheet.replace(b"</sheetData>", b'</sheetData><mergeCells><mergeCell ref="A:A"/>'
                        b"</mergeCells>")
    data = rezip(example_bytes(), {"xl/worksheets/sheet9.xml": odd})
    refusals = inspect_archive(data, "x", Limits()).refusals
    assert [r.code for r in refusals] == ["JZ018"] and "'A:A'" in refusals[0].message


@pytest.mark.parametrize("case", [c for c in CASES if c.suffix == ".ods"], ids=lambda c: c.name)
def test_opendocument_repeats_are_measured_before_calamine_allocates(case: HostileCase) -> None:
    report = inspect_archive(case.build(), case.file_name, Limits())
    assert [r.code for r in report.refusals] == ([case.expect] if case.expect else [])
