"""Load only what a check reads from a workbook: cells, defined names, calculation, dates.

openpyxl's `load_workbook` builds every object of a workbook (styles, theme,
charts, sheet views, conditional formats, data validations) and parses its XML
with defusedxml's pure-Python parser: about 18 ms of CPU for a canonical workbook,
half of a whole `jobzone check`. The check reads cell values and formulas, the
defined names, the calculation mode and the date epoch, nothing else. This builds
a real openpyxl `Workbook` holding exactly those, with openpyxl's own element
readers (`WorkbookPackage`, `WorkSheetParser.parse_row`, `Text`) fed by the C
ElementTree parser: the same cells, values, data types and formulas in about 7 ms
(`bench/bulk_check.py` profiles it; `tests/test_cells_load.py` proves the sameness).

Safety: this runs only after the archive guard (`jobzone.workbooks.guard.archive_guard`) has
refused every part that declares a DTD, the one way to declare an entity, and
each part is checked for a DTD again right here before it is parsed; without a DTD
an XML parser has nothing to expand and nothing to fetch.

Whatever would make openpyxl's cells differ from a plain read of the sheet XML
(merged ranges, whose covered cells openpyxl blanks; hyperlinks and comments,
for which it creates cells; chartsheets; a sheet without its part; a style index
out of range, which openpyxl refuses), and anything unexpected at all, returns
None: the caller then loads the file with openpyxl as before. Parts the check
never reads (themes, drawings, sheet views, page setup, formats beyond the number
formats that turn numbers into dates) are not parsed, so a workbook whose page
setup openpyxl cannot parse is still checked here.
"""

from __future__ import annotations

import copy
import datetime
import functools
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from jobzone.workbooks.fastload.lean_sheet import LeanWorkbook, add_lean_sheet
from jobzone.workbooks.fastload.recent import Recent
from jobzone.workbooks.fastload.sheet_cells import MAIN, plain_cells
from jobzone.workbooks.fastload.sheet_rows import SHARED_STRING, SHEET_ROWS
from jobzone.workbooks.guard.archive_guard import InflatedArchive
from jobzone.workbooks.guard.part_scan import ERROR_MARK, has_dtd

STYLES_PART = "xl/styles.xml"  # where openpyxl looks for it, whatever the manifest says
# Elements for which openpyxl blanks cells (merged ranges) or creates them (hyperlinks).
CELL_CHANGING = re.compile(rb"<(?:[^\s<>/:!?=\"']+:)?(?:mergeCell|hyperlink)[\s/>]")


class Unsupported(Exception):
    """A construct this loader leaves to openpyxl's full load."""


def cells_workbook(data: bytes, inflated: InflatedArchive | None = None) -> Any | None:
    """An openpyxl Workbook of the cells, names and settings in `data`; None: use openpyxl.

    `data` must have passed the archive guard; `inflated`, its members as the guard
    read them (`ArchiveReport.inflated`), saves inflating them again. Never raises:
    a file this loader does not handle, or cannot read, is openpyxl's to read (or
    to refuse, with the error the caller already reports).
    """
    try:
        if inflated is not None:
            return _load(inflated)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _load(archive)
    except Exception:  # unexpected content: openpyxl's full load decides, as without this
        return None


Archive = zipfile.ZipFile | InflatedArchive  # what the loader reads members from


def _part(archive: Archive, name: str) -> bytes:
    data = archive.read(name)
    if has_dtd(data):
        raise Unsupported(f"{name} declares a DTD")
    return data


