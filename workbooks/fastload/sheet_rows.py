"""Rows that workbooks from one template share, read once per process.

Workbooks made from one template repeat most rows of a sheet byte for byte: the
headers, the labels, and every blank task row with its formula. A sheet part that
differs from the last one seen in a few rows is split at its rows; each row whose
exact bytes were read before gives its cells from memory, and the rest are parsed
together as one small document under the sheet's own root element (so their
namespaces are the sheet's). The whole part is still checked for well-formedness
by the XML parser (without building a tree), so a part openpyxl would refuse is
refused here too.

The split is made only where it is certain to find every row: one unprefixed
`<sheetData>` holding only `<row>` elements, no comments, CDATA sections or
processing instructions anywhere in it, no prefixed or self-closing row, and no
row outside it. Anything else returns None and the sheet is parsed whole.
Remembered rows never read shared strings (which belong to another part) and hold
no date (the date epoch is not part of the key); see `jobzone.workbooks.fastload.sheet_cells` for
what a plain cell is.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree
from xml.parsers import expat

from jobzone.workbooks.fastload.recent import Recent
from jobzone.workbooks.fastload.sheet_cells import ROW, NotPlain, ParsedCell, PlainCells, read_row

ROOT_START = re.compile(rb"\A(?:<\?xml[^<>]*\?>)?\s*(<worksheet(?:\s[^<>]*)?>)")
SHEET_DATA, SHEET_DATA_END, ROW_END = b"<sheetData>", b"</sheetData>", b"</row>"
ROW_START = re.compile(rb"<row[\s>]")
ANY_ROW = re.compile(rb"<(?:[^\s<>/!?=\"':]+:)?row[\s/>]")
SHARED_STRING = re.compile(rb"""\st\s*=\s*["']s["']""")  # a cell whose value is a shared string
ROWS_REMEMBERED = 4096

Remembered = tuple[tuple[ParsedCell, ...], bool]  # the row's cells; a cached formula value?


class SheetRows:
    """Parsed rows by their exact bytes and the number styles that shape their values."""

    def __init__(self, size: int = ROWS_REMEMBERED) -> None:
        # keyed by the sheet's root element too: a row's bytes mean what the namespaces
        # declared there say (under `<worksheet xmlns="">` a row is no SpreadsheetML row)
        self._seen: Recent[tuple[bytes, bytes, int, frozenset[int]], Remembered] = Recent(size)

    def cells(self, data: bytes, strings: list[str], style_count: int,
              date_styles: frozenset[int]) -> PlainCells | None:
        """The sheet's cells, or None: parse it whole (see the module's conditions)."""
        pieces = _row_pieces(data)
        if pieces is None:
            return None
        try:
            _well_formed(data)
        except expat.ExpatError:
            return None  # the whole parse raises the same error for the caller
        found: list[Remembered | None] = []
        missing: list[int] = []
        root = _root_start(data)
        for index, piece in enumerate(pieces):
            hit = self._seen.get((root, piece, style_count, date_styles))
            found.append(hit)
            if hit is None:
                missing.append(index)
        if missing:
            document = root + SHEET_DATA + ROW_END.join(pieces[i] for i in missing) + \
                ROW_END + SHEET_DATA_END + b"</worksheet>"
            rows = list(ElementTree.fromstring(document).iter(ROW))
            if len(rows) != len(missing):
                return None
            for index, row in zip(missing, rows, strict=True):
                cells: list[ParsedCell] = []
                try:
                    cached = read_row(row, strings, style_count, date_styles, cells)
                except NotPlain:
                    return None
                read = (tuple(cells), cached)
                found[index] = read
                if not SHARED_STRING.search(pieces[index]):
                    self._seen.put((root, pieces[index], style_count, date_styles), read)
        every: list[ParsedCell] = []
        cached_values = False
        for remembered in found:
            assert remembered is not None
            every.extend(remembered[0])
            cached_values = cached_values or remembered[1]
        return PlainCells(every, cached_values)


def _root_start(data: bytes) -> bytes:
    match = ROOT_START.match(data)
    assert match is not None  # _row_pieces checked it
    return match.group(1)


def _row_pieces(data: bytes) -> list[bytes] | None:
    """Each row's bytes up to (not including) its `</row>`, or None when unsure."""
    if ROOT_START.match(data) is None:
        return None
    start, end = data.find(SHEET_DATA), data.rfind(SHEET_DATA_END)
    if start < 0 or end < start or data.count(b"<sheetData") != 1:
        return None
    body = data[start + len(SHEET_DATA):end]
    if b"<!" in body or b"<?" in body:
        return None  # comments, CDATA sections, processing instructions
    pieces = body.split(ROW_END)
    if pieces.pop().strip():
        return None  # something after the last row
    rows = []
    for piece in pieces:
        piece = piece.lstrip(b" \t\r\n")
        if not ROW_START.match(piece):
            return None  # text between rows, or a prefixed row
        rows.append(piece)
    # Each piece starts a row; as many rows in the whole part means each piece holds
    # exactly one (no self-closing row inside it) and no row lies outside sheetData.
    if len(ANY_ROW.findall(data)) != len(rows):
        return None
    return rows


def _well_formed(data: bytes) -> None:
    """Raise ExpatError unless the part is well-formed XML with bound prefixes."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.Parse(data, True)


SHEET_ROWS = SheetRows()
