"""Bytes of a legacy file -> SourceSheets, one small reader per format.

Readers take bytes, not paths, so a worker on another machine (a Dask cluster) can
import a file it cannot see, and so the source file is opened exactly once, by the
caller, read-only. Each reader keeps values as the cell holds them; a number shown
as a percentage becomes text like '20%' so its unit is not guessed later.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable
from typing import Any

from jobzone.engine.core.errors import WorkbookError
from jobzone.workbooks.legacy.grid import CellValue, Merged, SourceSheet, sheet_from_rows
from jobzone.workbooks.legacy.values import ValueProblem, number, plain

MAX_ROWS = 20_000
MAX_COLUMNS = 200
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


class FormatProblem(ValueError):
    """The bytes are not a readable file of the format their name says."""


def _percent_text(value: CellValue) -> CellValue:
    """A %-formatted number as the text it shows; one no figure can be stays as it is,
    for the column's reader to refuse by name."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return f"{plain(number(value) * 100)}%"
        except ValueProblem:
            return value
    return value


def _bounded_merges(name: str, merged: list[Merged]) -> list[Merged]:
    """Merged ranges, refused when together they cover more cells than the cell limit.

    Readers fill every cell a merged range covers (a header spread over columns), so
    a few bytes declaring one range over a whole sheet would cost gigabytes.
    """
    from jobzone.engine.core.limits import Limits

    limit = Limits.from_env().max_cells
    area = sum((m.last_row - m.first_row + 1) * (m.last_column - m.first_column + 1)
               for m in merged)
    if area > limit:
        raise FormatProblem(f"sheet {name!r} has merged ranges covering {area:,} cells "
                            f"(limit {limit:,}, JOBZONE_MAX_CELLS)")
    return merged


def _bounded(name: str, rows: int, columns: int) -> None:
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise FormatProblem(f"sheet {name!r} has {rows} rows x {columns} columns; an "
                            f"assessment fits in {MAX_ROWS} x {MAX_COLUMNS}")


def read_xlsx(data: bytes, file: str, notices: list[WorkbookError] | None = None
              ) -> list[SourceSheet]:
    """Cached values (what Excel last showed); the archive guard runs before openpyxl parses.

    Macros, external links and DDE in the file are never run or followed; the guard's
    notices about them are appended to `notices` for the report.
    """
    from jobzone.workbooks.reader import workbook_from_bytes

    workbook = workbook_from_bytes(data, file, data_only=True, notices=notices)
    sheets = []
    for ws in workbook.worksheets:
        _bounded(ws.title, ws.max_row, ws.max_column)
        rows: dict[int, dict[int, CellValue]] = {}
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                if "%" in (cell.number_format or ""):
                    value = _percent_text(value)
                elif not isinstance(value, str | int | float | bool):
                    value = str(value)  # dates and times: kept as their text
                rows.setdefault(cell.row, {})[cell.column] = value
        merged = [Merged(r.min_row, r.min_col, r.max_row, r.max_col)
                  for r in ws.merged_cells.ranges]
        sheets.append(SourceSheet(ws.title, rows, _bounded_merges(ws.title, merged)))
    return sheets