def _load(archive: Archive) -> Any:
    from openpyxl.packaging.relationship import get_rels_path
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    names = set(archive.namelist())
    manifest = _manifest_of(_part(archive, "[Content_Types].xml"))
    strings, strings_part = _shared_strings(archive, manifest)
    workbook_part = _find_workbook_part(manifest).PartName[1:]
    parsed = {"[Content_Types].xml", strings_part, workbook_part, STYLES_PART,
              get_rels_path(workbook_part)}
    package = _package_of(_part(archive, workbook_part))
    workbook = LeanWorkbook()
    if package.properties.date1904:
        workbook.epoch = CALENDAR_MAC_1904
    workbook.calculation = copy.copy(package.calcPr)
    styles = _number_styles(archive, names)
    if package.sheets:
        rels = get_rels_path(workbook_part)
        relations = _relations_of(_part(archive, rels), rels)
    for sheet in package.sheets:
        if not sheet.id:
            raise Unsupported(f"sheet {sheet.name!r} has no relationship id")
        relation = relations[sheet.id]
        if relation.target not in names or "chartsheet" in relation.Type:
            raise Unsupported(f"sheet {sheet.name!r} is not a worksheet part")
        comments = get_rels_path(relation.target)
        if comments in names and b"comments" in archive.read(comments):
            raise Unsupported(f"sheet {sheet.name!r} has comments")
        worksheet = add_lean_sheet(workbook, sheet.name)
        _read_cells(worksheet, _part(archive, relation.target), strings, styles)
        worksheet.sheet_state = sheet.state
        parsed.add(relation.target)
    _assign_names(workbook, package)
    WELL_FORMED.require(archive, names - parsed)
    workbook.holds_error_values = workbook.holds_error_values or _error_marked(archive)
    return workbook


def _error_marked(archive: Archive) -> bool:
    """Might a cell of this archive hold an error value, cached formula results included?

    The cells above show a plain cell's error value, but not a formula cell's cached one:
    those are found by a scan of the sheet XML for `t="e"` (`jobzone.workbooks.cached_values`,
    about 0.6 ms a file, as it inflates every sheet again). No member holding that mark
    means the scan would find nothing; looking costs about 0.07 ms over the members the
    archive guard inflated (a zip file given instead has passed the guard, so its
    members may be inflated here).
    """
    return any(ERROR_MARK in archive.read(name) for name in archive.namelist())


# Parts that workbooks made from one template share byte for byte ([Content_Types].xml,
# workbook.xml with its defined names, the workbook's relationships) are parsed once and
# remembered by their exact bytes. What is kept is only read: each workbook gets its own
# copy of the calculation settings and of the name dictionaries; the DefinedName objects
# in them are shared, and nothing in jobzone changes a loaded name.
@functools.lru_cache(maxsize=16)
def _manifest_of(data: bytes) -> Any:
    from openpyxl.packaging.manifest import Manifest

    return Manifest.from_tree(ElementTree.fromstring(data))


@functools.lru_cache(maxsize=16)
def _package_of(data: bytes) -> Any:
    from openpyxl.packaging.workbook import WorkbookPackage

    root = ElementTree.fromstring(data)
    if root.tag != f"{MAIN}workbook":
        raise Unsupported("the workbook part is not a SpreadsheetML workbook")
    return WorkbookPackage.from_tree(root)


@functools.lru_cache(maxsize=16)
def _relations_of(data: bytes, name: str) -> dict[str, Any]:
    """openpyxl's `get_dependents` (targets made absolute), by id."""
    from openpyxl.packaging.relationship import get_dependents

    class OnePart:
        def read(self, _: str) -> bytes:
            return data

    return get_dependents(OnePart(), name).to_dict()


class WellFormedParts:
    """Every other XML part must parse, so a file openpyxl refuses as malformed stays refused.

    Parts that repeat across files (theme, chart, drawing) are remembered by the CRC-32
    and size the archive lists for them, so they are neither inflated nor parsed again.
    Skipping a part never parses it, so this memory cannot let an entity through.
    """

    def __init__(self, size: int = 256) -> None:
        self._seen: Recent[tuple[int, int], bool] = Recent(size)

    def require(self, archive: Archive, names: set[str]) -> None:
        for name in sorted(names):
            if not name.endswith((".xml", ".rels")):
                continue
            info = archive.getinfo(name)
            key = (info.CRC, info.file_size)
            if self._seen.get(key):
                continue
            ElementTree.fromstring(_part(archive, name))  # raises on malformed XML
            self._seen.put(key, True)


