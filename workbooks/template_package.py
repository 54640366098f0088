"""The canonical workbook's package, built once per ruleset and patched per assessment.

Building a workbook with openpyxl styles every cell and serialises every part again
(~35 ms of an import's ~65 ms per file); yet for one ruleset only the input cells
differ from one assessment to the next. So the builder (`jobzone.workbooks.builder`)
writes the blank workbook once per process and ruleset, and each assessment is
written by splicing its input cells into that package's sheet XML: every other
byte (styles, formulas, names, validation, the chart, print setup) is the
builder's own.

Nothing is copied by hand. The input cells' addresses come from the layout
(`jobzone.workbooks.input_cells`); each cell's style is the one the builder gave it
in the blank workbook; a Notes row is what the builder writes for one narrative
section (a probe row, built and cut out again). An assessment whose text the
builder refuses (a control character, an over-long text, rows the layout lacks) is
not patched:
`patched_sheets` returns None and the caller builds it with the builder, which
says why. A formula-like text gets the quote-prefixed twin of its cell's style, as
the builder gives it, from a styles part that holds those twins. `tests/test_template_package.py`
holds the law: read back with openpyxl, the patched package equals the builder's
workbook cell for cell (values, formulas, styles), names and validation included.

The package's dates are fixed (`FIXED_TIME`) so the same assessment always gives
the same bytes, whenever and wherever it is written.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string

from jobzone.engine.core.model import Assessment, NarrativeSection
from jobzone.engine.core.ruleset import Ruleset
from jobzone.engine.core.text_safety import is_formula_like
from jobzone.workbooks import layout as L
from jobzone.workbooks.cached_values import _sheet_parts
from jobzone.workbooks.input_cells import (
    RATED_BLOCKS,
    CellValue,
    fixed_input_cells,
    input_cells,
    rated_items,
)
from jobzone.workbooks.package_values import typed_value
from jobzone.workbooks.zip_package import Member, deflated, zip_bytes

FIXED_TIME = datetime(1980, 1, 1)  # the ZIP format's first date: the package's dates
_ZIP_TIME = FIXED_TIME.timetuple()[:6]
_STYLE = re.compile(r'\ss="(\d+)"')
STYLES_PART = "xl/styles.xml"
CORE_PART = "docProps/core.xml"
_W3CDTF = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")
_DIMENSION = re.compile(r'<dimension ref="([A-Z]+)1:([A-Z]+)(\d+)"\s*/>')


@dataclass(frozen=True)
class Slot:
    """A cell of a sheet whose XML changes per assessment: an input cell (its style id),
    or a formula cell (its element without a type, its formula, its blank element)."""

    sheet: str
    ref: str
    style: str = ""
    attributes: str = ""  # a formula cell's attributes, its `t` removed
    formula: str = ""  # a formula cell's <f> element
    blank: str = ""  # a formula cell as the builder wrote it (no cached value)


@dataclass(frozen=True)
class SheetTemplate:
    """One sheet's XML cut at its slots: pieces[0], slot 0, pieces[1], slot 1 ..."""

    pieces: tuple[str, ...]
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class NotesTemplate:
    """Where Notes rows go, and the row the builder writes for one section."""

    head: str  # the sheet's XML up to its dimension's last row number
    middle: str  # ... from there to the end of its last row
    tail: str  # ... from the end of sheetData on
    blank_last_row: int
    row_open: str  # the probe row's `<row ...>` with its number as {row}
    styles: tuple[str, str]  # style ids of the title and text cells


@dataclass(frozen=True, eq=False)  # one per ruleset and process: hashed by identity
class Template:
    """The blank workbook's package, ready to be patched (`patched_sheets`)."""

    members: tuple[tuple[zipfile.ZipInfo, bytes], ...]
    sheets: dict[str, SheetTemplate]  # part name -> template, every sheet but Notes
    parts: dict[str, str]  # sheet name -> part name
    notes: NotesTemplate
    workbook: Any  # the blank openpyxl workbook the package was saved from
    # for texts the builder quote-prefixes (they start like a formula): the style id of
    # each input style with the prefix, and the styles part that holds those styles too
    quoted: dict[str, str]
    quoted_styles: bytes