def read_xls(data: bytes, file: str, notices: list[WorkbookError] | None = None
             ) -> list[SourceSheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError, struct and index errors on damage
        raise FormatProblem(f"cannot be opened as an .xls workbook ({exc})") from None
    try:
        return _xls_sheets(book)
    except FormatProblem:
        raise
    except Exception as exc:  # on_demand: each sheet is parsed, and its damage met, here
        raise FormatProblem(f"cannot be read as an .xls workbook ({type(exc).__name__}: "
                            f"{exc})") from None


def _xls_sheets(book: Any) -> list[SourceSheet]:
    import xlrd

    percent_formats = {key for key, fmt in book.format_map.items() if "%" in (fmt.format_str or "")}
    sheets = []
    for index in range(book.nsheets):
        sh = book.sheet_by_index(index)
        _bounded(sh.name, sh.nrows, sh.ncols)
        merged = _bounded_merges(sh.name, [Merged(rlo + 1, clo + 1, rhi, chi)
                                           for rlo, rhi, clo, chi in sh.merged_cells])
        rows: dict[int, dict[int, CellValue]] = {}
        for r in range(sh.nrows):
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                value: CellValue = cell.value
                if cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    value = xlrd.error_text_from_code.get(cell.value, "#ERR")
                elif cell.ctype == xlrd.XL_CELL_NUMBER and \
                        book.xf_list[cell.xf_index].format_key in percent_formats:
                    value = _percent_text(value)
                if isinstance(value, str) and not value.strip():
                    continue
                rows.setdefault(r + 1, {})[c + 1] = value
        sheets.append(SourceSheet(sh.name, rows, merged))
    return sheets


def read_ods(data: bytes, file: str, notices: list[WorkbookError] | None = None
             ) -> list[SourceSheet]:
    from python_calamine import CalamineWorkbook

    from jobzone.engine.core.limits import Limits
    from jobzone.workbooks.guard.archive_guard import refuse_unsafe_archive

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FormatProblem("not an .ods spreadsheet (not a zip archive)")
    found = refuse_unsafe_archive(data, file, Limits.from_env())
    if notices is not None:
        notices.extend(found)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises CalamineError and ValueError on damage
        raise FormatProblem(f"cannot be opened as an .ods spreadsheet ({exc})") from None
    try:
        merges = _ods_merges(data)
    except (SyntaxError, ValueError, KeyError, zipfile.BadZipFile, EOFError, OSError) as exc:
        # ParseError is a SyntaxError; defusedxml's refusals are ValueErrors
        raise FormatProblem(f"damaged .ods content ({type(exc).__name__}: {exc})") from None
    sheets = []
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        _bounded(name, sheet.height, sheet.width)
        values = sheet.to_python(skip_empty_area=False)
        rows: list[list[CellValue]] = [
            [v if isinstance(v, str | int | float | bool) or v is None else str(v) for v in row]
            for row in values]
        sheets.append(sheet_from_rows(name, rows, _bounded_merges(name, merges.get(name, []))))
    return sheets


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_merges(data: bytes) -> dict[str, list[Merged]]:
    """Merged ranges of each table in an .ods (calamine does not report them for ODS).

    Streams content.xml, counting rows and cells with their repeat attributes; a cell
    with a column or row span is a merged range.
    """
    from defusedxml.ElementTree import iterparse

    merges: dict[str, list[Merged]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as xml:
        table, row, column = "", 0, 0
        for event, element in iterparse(xml, events=("start", "end")):
            tag = element.tag
            if event == "start" and tag == f"{_TABLE}table":
                table, row = element.get(f"{_TABLE}name", ""), 0
            elif event == "start" and tag == f"{_TABLE}table-row":
                column = 0
            elif event == "end" and tag == f"{_TABLE}table-row":
                row += int(element.get(f"{_TABLE}number-rows-repeated", "1"))
                element.clear()
            elif event == "start" and tag in (f"{_TABLE}table-cell",
                                              f"{_TABLE}covered-table-cell"):
                columns = int(element.get(f"{_TABLE}number-columns-spanned", "1"))
                rows = int(element.get(f"{_TABLE}number-rows-spanned", "1"))
                if columns > 1 or rows > 1:
                    merges.setdefault(table, []).append(
                        Merged(row + 1, column + 1, row + rows, column + columns))
                column += int(element.get(f"{_TABLE}number-columns-repeated", "1"))
    return merges


UTF16_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def text_encoding(data: bytes) -> str:
    """The encoding of an exported text file, by rule, in this order:

    a UTF-32 or UTF-16 byte-order mark (Excel's "Unicode text" is UTF-16 LE with one);
    UTF-16 without one when every other byte of the start is NUL (an ASCII text in
    UTF-16); UTF-8 (with or without a mark) when the bytes decode as UTF-8; else
    Windows-1252, as old Excel exports on Windows are.
    """
    for bom, name in UTF16_BOMS:
        if data.startswith(bom):
            return name
    head = data[:200]
    if len(head) >= 4 and head[1::2].count(0) >= len(head) // 2 - 1 and 0 not in head[::2]:
        return "utf-16-le"
    if len(head) >= 4 and head[::2].count(0) >= len(head) // 2 - 1 and 0 not in head[1::2]:
        return "utf-16-be"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def decode_text(data: bytes) -> str:
    """An exported text file's text (see `text_encoding` for the rules)."""
    encoding = text_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:  # a damaged file: every readable character still counts
        return data.decode(encoding, errors="replace")


def _delimiter(text: str) -> str:
    """The delimiter that splits most of the first lines into several fields (quotes
    honoured); between two that split as many lines, the one that makes the most fields
    (a decimal-comma locale's "1,0" splits a line in two on commas; its tabs or
    semicolons split it further), then the first of `,` `;` tab `|`.

    csv.Sniffer guesses wrong on prose with commas and quotes, which assessments are full of.
    """
    sample = text[:16_384]
    best, best_key = ",", (-1, -1)
    for candidate in (",", ";", "\t", "|"):
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=candidate))
        except csv.Error:
            continue
        key = (sum(len(r) > 1 for r in rows), sum(len(r) for r in rows))
        if key > best_key:
            best, best_key = candidate, key
    return best


def read_csv(data: bytes, name: str) -> list[SourceSheet]:
    text = decode_text(data)
    if "\0" in text:
        raise FormatProblem("not a text file (it holds NUL bytes)")
    delimiter = _delimiter(text)
    try:  # newline="": a bare CR (old Mac exports) ends a row instead of breaking the reader
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:  # e.g. a field longer than the csv module's limit
        raise FormatProblem(f"not a readable CSV file ({exc})") from None
    _bounded(name, len(rows), max((len(r) for r in rows), default=0))
    return [sheet_from_rows(name, [[cell for cell in row] for row in rows])]


READERS: dict[str, Callable[[bytes, str, list[WorkbookError] | None], list[SourceSheet]]] = {
    ".xlsx": read_xlsx, ".xlsm": read_xlsx, ".xls": read_xls, ".ods": read_ods,
}


def read_spreadsheet(data: bytes, suffix: str, file: str, name: str,
                     notices: list[WorkbookError] | None = None) -> list[SourceSheet]:
    """The sheets of one file; raises FormatProblem or a located WorkbookError."""
    if suffix == ".csv":
        return read_csv(data, name)
    return READERS[suffix](data, file, notices)
