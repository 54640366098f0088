"""The cells of a parsed sheet part, read as openpyxl reads them, in one pass.

openpyxl's `WorkSheetParser.parse_row` builds a dictionary per cell and looks each
child element up again by tag (`find`, `findtext`), and its rich-text model reads
inline strings: about a third of a canonical workbook's lean load. This reads the
cells a workbook made by a spreadsheet program holds (numbers, shared and inline
text, truth values, error values, plain formulas, each with its address), with
openpyxl's conversions, and nothing else: a shared, array or data-table formula,
a date-formatted number, an ISO date, rich or empty inline text, a cell without
an address or an element it does not know makes it return None, and openpyxl's
own parser reads that sheet instead. `tests/test_cells_load.py` holds both to
openpyxl's full load, on crafted sheets and hostile ones.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW, CELL, VALUE, FORMULA, INLINE, TEXT = (f"{MAIN}{tag}" for tag in
                                           ("row", "c", "v", "f", "is", "t"))

ParsedCell = tuple[int, int, Any, str]  # row, column, value, data type


@dataclass(frozen=True)
class PlainCells:
    cells: list[ParsedCell]
    cached_formula_values: bool  # does a formula cell hold the value it was last saved with?


class NotPlain(Exception):
    """The sheet holds something only openpyxl's own parser reads faithfully."""


@functools.lru_cache(maxsize=8192)
def _coordinate(reference: str) -> tuple[int, int]:
    from openpyxl.utils.cell import coordinate_to_tuple

    return coordinate_to_tuple(reference)


def plain_cells(root: Element, strings: list[str], style_count: int,
                date_styles: frozenset[int]) -> PlainCells | None:
    """Every cell of the sheet `root`, or None when openpyxl's parser must read it.

    A style index at or past `style_count` raises ValueError, as the caller's
    openpyxl path refuses it too.
    """
    try:
        return _read(root, strings, style_count, date_styles)
    except NotPlain:
        return None


def _read(root: Element, strings: list[str], style_count: int,
          date_styles: frozenset[int]) -> PlainCells:
    cells: list[ParsedCell] = []
    cached = False
    for row in root.iter(ROW):
        cached = read_row(row, strings, style_count, date_styles, cells) or cached
    return PlainCells(cells, cached)


def read_row(row: Element, strings: list[str], style_count: int, date_styles: frozenset[int],
             cells: list[ParsedCell]) -> bool:
    """Append the cells of one `<row>` to `cells`; whether a formula among them holds a
    cached value. Raises NotPlain (and ValueError for a style out of range)."""
    from openpyxl.worksheet._reader import _cast_number

    cached = False
    for cell in row:
        if cell.tag != CELL:
            raise NotPlain(cell.tag)
        attrib = cell.attrib
        reference = attrib.get("r")
        if not reference:
            raise NotPlain("a cell without its address")
        kind = attrib.get("t", "n")
        style = attrib.get("s")
        style_id = int(style) if style is not None and style != "" else 0
        if style == "" or style_id >= style_count:
            raise ValueError(f"cell style {style!r} is not in the stylesheet")
        formula = value_element = inline = None
        for part in cell:
            tag = part.tag
            if tag == FORMULA:
                formula = part if formula is None else formula
            elif tag == VALUE:
                value_element = part if value_element is None else value_element
            elif tag == INLINE:
                inline = part if inline is None else inline
            else:
                raise NotPlain(tag)
        value: Any = None
        if kind != "inlineStr" and value_element is not None:
            value = value_element.text or None
        if formula is not None:
            if formula.get("t") is not None:
                raise NotPlain("a shared, array or data-table formula")
            cached = cached or bool(value_element is not None and value_element.text) \
                or inline is not None
            value, kind = "=" + (formula.text or ""), "f"
        elif value is not None:
            if kind == "n":
                value = _cast_number(value)
                if style_id in date_styles:
                    raise NotPlain("a date")
            elif kind == "s":
                value = strings[int(value)]
            elif kind == "b":
                value = bool(int(value))
            elif kind == "str":
                kind = "s"
            elif kind == "d":
                raise NotPlain("an ISO date")
        elif kind == "inlineStr" and inline is not None:
            value, kind = _plain_inline(cell, inline), "s"
        row_number, column = _coordinate(reference)
        cells.append((row_number, column, value, kind))
    return cached


def _plain_inline(cell: Element, inline: Element) -> str:
    """The text of `<is><t>text</t></is>`, the cell's only child; anything richer is not plain."""
    if len(cell) != 1 or len(inline) != 1:
        raise NotPlain("rich inline text")
    text = inline[0]
    if text.tag != TEXT or len(text) or not text.text:
        raise NotPlain("rich or empty inline text")
    return text.text
