"""Plain sheets read in one pass (`jobzone.workbooks.fastload.sheet_cells`) read what openpyxl
reads.

A sheet of every plain kind, and each construct that sends a sheet back to
openpyxl's own parser, held to openpyxl's full load (`assert_same`); and each cell the
lean load makes holds exactly the slots openpyxl's `Cell()` constructor sets.
"""

from __future__ import annotations

from jobzone.workbooks.fastload.cells_load import cells_workbook
from tests.test_cells_load import MAIN, STYLES_XML, assert_same, every_kind

PLAIN_SHEET = f"""<worksheet xmlns="{MAIN}"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c><c r="C1"><v>1E-3</v></c>
<c r="D1"><v>12345678901234567890</v></c><c r="E1" s="0"><v>-0.5</v></c><c r="F1" s="3"/></row>
<row r="2"><c r="A2" t="b"><v>0</v></c><c r="B2" t="e"><v>#N/A</v></c><c r="C2" t="str"><v>s</v>
</c><c r="D2" t="inlineStr"><is><t xml:space="preserve"> in </t></is></c>
<c r="E2" t="inlineStr"/><c r="F2" t="str"/></row>
<row r="3"><c r="A3"><f>B3*2</f><v></v></c><c r="B3"><v>3</v></c><c r="C3" t="str"><f>"a"</f>
<v>a</v></c><c r="D3"><f/></c><c r="E3" t="inlineStr"><f>"x"</f><is><t>y</t></is></c>
<c r="F3"><f>1</f><f>2</f><v>1</v><v>2</v></c></row></sheetData></worksheet>"""
NOT_PLAIN = {
    "shared formula": PLAIN_SHEET.replace("<f>B3*2</f>", '<f t="shared" ref="A3" si="0">B3*2</f>'),
    "date style": PLAIN_SHEET.replace('<c r="E1" s="0">', '<c r="E1" s="1">'),
    "duration style": PLAIN_SHEET.replace('<c r="E1" s="0">', '<c r="E1" s="2">'),
    "ISO date": PLAIN_SHEET.replace('<c r="B3"><v>3</v>', '<c r="B3" t="d"><v>2024-02-29</v>'),
    "rich inline text": PLAIN_SHEET.replace("<is><t xml:space=\"preserve\"> in </t></is>",
                                            "<is><r><t>a</t></r></is>"),
    "empty inline text": PLAIN_SHEET.replace("<is><t xml:space=\"preserve\"> in </t></is>",
                                             "<is><t/></is>"),
    "no address": PLAIN_SHEET.replace('<c r="B3">', "<c>"),
    "unknown element": PLAIN_SHEET.replace("<v>3</v>", "<v>3</v><extLst/>"),
}


def test_plain_sheets_are_read_in_one_pass_exactly_as_openpyxl_reads_them() -> None:
    from xml.etree import ElementTree

    from jobzone.workbooks.fastload.cells_load import _number_styles_of
    from jobzone.workbooks.fastload.sheet_cells import plain_cells

    styles = _number_styles_of(STYLES_XML.encode())
    for name, sheet in {"plain": PLAIN_SHEET, **NOT_PLAIN}.items():
        read = plain_cells(ElementTree.fromstring(sheet), ["a", "b", "c"], styles.count,
                           styles.dates | styles.durations)
        assert (read is not None) == (name == "plain"), name
        assert_same(every_kind(**{"xl/worksheets/sheet1.xml": sheet}))  # either way, the same
    lean = cells_workbook(every_kind(**{"xl/worksheets/sheet1.xml": PLAIN_SHEET}))
    assert lean is not None and lean.formulas_hold_values and lean.holds_error_values
    kinds = lean["Kinds"]
    assert [kinds[ref].value for ref in ("A1", "C1", "D1", "D2", "A3", "D3", "F3")] == \
        [" plain ", 0.001, 12345678901234567890, " in ", "=B3*2", "=", "=1"]
    assert kinds["E2"].data_type == "inlineStr" and kinds["F2"].data_type == "str"
    no_inline = PLAIN_SHEET.replace('<f>"x"</f><is><t>y</t></is>', '<f>"x"</f>')
    for what, sheet, holds in (
            ("a formula's cached value", no_inline, True),
            ("none", no_inline.replace("<v>a</v>", "").replace("<v>1</v><v>2</v>", ""), False)):
        lean = cells_workbook(every_kind(**{"xl/worksheets/sheet1.xml": sheet}))
        assert lean is not None and lean.formulas_hold_values is holds, what


def test_a_lean_cell_is_what_openpyxls_cell_constructor_makes() -> None:
    """The lean load fills each cell's slots itself; every slot must be as Cell() sets it."""
    from openpyxl.cell.cell import Cell

    lean = cells_workbook(every_kind())
    assert lean is not None
    sheet = lean["Kinds"]
    slots = {slot for klass in Cell.__mro__ for slot in getattr(klass, "__slots__", ())}
    assert slots >= {"parent", "row", "column", "_value", "data_type", "_style"}
    for (row, column), cell in sheet._cells.items():
        made = Cell(sheet, row=row, column=column)
        made._value, made.data_type = cell._value, cell.data_type
        assert {s: getattr(cell, s) for s in slots} == {s: getattr(made, s) for s in slots}
    assert sheet._current_row == max(row for row, _ in sheet._cells)
