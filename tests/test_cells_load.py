"""The lean load (`jobzone.workbooks.fastload.cells_load`) gives openpyxl's cells, or steps aside.

Whenever it returns a workbook, its sheets, every stored cell's value and data
type, formulas (plain, shared, array, data table), defined names (global and
sheet-local), calculation mode, date epoch and sheet states are exactly what
openpyxl's full `load_workbook` gives. Constructs for which openpyxl changes or
creates cells (merged ranges, hyperlinks, comments) and anything it does not
handle make it return None, and the check loads the file with openpyxl instead.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula

from jobzone.engine.check.pipeline import Checker
from jobzone.engine.core.limits import Limits
from jobzone.workbooks.fastload import cells_load
from jobzone.workbooks.fastload.cells_load import cells_workbook
from jobzone.workbooks.guard.archive_guard import inspect_archive
from tests import hostile_corpus as corpus
from tests.conftest import REFERENCE_WORKBOOK
from tests.mutations import apply_xml_edits, xml_edits
from tests.portfolio import portfolio_assessments, write_portfolio
from tests.tampering import TAMPERS, tampered_copy


def snapshot(workbook: Any) -> dict[str, Any]:
    """Everything a check reads from a loaded workbook, as comparable plain data."""
    def value(cell: Any) -> Any:
        v = cell._value
        if hasattr(v, "text") and hasattr(v, "ref"):  # ArrayFormula
            return ("array", v.ref, v.text)
        if type(v).__name__ == "DataTableFormula":
            return ("table", sorted(dict(v).items()))
        return (type(v).__name__, v)

    shot: dict[str, Any] = {
        "sheets": workbook.sheetnames, "epoch": workbook.epoch,
        "calc": getattr(workbook.calculation, "calcMode", None),
        "names": sorted((k, v.attr_text) for k, v in workbook.defined_names.items()),
    }
    for sheet in workbook.worksheets:
        shot[sheet.title] = (
            sorted((key, value(c), c.data_type) for key, c in sheet._cells.items()),
            sheet.max_row, sheet.max_column, sheet.sheet_state,
            sorted((k, v.attr_text) for k, v in sheet.defined_names.items()))
    return shot


def full_load(data: bytes) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_workbook(io.BytesIO(data), keep_links=False)


def assert_same(data: bytes) -> None:
    lean = cells_workbook(data)
    assert lean is not None
    assert snapshot(lean) == snapshot(full_load(data))
    assert_same_from_the_guards_members(data, lean)


def assert_same_from_the_guards_members(data: bytes, lean: Any) -> None:
    """Read from the members the archive guard inflated: the same workbook."""
    inflated = inspect_archive(data, "x.xlsx", Limits.from_env()).inflated()
    assert inflated is not None
    again = cells_workbook(data, inflated)
    assert (again is None) == (lean is None)
    if lean is not None:
        assert snapshot(again) == snapshot(lean)


# ------------------------------------------------------------- a workbook with every cell kind

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>
<c r="D1" s="1"><v>45351.5</v></c><c r="E1" s="2"><v>1.25</v></c><c r="F1" s="3"><v>7</v></c></row>
<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="e"><v>#DIV/0!</v></c>
<c r="C2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="D2" t="d"><v>2024-02-29T12:00:00</v></c>
<c r="E2" t="inlineStr"><is><t>inline</t></is></c><c r="F2"><v>12345678901234567890</v></c></row>
<row r="3"><c r="A3"><f t="shared" ref="A3:A5" si="0">B3*2</f><v>0</v></c>
<c r="B3"><v>3</v></c></row>
<row r="4"><c r="A4"><f t="shared" si="0"/><v>0</v></c></row>
<row r="5"><c r="A5"><f t="shared" si="0"/></c></row>
<row r="6"><c r="A6"><f t="array" ref="A6:B6">B3:C3*2</f><v>6</v></c>
<c r="C6"><f t="dataTable" ref="C6:C7" dt2D="0" dtr="0" r1="B3"/></c></row>
<row><c><v>1</v></c><c><v>2</v></c></row>
<row r="10" ht="30" customHeight="1"><c r="B10" s="1"/><c r="C10"><v>1E-3</v></c>
<c r="D10" t="inlineStr"><is><t/></is></c><c r="E10" t="inlineStr"><is><r><t>a</t></r>
<r><t>b</t></r></is></c><c r="F10" t="inlineStr"><f>"x"</f><is><t>y</t></is></c></row>
</sheetData></worksheet>"""
STRINGS_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="{MAIN}" count="3" uniqueCount="3"><si><t xml:space="preserve"> plain </t></si>
<si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r>
<rPh sb="0" eb="1"><t>phonetic</t></rPh></si>
<si><t>a_x005F_x000D_b</t></si></sst>"""
STYLES_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>
<numFmt numFmtId="165" formatCode="[h]:mm:ss"/></numFmts>
<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill>
</fills><borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/>
<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/></cellXfs></styleSheet>"""
WORKBOOK_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr date1904="1"/><sheets>
<sheet name="Kinds" sheetId="1" r:id="rId1"/>
<sheet name="Second" sheetId="2" state="hidden" r:id="rId2"/>
</sheets><definedNames><definedName name="Whole">Kinds!$A$1</definedName>
<definedName name="Local" localSheetId="1">Second!$A$1</definedName>
<definedName name="_xlnm.Print_Area" localSheetId="0">Kinds!$A$1:$B$2</definedName></definedNames>
<calcPr calcMode="manual"/></workbook>"""
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPES}.worksheet+xml"/>
<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{TYPES}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPES}.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="{TYPES}.styles+xml"/></Types>"""
PACKAGE_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId4" Type="{REL}/styles" Target="styles.xml"/></Relationships>"""
SECOND_XML = f"""<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>2</v></c></row>
</sheetData></worksheet>"""


