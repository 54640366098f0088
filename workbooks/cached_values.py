"""The values a workbook's cells held when Excel or LibreOffice last saved it.

openpyxl drops a formula cell's cached value unless the whole file is parsed a
second time (`data_only=True`, ~20 ms); python-calamine reads a sheet's cached
values in a tenth of a millisecond, and only the sheets asked for are read (the check
asks for its named results, on one sheet of nine: 0.13 ms of the 1.1 ms all nine take).
Calamine reads error values (#REF!, #DIV/0!, ...) as empty strings (python-calamine
issue #105), so error cells are found by a scan of the sheet XML, which only runs when
the file holds one.
Files written by openpyxl have no cached values at all: every formula reads as
None here, which callers report as "never calculated", not as a disagreement.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from jobzone.workbooks.guard.part_scan import ERROR_MARK

_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')


@dataclass(frozen=True)
class CachedValues:
    """Cached values by sheet name; `value` gives one cell's, errors as their text.

    `workbook`, when given, is calamine's open workbook: a sheet not in `grids` is read
    from it when first asked for. A sheet calamine cannot read holds no values; the
    others keep theirs. (Read all at once, one unreadable sheet used to make the whole
    file "never calculated", JZ413, hiding a stale value on a readable sheet, JZ410:
    `tests/test_check_agreement.py` keeps the new answer.)
    """

    grids: dict[str, list[list[Any]]] = field(default_factory=dict)
    errors: dict[tuple[str, str], str] = field(default_factory=dict)
    workbook: Any = field(default=None, compare=False, repr=False)

    def value(self, sheet: str, row: int, column: int) -> Any:
        """The cached value at a 1-based row and column; None when blank or never calculated."""
        error = self.errors.get((sheet, _coordinate(row, column)))
        if error is not None:
            return error
        grid = self.grids.get(sheet)
        if grid is None and self.workbook is not None:
            grid = self.grids[sheet] = _grid(self.workbook, sheet)
        if grid is None or row > len(grid) or column > len(grid[row - 1]):
            return None
        value = grid[row - 1][column - 1]
        return None if value == "" else value


def _coordinate(row: int, column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def read_cached_values(data: bytes, formulas_hold_values: bool = True,
                       error_values: bool = True) -> CachedValues | None:
    """Every sheet's cached values, or None when the bytes are not a readable workbook.

    `formulas_hold_values` False: the caller parsed every sheet and no formula cell
    holds a value (a file written by openpyxl, such as `jobzone new` makes), so
    calamine would read every formula cell as blank; calamine's read of the whole file
    is saved. `error_values` False: the caller knows no part of the file marks a cell
    as holding an error value (`t="e"`), so the error-value scan is saved.
    """
    if not formulas_hold_values:
        return CachedValues({}, _error_cells(data) if error_values else {})
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # calamine raises its own types and plain ValueErrors alike
        return None
    return CachedValues({}, _error_cells(data) if error_values else {}, workbook)


def _grid(workbook: Any, sheet: str) -> list[list[Any]]:
    """One sheet's cached values as calamine reads them; none for a sheet it has not, or
    cannot read (the check then reports the sheet's formulas as never calculated)."""
    if sheet not in workbook.sheet_names:
        return []
    try:
        return workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception:  # calamine raises its own types and plain ValueErrors alike
        return []


def _attributes(raw: bytes) -> dict[str, str]:
    return {key.decode().split(":")[-1]: value.decode()
            for key, value in _ATTRIBUTE.findall(raw)}


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part, from workbook.xml and its relationships."""
    workbook = archive.read("xl/workbook.xml")
    rels = archive.read("xl/_rels/workbook.xml.rels")
    targets = {}
    for match in _RELATIONSHIP.finditer(rels):
        attrs = _attributes(match.group(1))
        if "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            targets[attrs["Id"]] = (target.lstrip("/") if target.startswith("/")
                                    else posixpath.normpath(posixpath.join("xl", target)))
    parts = {}
    for match in _SHEET.finditer(workbook):
        attrs = _attributes(match.group(1))
        part = targets.get(attrs.get("id", ""))
        if "name" in attrs and part:
            parts[_unescape(attrs["name"])] = part
    return parts


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _error_cells(data: bytes) -> dict[tuple[str, str], str]:
    """(sheet, cell) -> error text of every cell whose cached value is an error."""
    errors: dict[tuple[str, str], str] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for sheet, part in _sheet_parts(archive).items():
                xml = archive.read(part)
                if ERROR_MARK not in xml:
                    continue
                for match in _CELL.finditer(xml):
                    attributes, body = match.groups()
                    if ERROR_MARK not in attributes:
                        continue
                    ref, value = _REF.search(attributes), _VALUE.search(body)
                    if ref and value and value.group(1):  # <v></v> holds none, as loaded
                        errors[(sheet, ref.group(1).decode())] = value.group(1).decode()
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return {}
    return errors