@lru_cache(maxsize=8)
def template_for(rules: Ruleset) -> Template:
    """The template of a ruleset, built on first use in each process (keyed by the
    ruleset, so a run that writes several rulesets keeps one template each)."""
    from jobzone.workbooks.builder import build_workbook, write_note_rows

    workbook = build_workbook(None, rules)
    blank = _saved(workbook)
    probe = build_workbook(None, rules)
    write_note_rows(probe[L.NOTES], (NarrativeSection("probe", "probe"),))
    with zipfile.ZipFile(io.BytesIO(blank)) as archive, \
            zipfile.ZipFile(io.BytesIO(_saved(probe))) as probed:
        parts = _sheet_parts(archive)
        members = tuple((info, fixed_dates(archive.read(info)) if info.filename == CORE_PART
                         else archive.read(info)) for info in archive.infolist())
        notes = _notes_template(archive.read(parts[L.NOTES]).decode(),
                                probed.read(parts[L.NOTES]).decode())
        if probed.read(STYLES_PART) != archive.read(STYLES_PART):
            raise LookupError("a Notes row adds a style the blank workbook lacks")
    by_sheet: dict[str, list[str]] = {}
    for sheet, ref in fixed_input_cells():
        by_sheet.setdefault(sheet, []).append(ref)
    contents = {info.filename: data for info, data in members}
    sheets = {parts[sheet]: _cut(contents[parts[sheet]].decode(), sheet,
                                 set(by_sheet.get(sheet, ())))
              for sheet in L.SHEET_ORDER if sheet != L.NOTES}
    used = {slot.style for cut in sheets.values() for slot in cut.slots if slot.style} \
        | set(notes.styles)
    quoted = _quoted_styles(workbook, used)
    with zipfile.ZipFile(io.BytesIO(_saved(workbook))) as archive:
        quoted_styles = archive.read(STYLES_PART)
    return Template(members, sheets, parts, notes, workbook, quoted, quoted_styles)


def _quoted_styles(workbook: Any, used: set[str]) -> dict[str, str]:
    """Each input style's quote-prefixed twin, registered in the workbook's styles the
    way openpyxl registers `cell.quotePrefix = True` (the builder's formula-like text)."""
    from copy import copy

    quoted = {}
    for style in sorted(used, key=int):
        twin = copy(workbook._cell_styles[int(style)])
        twin.quotePrefix = 1
        quoted[style] = str(workbook._cell_styles.add(twin))
    return quoted


def fixed_dates(core: bytes) -> bytes:
    """docProps/core.xml with its created and modified dates FIXED_TIME (openpyxl dates
    a package when it saves it)."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return _W3CDTF.sub(lambda m: m.group(1) + stamp + m.group(2), core)


def _saved(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_pattern(ref: str) -> re.Pattern[str]:
    return re.compile(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', re.S)


_CELL = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(r'\br="([A-Z]+[0-9]+)"')
_TYPE = re.compile(r'\s+t="[^"]*"')
_FORMULA = re.compile(r"<f\b[^>]*/>|<f\b[^>]*>.*?</f>", re.S)


def _cut(xml: str, sheet: str, inputs: set[str]) -> SheetTemplate:
    """The sheet cut at each input cell and each formula cell. Every input cell must be
    there (the builder styles every input cell, blank or not), else the layout and
    the builder disagree."""
    pieces, slots, at, seen = [], [], 0, set()
    for match in _CELL.finditer(xml):
        ref = _REF.search(match.group(1))
        body = match.group(2) or ""
        formula = _FORMULA.search(body)
        if ref is None or (ref.group(1) not in inputs and formula is None):
            continue
        if ref.group(1) in inputs:
            style = _STYLE.search(match.group(1))
            if style is None:
                break
            slot = Slot(sheet, ref.group(1), style.group(1))
            seen.add(ref.group(1))
        else:
            slot = Slot(sheet, ref.group(1), attributes=_TYPE.sub("", match.group(1)),
                        formula=formula.group(0) if formula else "", blank=match.group(0))
        pieces.append(xml[at:match.start()])
        slots.append(slot)
        at = match.end()
    if seen != inputs:
        missing = ", ".join(sorted(inputs - seen))
        raise LookupError(f"the builder wrote no styled input cell {sheet}!{missing}")
    pieces.append(xml[at:])
    return SheetTemplate(tuple(pieces), tuple(slots))


def _notes_template(blank: str, probed: str) -> NotesTemplate:
    """Notes rows as the builder writes them: the probe row's opening tag and its
    cells' styles, and the blank sheet cut where rows and the dimension go."""
    row = L.NOTES_FIRST_ROW
    found = re.search(rf'(<row r="{row}"[^>]*>)(.*?)</row>', probed, re.S)
    dimension = _DIMENSION.search(blank)
    end = blank.find("</sheetData>")
    if found is None or dimension is None or end < 0:
        raise LookupError("the builder's Notes sheet has no probe row or no dimension")
    styles = []
    for column in (L.NOTES_TITLE_COLUMN, L.NOTES_TEXT_COLUMN):
        cell = _cell_pattern(f"{column}{row}").search(found.group(2))
        style = _STYLE.search(cell.group(0)) if cell else None
        if style is None:
            raise LookupError(f"the builder's Notes probe row has no styled {column}{row}")
        styles.append(style.group(1))
    row_open = found.group(1).replace(f'r="{row}"', 'r="{row}"')
    return NotesTemplate(blank[:dimension.start(3)], blank[dimension.end(3):end],
                         blank[end:], int(dimension.group(3)), row_open,
                         (styles[0], styles[1]))