def every_kind(**replace: str) -> bytes:
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS,
             "xl/workbook.xml": WORKBOOK_XML, "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
             "xl/styles.xml": STYLES_XML, "xl/sharedStrings.xml": STRINGS_XML,
             "xl/worksheets/sheet1.xml": SHEET_XML, "xl/worksheets/sheet2.xml": SECOND_XML}
    parts.update(replace)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def test_every_cell_kind_reads_as_openpyxl_reads_it() -> None:
    data = every_kind()
    assert_same(data)
    lean = cells_workbook(data)
    assert lean is not None
    kinds = lean["Kinds"]
    assert kinds["A1"].value == " plain " and kinds["B1"].value == "rich text"
    assert kinds["A4"].value == "=B4*2" and kinds["A5"].value == "=B5*2"  # shared, translated
    assert isinstance(kinds["A6"].value, ArrayFormula)
    assert (kinds["E2"].value, kinds["E2"].data_type, kinds["E10"].value) == ("inline", "s", "ab")
    assert kinds["E1"].value == timedelta(hours=30) and kinds["D1"].data_type == "d"
    assert lean.epoch == CALENDAR_MAC_1904 and lean.calculation.calcMode == "manual"
    assert lean["Second"].sheet_state == "hidden" and "Local" in lean["Second"].defined_names


def test_parts_repeated_across_workbooks_read_each_workbooks_own_values() -> None:
    """Sheet parts are remembered by their bytes; a part that names shared strings, or a
    date whose epoch differs, still reads what this workbook's other parts say."""
    other_strings = STRINGS_XML.replace(" plain ", "other").replace(">text<", ">words<")
    epoch_1900 = WORKBOOK_XML.replace('date1904="1"', 'date1904="0"')
    plain_sheet = SECOND_XML.replace("<v>2</v>", "<v>45351.5</v>").replace(
        '<c r="A1">', '<c r="A1" s="1">')
    string_sheet = SECOND_XML.replace('<c r="A1"><v>2</v>', '<c r="A1" t="s"><v>0</v>')
    for data in (every_kind(), every_kind(**{"xl/sharedStrings.xml": other_strings}),
                 every_kind(**{"xl/worksheets/sheet2.xml": string_sheet}),
                 every_kind(**{"xl/worksheets/sheet2.xml": string_sheet,
                               "xl/sharedStrings.xml": other_strings}),
                 every_kind(**{"xl/workbook.xml": epoch_1900}),
                 every_kind(**{"xl/worksheets/sheet2.xml": plain_sheet}),
                 every_kind(**{"xl/worksheets/sheet2.xml": plain_sheet,
                               "xl/workbook.xml": epoch_1900})):
        assert_same(data)
    again = cells_workbook(every_kind(**{"xl/sharedStrings.xml": other_strings}))
    assert again is not None and again["Kinds"]["A1"].value == "other"


