"""Read an Assessment back from a canonical workbook.

Reads input cells by the layout's addresses and converts them strictly: a number
cell must hold a number, a whole-number scale a whole number. Every problem is
collected with its file, sheet and cell, so one run reports them all. Ranges,
vocabularies and cross-sheet rules are the schemas' job (`schemas`), not this one.
"""

from __future__ import annotations

import functools
import sys
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jobzone.engine.core.errors import Location, WorkbookError
from jobzone.engine.core.limits import Limits
from jobzone.engine.core.model import Assessment, NarrativeSection, Override, Rated, Role, Task
from jobzone.engine.core.rounding import decimal_from_float
from jobzone.workbooks import layout as L
from jobzone.workbooks.cell_access import peek
from jobzone.workbooks.guard.archive_guard import inspect_archive, require_defused_xml
from jobzone.workbooks.guard.size_limits import refuse_oversized

LEGACY_SUFFIXES = {".xls", ".ods", ".csv", ".txt", ".md", ".xlsb"}
PERCENT = Decimal(100)


@dataclass
class ReadProblems:
    """Problems found while reading, each located to a cell."""

    file: str
    errors: list[WorkbookError] = field(default_factory=list)

    def add(self, sheet: str | None, ref: str | None, message: str, code: str = "JZ101") -> None:
        self.errors.append(WorkbookError(Location(self.file, sheet, ref), message, code))