def cell_xml(ref: str, style: str, value: Any) -> str:
    """One cell as openpyxl writes it (`openpyxl.cell._writer`): blank, text or number."""
    if value is None:
        return f'<c r="{ref}" s="{style}" t="n" />'
    if isinstance(value, str):
        if value == "":
            return f'<c r="{ref}" s="{style}" t="inlineStr" />'
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        return (f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{escape(value)}'
                "</t></is></c>")
    return f'<c r="{ref}" s="{style}" t="n"><v>{safe_string(value)}</v></c>'


def writable(cells: list[CellValue]) -> bool:
    """Would the builder write every text? (It refuses control characters and texts
    longer than a cell holds, with a finding the caller gets from the builder itself.)"""
    from jobzone.workbooks.cell_writing import MAX_CELL_TEXT

    return not any(isinstance(value, str) and (
        len(value) > MAX_CELL_TEXT or ILLEGAL_CHARACTERS_RE.search(value) is not None)
        for _, _, value in cells)


def fits(assessment: Assessment) -> bool:
    """Does the assessment have the rows the layout has? (The builder refuses one that
    has too many tasks, or not exactly a block's count of rated items.)"""
    return len(assessment.tasks) <= L.TASK_CAPACITY and all(
        len(rated_items(assessment, block)) == block.count for block in RATED_BLOCKS)


def patched_sheets(template: Template, assessment: Assessment,
                   cached: Mapping[tuple[str, str], Any]) -> dict[str, bytes] | None:
    """Each sheet part with the assessment's input values spliced in and each formula
    cell's value (`cached`: (sheet, cell) -> value) stored as `with_cached_values` stores
    it; None when the builder must write this assessment (see `writable`)."""
    cells = input_cells(assessment)
    if not writable(cells) or not fits(assessment):
        return None
    values = {(sheet, ref): value for sheet, ref, value in cells}
    quoted = {cell for cell, value in values.items()
              if isinstance(value, str) and is_formula_like(value)}

    def render(sheet: str, ref: str, style: str) -> str:
        if (sheet, ref) in quoted:
            style = template.quoted[style]
        return cell_xml(ref, style, values[(sheet, ref)])

    out: dict[str, bytes] = {}
    for part, sheet_template in template.sheets.items():
        chunks = [sheet_template.pieces[0]]
        for slot, piece in zip(sheet_template.slots, sheet_template.pieces[1:], strict=True):
            if slot.style:
                chunks.append(render(slot.sheet, slot.ref, slot.style))
            else:
                chunks.append(_cached_cell(slot, cached.get((slot.sheet, slot.ref))))
            chunks.append(piece)
        out[part] = "".join(chunks).encode("utf-8")
    out[template.parts[L.NOTES]] = _notes_xml(template.notes, len(assessment.narrative),
                                              render)
    if quoted:
        out[STYLES_PART] = template.quoted_styles
    return out


def _cached_cell(slot: Slot, value: Any) -> str:
    """A formula cell with its value, as `jobzone.workbooks.package_values.patch_sheet`
    writes it; without a value, as the builder wrote it."""
    if value is None:
        return slot.blank
    kind, text = typed_value(value)
    return (f"<c{slot.attributes}{kind.decode()}>{slot.formula}<v>{text.decode('utf-8')}"
            "</v></c>")


def _notes_xml(notes: NotesTemplate, sections: int,
               render: Callable[[str, str, str], str]) -> bytes:
    rows = []
    for offset in range(sections):
        row = L.NOTES_FIRST_ROW + offset
        rows.append(notes.row_open.replace("{row}", str(row))
                    + render(L.NOTES, f"{L.NOTES_TITLE_COLUMN}{row}", notes.styles[0])
                    + render(L.NOTES, f"{L.NOTES_TEXT_COLUMN}{row}", notes.styles[1])
                    + "</row>")
    last = max(notes.blank_last_row, L.NOTES_FIRST_ROW + sections - 1)
    return (notes.head + str(last) + notes.middle + "".join(rows) + notes.tail).encode("utf-8")


def package(template: Template, replaced: dict[str, bytes]) -> bytes:
    """The template's package with `replaced` parts (name -> bytes), members in the
    template's order, each dated FIXED_TIME: the same parts give the same bytes."""
    return _zipped((info, replaced.get(info.filename, data)) for info, data in template.members)


def dated(data: bytes) -> bytes:
    """Any package of openpyxl's with the dates a template package has (`FIXED_TIME`), so
    a workbook the builder writes is as reproducible as a patched one."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return _zipped((info, fixed_dates(archive.read(info)) if info.filename == CORE_PART
                        else archive.read(info)) for info in archive.infolist())


def _zipped(members: Iterable[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    """The members zipped as `zipfile` would, each dated FIXED_TIME; a member that is the
    template's own bytes object is deflated once a process (`jobzone.workbooks.zip_package`)."""
    return zip_bytes(Member(info.filename, _ZIP_TIME, info.external_attr,
                            deflated(info.filename, data, info.compress_type))
                     for info, data in members)