def test_a_lean_sheet_is_a_whole_worksheet_when_more_than_cells_is_read() -> None:
    from openpyxl.worksheet.worksheet import Worksheet

    from jobzone.workbooks.fastload.lean_sheet import LeanWorksheet

    lean = cells_workbook(REFERENCE_WORKBOOK.read_bytes())
    assert lean is not None
    sheet = lean["Tasks"]
    assert isinstance(sheet, LeanWorksheet) and isinstance(sheet, Worksheet)
    cells = dict(sheet._cells)
    assert "merged_cells" not in sheet.__dict__  # not built until asked for
    assert sheet.freeze_panes is None and not sheet.merged_cells.ranges
    assert sheet.page_setup is not None and sheet.HeaderFooter is not None
    assert sheet._cells == cells and sheet["A4"].value == cells[(4, 1)].value
    assert sheet.sheet_state == "visible" and sheet.max_row == max(r for r, _ in cells)
    with pytest.raises(AttributeError):
        sheet.no_such_attribute  # noqa: B018
    with pytest.raises(AttributeError):
        lean.no_such_attribute  # noqa: B018


def test_a_lean_workbook_saves_like_any_other(tmp_path: Path) -> None:
    """Everything made on first use (style tables, sheet helpers) is there for a save."""
    lean = cells_workbook(REFERENCE_WORKBOOK.read_bytes())
    assert lean is not None and "_fonts" not in lean.__dict__
    lean["Tasks"]["B4"].number_format = "0.00%"
    target = tmp_path / "saved.xlsx"
    lean.save(target)
    again = load_workbook(target)
    assert again["Tasks"]["B4"].number_format == "0.00%"
    assert valued(snapshot(again)) == valued(snapshot(lean))