class AssessmentReadError(Exception):
    """The workbook could not be turned into an Assessment; carries every problem."""

    def __init__(self, problems: list[WorkbookError]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def open_workbook(path: Path, data_only: bool = False, limits: Limits | None = None) -> Any:
    """Load with openpyxl, turning every failure into a located, readable error."""
    limits = limits or Limits.from_env()
    return workbook_from_bytes(read_workbook_bytes(path, limits), str(path), data_only, limits)


# The path that names standard input, as ruff and most command-line tools read it.
STDIN = "-"


def read_workbook_bytes(path: Path, limits: Limits | None = None) -> bytes:
    """The file's bytes, read once; a legacy suffix or an unreadable path is a located error.

    Reading once lets a check take every view of the file (formulas, cached values,
    archive members) from the same version, even if the file changes or vanishes.
    """
    location = Location(str(path))
    limit = (limits or Limits.from_env()).max_file_bytes
    if str(path) == STDIN:
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise WorkbookError(location, f"standard input is larger than {limit:,} bytes "
                                "(JOBZONE_MAX_FILE_BYTES)", "JZ010")
        return data
    suffix = path.suffix.lower()
    if suffix in LEGACY_SUFFIXES:
        raise WorkbookError(location, f"{suffix} is not a canonical .xlsx workbook; "
                            "convert it with `jobzone import`", "JZ002")
    if path.is_dir():
        raise WorkbookError(location, "is a directory, not a workbook", "JZ003")
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # bounded: a huge file is refused, never slurped
    except FileNotFoundError:
        raise WorkbookError(location, "no such file", "JZ003") from None
    except OSError as exc:
        raise WorkbookError(location, f"cannot be read: {exc.strerror}", "JZ003") from None
    if len(data) > limit:
        raise WorkbookError(location, f"file is larger than {limit:,} bytes "
                            "(JOBZONE_MAX_FILE_BYTES)", "JZ010")
    return data


def workbook_from_bytes(data: bytes, file: str, data_only: bool = False,
                        limits: Limits | None = None,
                        notices: list[WorkbookError] | None = None,
                        cells_only: bool = False) -> Any:
    """Load a workbook's bytes with openpyxl; empty, encrypted or broken data is a located error.

    The archive guard's notices (macros, links, embedded objects) are appended to
    `notices` when a list is given, so a check reports them without a second scan.
    `cells_only`: only cells, defined names and settings (`jobzone.workbooks.fastload.cells_load`,
    about twice as fast), for callers such as `jobzone check` that read nothing else.
    """
    import io

    from openpyxl import load_workbook

    from jobzone.workbooks.fastload.cells_load import cells_workbook

    location = Location(file)
    if not data:
        raise WorkbookError(location, "is empty (0 bytes)", "JZ004")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise WorkbookError(location, "is an OLE2 file: a password-protected (encrypted) "
                            "workbook or a legacy .xls; remove the password or use "
                            "`jobzone import`", "JZ005")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookError(location, "is not an .xlsx workbook (not a zip archive)", "JZ004")
    limits = limits or Limits.from_env()
    require_defused_xml(file)
    report = inspect_archive(data, file, limits)  # bombs and hostile XML, before parsing
    if report.refusals:
        raise report.refusals[0]
    if notices is not None:
        notices.extend(report.notices)
    workbook = cells_workbook(data, report.inflated()) if cells_only and not data_only else None
    try:
        if workbook is None:
            workbook = load_workbook(io.BytesIO(data), data_only=data_only, keep_links=False)
    except Exception as exc:  # untrusted bytes: any parser failure is the file's, not ours
        raise WorkbookError(location, f"could not be opened as a workbook "
                            f"({type(exc).__name__}: {exc})", "JZ004") from None
    refuse_oversized(workbook, file, limits)
    return workbook


def read_assessment(path: Path) -> Assessment:
    """The Assessment a canonical workbook holds; raises AssessmentReadError or WorkbookError."""
    workbook = open_workbook(Path(path))
    return assessment_from_workbook(workbook, str(path))


def assessment_from_workbook(workbook: Any, file: str) -> Assessment:
    problems = ReadProblems(file)
    missing = [name for name in L.INPUT_SHEETS if name not in workbook.sheetnames]
    for name in missing:
        problems.add(name, None, f"sheet {name!r} is missing (sheets present: "
                     f"{', '.join(workbook.sheetnames)})", "JZ102")
    if missing:
        raise AssessmentReadError(problems.errors)
    cells = _CellReader(workbook, problems)
    assessment = Assessment(
        role=_role(cells),
        principles=_rated(cells, L.PRINCIPLES_BLOCK),
        growth=_rated(cells, L.GROWTH_BLOCK)[0],
        tasks=_tasks(cells),
        evidence=_rated(cells, L.EVIDENCE_BLOCK),
        barriers=_rated(cells, L.BARRIERS_BLOCK),
        override=_override(cells),
        narrative=_narrative(cells, workbook[L.NOTES]),
    )
    if problems.errors:
        raise AssessmentReadError(problems.errors)
    return assessment


class _CellReader:
    """Typed access to input cells; type problems are recorded, not raised."""

    def __init__(self, workbook: Any, problems: ReadProblems) -> None:
        self.workbook = workbook
        self.problems = problems

    def raw(self, sheet: str, ref: str) -> Any:
        cell = peek(self.workbook[sheet], ref)
        value = cell.value
        if isinstance(value, str) and value.startswith("=") and cell.data_type == "f":
            self.problems.add(sheet, ref, f"input cell holds a formula ({value}); "
                              "type the value itself", "JZ103")
            return None
        return value

    def text(self, sheet: str, ref: str) -> str:
        value = self.raw(sheet, ref)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def whole(self, sheet: str, ref: str, required: bool = True) -> int | None:
        value = self.raw(sheet, ref)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problems.add(sheet, ref, "a score is required here", "JZ104")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problems.add(sheet, ref, f"expected a whole number, found text {value!r}",
                              "JZ105")
            return None
        if isinstance(value, float) and not value.is_integer():
            self.problems.add(sheet, ref, f"expected a whole number, found {value!r}", "JZ105")
            return None
        return int(value)

    def share(self, sheet: str, ref: str) -> Decimal | None:
        value = self.raw(sheet, ref)
        if value is None:
            self.problems.add(sheet, ref, "a time share is required for this task", "JZ104")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problems.add(sheet, ref, f"expected a percentage, found text {value!r}",
                              "JZ105")
            return None
        return (decimal_from_float(value) * PERCENT).normalize()


def _role(cells: _CellReader) -> Role:
    values = {f.attribute: cells.text(L.ROLE, L.cell(L.ROLE_VALUE_COLUMN, f.row))
              for f in L.ROLE_FIELDS}
    return Role(**values)


def _rated(cells: _CellReader, block: L.RatedBlock) -> tuple[Rated, ...]:
    items = []
    for row in block.rows():
        score = cells.whole(block.sheet, L.cell(block.score_column, row))
        items.append(Rated(
            name=cells.text(block.sheet, L.cell(block.name_column, row)),
            score=score if score is not None else 0,
            rationale=cells.text(block.sheet, L.cell(block.rationale_column, row)),
        ))
    return tuple(items)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


TASK_INPUTS = ("name", "time_share", "score", "label", "rationale")


@functools.lru_cache(maxsize=1)
def _task_input_columns() -> frozenset[int]:
    from openpyxl.utils.cell import column_index_from_string

    return frozenset(column_index_from_string(getattr(L.TASK_COLUMNS, field))
                     for field in TASK_INPUTS)


def read_task_rows(workbook: Any) -> tuple[int, ...]:
    """Excel rows of the non-blank task rows, in the order `_tasks` reads them.

    One pass over the sheet's stored cells (a blank row stores no non-blank input),
    instead of a lookup per row and column: the check asks this for every file.
    """
    rows = L.task_rows()
    first, last = rows[0], rows[-1]
    columns = _task_input_columns()
    filled = {row for (row, column), cell in workbook[L.TASKS]._cells.items()
              if first <= row <= last and column in columns and not _blank(cell.value)}
    return tuple(row for row in rows if row in filled)


def _tasks(cells: _CellReader) -> tuple[Task, ...]:
    tc = L.TASK_COLUMNS
    tasks = []
    for row in read_task_rows(cells.workbook):
        refs = {f: L.cell(getattr(tc, f), row) for f in TASK_INPUTS}
        name = cells.text(L.TASKS, refs["name"])
        share = cells.share(L.TASKS, refs["time_share"])
        score = cells.whole(L.TASKS, refs["score"])
        tasks.append(Task(
            name=name,
            time_share=share if share is not None else Decimal(0),
            score=score if score is not None else 0,
            label=cells.text(L.TASKS, refs["label"]),
            rationale=cells.text(L.TASKS, refs["rationale"]),
        ))
    return tuple(tasks)


def _override(cells: _CellReader) -> Override:
    col = L.OVERRIDE_VALUE_COLUMN
    zone = cells.text(L.OVERRIDE, L.cell(col, L.OVERRIDE_ZONE_ROW))
    reason = cells.text(L.OVERRIDE, L.cell(col, L.OVERRIDE_REASON_ROW))
    return Override(zone=zone or None, reason=reason)


def _narrative(cells: _CellReader, sheet: Any) -> tuple[NarrativeSection, ...]:
    sections = []
    for row in range(L.NOTES_FIRST_ROW, sheet.max_row + 1):
        title = cells.text(L.NOTES, L.cell(L.NOTES_TITLE_COLUMN, row))
        text = cells.text(L.NOTES, L.cell(L.NOTES_TEXT_COLUMN, row))
        if title or text:
            sections.append(NarrativeSection(title, text))
    return tuple(sections)