WELL_FORMED = WellFormedParts()


def _shared_strings(archive: Archive, manifest: Any) -> tuple[list[str], str]:
    """openpyxl's `read_string_table`, on the C parser; and the part's name ("" if none)."""
    from openpyxl.cell.text import Text
    from openpyxl.xml.constants import SHARED_STRINGS

    found = manifest.find(SHARED_STRINGS)
    if found is None:
        return [], ""
    strings = []
    for _, node in ElementTree.iterparse(io.BytesIO(_part(archive, found.PartName[1:]))):
        if node.tag == f"{MAIN}si":
            strings.append(Text.from_tree(node).content.replace("x005F_", ""))
            node.clear()
    return strings, found.PartName[1:]


@dataclass(frozen=True)
class NumberStyles:
    """Which cell styles hold dates or durations, as openpyxl's Stylesheet indexes them."""

    count: int = 1  # style indexes a cell may name (openpyxl refuses others)
    dates: frozenset[int] = frozenset()
    durations: frozenset[int] = frozenset()

    @functools.cached_property
    def dated(self) -> frozenset[int]:
        """Styles that make a number a date or a duration."""
        return self.dates | self.durations


def _number_styles(archive: Archive, names: set[str]) -> NumberStyles:
    """openpyxl's `Stylesheet._normalise_numbers`, reading only number formats and cellXfs."""
    return _number_styles_of(_part(archive, STYLES_PART)) if STYLES_PART in names \
        else NumberStyles()


@functools.lru_cache(maxsize=32)
def _number_styles_of(data: bytes) -> NumberStyles:
    """Cached by the part's bytes: workbooks made from one template share their stylesheet."""
    from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format

    root = ElementTree.fromstring(data)
    if root.tag != f"{MAIN}styleSheet":
        raise Unsupported("the stylesheet is not SpreadsheetML")
    custom: dict[int, str | None] = {}
    formats = root.find(f"{MAIN}numFmts")
    for number_format in formats.findall(f"{MAIN}numFmt") if formats is not None else ():
        custom[int(number_format.attrib["numFmtId"])] = number_format.get("formatCode")
    cell_formats = root.find(f"{MAIN}cellXfs")
    ids = [int(xf.get("numFmtId", 0)) for xf in cell_formats.findall(f"{MAIN}xf")] \
        if cell_formats is not None else []
    if not ids:
        return NumberStyles()  # openpyxl keeps its default style
    codes = [custom[i] if i in custom else builtin_format_code(i) for i in ids]
    return NumberStyles(len(ids),
                        frozenset(i for i, code in enumerate(codes) if is_date_format(code)),
                        frozenset(i for i, code in enumerate(codes) if is_timedelta_format(code)))


def _read_cells(worksheet: Any, data: bytes, strings: list[str], styles: NumberStyles) -> None:
    """openpyxl's `WorksheetReader.bind_cells`, rows parsed by its own `parse_row`."""
    from openpyxl.cell.cell import Cell

    cells = worksheet._cells
    parsed = PARSED_SHEETS.cells(data, strings, styles, worksheet.parent.epoch)
    if parsed.cached_formula_values:
        worksheet.parent.formulas_hold_values = True
    if parsed.error_values:
        worksheet.parent.holds_error_values = True
    new = Cell.__new__
    for row, column, value, data_type in parsed.cells:
        cell = new(Cell)  # Cell(worksheet, row, column) with its value, slot by slot (4x faster)
        cell.parent, cell.row, cell.column = worksheet, row, column
        cell._value, cell.data_type = value, data_type
        cell._style = cell._hyperlink = cell._comment = None
        cells[(row, column)] = cell
    if cells:
        worksheet._current_row = max(cells)[0]  # openpyxl's max_row: the highest row


ParsedCell = tuple[int, int, Any, str]  # row, column, value, data type


@dataclass(frozen=True)
class ParsedSheet:
    cells: tuple[ParsedCell, ...]
    cached_formula_values: bool  # does any formula cell hold the value it was last saved with?
    error_values: bool  # does any cell hold an error value (#REF!, #N/A, ...)?