def valued(shot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot without blank cells: the lean load keeps no styles, so a blank cell
    that only carried a style (an unlocked input cell) is not written back."""
    return {key: (([c for c in part[0] if c[1] != ("NoneType", None)], *part[1:])
                  if key in shot["sheets"] else part) for key, part in shot.items()}


def test_workbook_written_by_openpyxl_with_dates_arrays_and_local_names(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = timedelta(hours=5)
    sheet["A2"] = 44000.25
    sheet["A2"].number_format = "dd/mm/yyyy hh:mm"
    sheet["B1"] = ArrayFormula("B1:B3", "=A1:A3*2")
    sheet.defined_names["Here"] = DefinedName("Here", attr_text="Sheet!$A$1")
    workbook.defined_names["There"] = DefinedName("There", attr_text="Sheet!$B$1")
    workbook.create_sheet("Other")["C3"] = "=Sheet!A1"
    target = tmp_path / "kinds.xlsx"
    workbook.save(target)
    assert_same(target.read_bytes())


def test_the_example_portfolio_and_every_tampered_copy(tmp_path: Path) -> None:
    files = [REFERENCE_WORKBOOK, *write_portfolio(tmp_path / "roles", portfolio_assessments(6))]
    files += [tampered_copy(tamper, tmp_path) for tamper in TAMPERS]
    for path in files:
        assert_same(path.read_bytes())


@pytest.mark.parametrize("case", [c for c in corpus.CASES if c.suffix == ".xlsx"],
                         ids=lambda c: c.name)
def test_hostile_corpus_same_cells_or_openpyxl_decides(case: corpus.HostileCase) -> None:
    data = case.build()
    if inspect_archive(data, case.name, Limits.from_env()).refusals:
        return  # refused before any loader runs
    lean = cells_workbook(data)
    assert_same_from_the_guards_members(data, lean)
    if lean is not None:
        assert snapshot(lean) == snapshot(full_load(data))


@pytest.mark.parametrize(("name", "data"), [
    ("merged", corpus.with_after_sheet_data(
        corpus.ROLE_SHEET, '<mergeCells count="1"><mergeCell ref="B4:B5"/></mergeCells>')),
    ("hyperlink", corpus.with_after_sheet_data(
        corpus.ROLE_SHEET, '<hyperlinks><hyperlink ref="B4" display="x"/></hyperlinks>')),
    ("dtd", every_kind(**{"xl/worksheets/sheet2.xml": '<!DOCTYPE x []>' + SECOND_XML})),
    ("chartsheet", every_kind(**{"xl/_rels/workbook.xml.rels": WORKBOOK_RELS.replace(
        '/worksheet" Target="/xl', '/chartsheet" Target="/xl')})),
    ("style out of range", every_kind(**{"xl/worksheets/sheet2.xml": SECOND_XML.replace(
        '<c r="A1">', '<c r="A1" s="9">')})),
    ("broken chart part", corpus.rezip(corpus.example_bytes(),
                                       {"xl/charts/chart1.xml": b"<chartSpace"})),
])
def test_what_openpyxl_changes_or_refuses_is_left_to_openpyxl(name: str, data: bytes) -> None:
    assert cells_workbook(data) is None


@pytest.mark.parametrize("build", [corpus.billion_laughs, corpus.external_entity],
                         ids=["billion-laughs", "external-entity"])
def test_a_part_with_a_dtd_is_never_parsed_even_past_the_guard(build: Any) -> None:
    assert cells_workbook(build()) is None  # the guard refuses these first (JZ016)


def test_comments_are_left_to_openpyxl(tmp_path: Path) -> None:
    from openpyxl.comments import Comment

    workbook = load_workbook(REFERENCE_WORKBOOK)
    workbook["Role"]["D20"].comment = Comment("a note", "analyst")
    target = tmp_path / "commented.xlsx"
    workbook.save(target)
    assert cells_workbook(target.read_bytes()) is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(xml_edits)
def test_mutated_xml_same_cells_whenever_both_load(edits: list[Any]) -> None:
    data = apply_xml_edits(corpus.example_bytes(), edits)
    if inspect_archive(data, "mutated.xlsx", Limits.from_env()).refusals:
        return
    lean = cells_workbook(data)
    if lean is None:
        return
    try:
        full = full_load(data)
    except Exception:  # openpyxl refused a part the check never reads
        return
    assert snapshot(lean) == snapshot(full)


def test_check_findings_are_the_same_with_either_loader(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    files = [REFERENCE_WORKBOOK, *write_portfolio(tmp_path / "roles", portfolio_assessments(3))]
    files += [tampered_copy(tamper, tmp_path) for tamper in TAMPERS]
    lean = [Checker().check(path) for path in files]
    monkeypatch.setattr(cells_load, "cells_workbook", lambda data, inflated=None: None)
    full = [Checker().check(path) for path in files]
    assert lean == full
    assert {f.code for report in lean for f in report.findings} >= {t.code for t in TAMPERS}


def _saved_by_openpyxl() -> bytes:
    """The example re-saved by openpyxl: its formulas, none of their values."""
    buffer = io.BytesIO()
    openpyxl.load_workbook(REFERENCE_WORKBOOK).save(buffer)
    return buffer.getvalue()


def test_the_lean_load_knows_whether_any_formula_holds_a_cached_value() -> None:
    """Without one, the check skips calamine's read: what it would have read is the same."""
    from jobzone.workbooks.cached_values import read_cached_values

    no_values = SHEET_XML.replace("<v>ab</v>", "").replace("<v>6</v>", "").replace(
        '<f t="shared" ref="A3:A5" si="0">B3*2</f><v>0</v>',
        '<f t="shared" ref="A3:A5" si="0">B3*2</f>').replace(
        '<f t="shared" si="0"/><v>0</v>', '<f t="shared" si="0"/>')
    inline_only = no_values  # F10 keeps its inline text: a cached value all the same
    no_values = no_values.replace('<f>"x"</f><is><t>y</t></is>', '<f>"x"</f><v/>')
    cases = {"every kind (formulas with values)": (every_kind(), True),
             "one formula's value, inline text": (
                 every_kind(**{"xl/worksheets/sheet1.xml": inline_only}), True),
             "formulas without values, an error typed in B2": (
                 every_kind(**{"xl/worksheets/sheet1.xml": no_values}), False),
             "a workbook written by openpyxl": (_saved_by_openpyxl(), False),
             "the bundled example (values cached by jobzone)": (
                 REFERENCE_WORKBOOK.read_bytes(), True)}
    for what, (data, holds) in cases.items():
        lean = cells_workbook(data)
        assert lean is not None and lean.formulas_hold_values is holds, what
        if holds:
            continue
        read = read_cached_values(data)
        skipped = read_cached_values(data, False, lean.holds_error_values)
        assert read is not None and skipped is not None
        assert skipped.errors == read.errors, what
        assert lean.holds_error_values is bool(read.errors), what
        for sheet in lean.worksheets:
            for (row, column), cell in sheet._cells.items():
                if cell.data_type == "f":
                    assert skipped.value(sheet.title, row, column) is None, what
                    assert read.value(sheet.title, row, column) is None, what

