"""Rows remembered across workbooks read exactly what a whole parse of each sheet reads.

`jobzone.workbooks.fastload.sheet_rows` splits a sheet part at its rows and takes rows it has read
before from memory. Held against openpyxl's full load (through `assert_same`): a
row repeated byte for byte with another workbook's shared strings, sheets the
split must not be trusted with (comments, CDATA, rows outside `<sheetData>`,
self-closing and prefixed rows, text between rows), and parts broken outside the
rows, which must stay refused.
"""

from __future__ import annotations

import pytest

from jobzone.workbooks.fastload.cells_load import cells_workbook
from jobzone.workbooks.fastload.sheet_rows import SheetRows
from tests.test_cells_load import MAIN, STRINGS_XML, assert_same, every_kind

ROWS = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>label</t></is></c><c r="B2"><f>B1*2</f>'
        "<v/></c></row>")
SHEET = f'<worksheet xmlns="{MAIN}"><sheetData>{{rows}}</sheetData>{{after}}</worksheet>'


def sheet(rows: str = ROWS, after: str = "") -> str:
    return SHEET.format(rows=rows, after=after)


def test_a_repeated_row_reads_each_workbooks_own_shared_strings() -> None:
    other_strings = STRINGS_XML.replace(" plain ", "someone else's")
    for strings in (STRINGS_XML, other_strings, STRINGS_XML):
        data = every_kind(**{"xl/worksheets/sheet1.xml": sheet(),
                             "xl/sharedStrings.xml": strings})
        assert_same(data)
        expected = " plain " if strings == STRINGS_XML else "someone else's"
        assert cells_workbook(data)["Kinds"]["A1"].value == expected  # type: ignore[index]


def test_rows_come_from_memory_the_second_time() -> None:
    rows = SheetRows()
    data = sheet().encode()
    first = rows.cells(data, ["s"], 4, frozenset())
    remembered = len(rows._seen._items)
    second = rows.cells(data, ["t"], 4, frozenset())
    assert first is not None and second is not None
    assert remembered == 1  # the shared-string row is never remembered
    assert first.cells[0][2] == "s" and second.cells[0][2] == "t"
    assert first.cells[1:] == second.cells[1:]


@pytest.mark.parametrize(("what", "text"), [
    ("comment between rows", sheet(ROWS.replace("</row><row", "</row><!-- x --><row"))),
    ("CDATA in a cell", sheet(ROWS.replace("<t>label</t>", "<t><![CDATA[a</row>b]]></t>"))),
    ("a row outside sheetData", sheet(after='<extLst><row r="9"><c r="A9"><v>9</v></c></row>'
                                            "</extLst>")),
    ("self-closing row", sheet(ROWS + '<row r="3"/>')),
    ("prefixed row", sheet(ROWS.replace('<row r="2">', f'<x:row xmlns:x="{MAIN}" r="2">')
                           .replace("</row>", "</x:row>", 2).replace("</x:row>", "</row>", 1))),
    ("text between rows", sheet(ROWS.replace("</row><row", "</row>text<row"))),
    ("processing instruction", sheet(ROWS.replace("</row><row", "</row><?pi x?><row"))),
])
def test_sheets_the_split_cannot_be_sure_of_are_parsed_whole(what: str, text: str) -> None:
    assert SheetRows().cells(text.encode(), ["s"], 4, frozenset()) is None, what
    data = every_kind(**{"xl/worksheets/sheet1.xml": text})
    lean = cells_workbook(data)
    if lean is not None:  # else openpyxl's full load reads (or refuses) it
        assert_same(data)


@pytest.mark.parametrize("broken", [
    sheet().replace("</worksheet>", ""),
    sheet().replace("<worksheet", "<worksheet undeclared:attr='1'"),
    sheet(after="<sheetViews>"),
])
def test_a_part_broken_outside_its_rows_is_still_refused(broken: str) -> None:
    rows = SheetRows()
    rows.cells(sheet().encode(), ["s"], 4, frozenset())  # every row remembered
    assert rows.cells(broken.encode(), ["s"], 4, frozenset()) is None
    assert cells_workbook(every_kind(**{"xl/worksheets/sheet1.xml": broken})) is None


def test_a_remembered_row_is_not_reused_under_a_smaller_stylesheet() -> None:
    """The same row bytes naming style 3 are fine with 4 styles and refused with 2."""
    rows = SheetRows()
    data = sheet().replace('<c r="B1">', '<c r="B1" s="3">').encode()
    assert rows.cells(data, ["s"], 4, frozenset()) is not None
    with pytest.raises(ValueError):
        rows.cells(data, ["s"], 2, frozenset())


def test_a_remembered_row_is_not_reused_when_its_style_becomes_a_date() -> None:
    rows = SheetRows()
    data = sheet().replace('<c r="B1">', '<c r="B1" s="3">').encode()
    assert rows.cells(data, ["s"], 4, frozenset()) is not None
    assert rows.cells(data, ["s"], 4, frozenset({3})) is None  # a date: openpyxl reads it


def test_a_remembered_row_is_not_reused_under_another_namespace() -> None:
    """Found by CI's fuzzing: after the example's rows were remembered, the same rows under
    `<worksheet xmlns="">` (no SpreadsheetML at all: openpyxl reads an empty sheet) came
    back from memory as cells. The sheet's root element is part of the key."""
    from jobzone.workbooks.fastload.cells_load import cells_workbook
    from tests import hostile_corpus as corpus
    from tests.mutations import apply_xml_edits
    from tests.test_cells_load import full_load, snapshot

    cells_workbook(corpus.example_bytes())  # the example's rows are now remembered
    data = apply_xml_edits(corpus.example_bytes(), [(180, "attribute", 0, 0, "")])
    lean = cells_workbook(data)
    assert lean is not None
    assert snapshot(lean) == snapshot(full_load(data))