IMMUTABLE = (str, int, float, bool, type(None), datetime.datetime, datetime.date,
             datetime.time, datetime.timedelta)


class ParsedSheets:
    """Sheet parts already parsed, remembered by their exact bytes.

    Workbooks made from one template repeat whole sheets byte for byte (the Rules
    sheet; the Score sheet of files never recalculated): the second time, their
    cells come from here instead of the XML parser. The key is the part's bytes
    themselves (not a checksum, which a crafted part could match), with the
    number styles and date epoch that shape its values. A part that reads shared
    strings (which live in another part) or holds any value other than a plain
    number, text, truth value or date is parsed every time.
    """

    def __init__(self, size: int = 64) -> None:
        self._seen: Recent[tuple[bytes, NumberStyles, Any], ParsedSheet] = Recent(size)

    def cells(self, data: bytes, strings: list[str], styles: NumberStyles, epoch: Any
              ) -> ParsedSheet:
        key = (data, styles, epoch)
        found = self._seen.get(key)
        if found is not None:
            return found
        parsed = _parse_cells(data, strings, styles, epoch)
        if not SHARED_STRING.search(data) and all(type(c[2]) in IMMUTABLE
                                                  for c in parsed.cells):
            self._seen.put(key, parsed)
        return parsed


def _parse_cells(data: bytes, strings: list[str], styles: NumberStyles, epoch: Any
                 ) -> ParsedSheet:
    from openpyxl.worksheet._reader import ROW_TAG, WorkSheetParser

    if CELL_CHANGING.search(data):
        raise Unsupported("the sheet has merged cells or hyperlinks")
    root = None
    plain = SHEET_ROWS.cells(data, strings, styles.count, styles.dated)
    if plain is None:
        root = ElementTree.fromstring(data)  # parts are bounded by the guard
        plain = plain_cells(root, strings, styles.count, styles.dated)
    if plain is not None:
        return ParsedSheet(tuple(plain.cells), plain.cached_formula_values,
                           any(c[3] == "e" for c in plain.cells))
    assert root is not None
    parser = WorkSheetParser(None, strings, False, epoch, styles.dates, styles.durations)
    parsed = []
    cached = False
    for element in root.iter(ROW_TAG):
        cached = cached or _formula_with_value(element)
        for found in parser.parse_row(element)[1]:
            if found["style_id"] >= styles.count:
                raise Unsupported(f"cell style {found['style_id']} is not in the stylesheet")
            parsed.append((found["row"], found["column"], found["value"], found["data_type"]))
    return ParsedSheet(tuple(parsed), cached, any(c[3] == "e" for c in parsed))


def _formula_with_value(row: ElementTree.Element) -> bool:
    """Might a formula cell of this row hold its cached result?

    A formula cell holds `<f>` and, once calculated, a `<v>` with text or an inline
    `<is>`; openpyxl writes an empty `<v/>`, which holds nothing. Any other element
    beside the formula counts as a value, so nothing cached is missed.
    """
    for cell in row:
        if len(cell) > 1 and cell.find(FORMULA_TAG) is not None:
            for part in cell:
                if part.tag != FORMULA_TAG and (part.tag != VALUE_TAG or part.text):
                    return True
    return False


PARSED_SHEETS = ParsedSheets()
FORMULA_TAG, VALUE_TAG = f"{MAIN}f", f"{MAIN}v"


def _assign_names(workbook: Any, package: Any) -> None:
    """openpyxl's `WorkbookParser.assign_names`, without print titles and areas."""
    if not package.definedNames:
        return
    for index, names in package.definedNames.by_sheet().items():
        if index == "global":
            workbook.defined_names = names
            continue
        try:
            sheet = workbook._sheets[index]  # as openpyxl: a negative index counts from the end
        except IndexError:
            continue
        for name, definition in names.items():
            if definition.is_reserved is None:
                sheet.defined_names[name] = definition
