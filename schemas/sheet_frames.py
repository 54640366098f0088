"""A workbook's input sheets as frames of raw cell values, ready for the schemas.

Unlike the reader, nothing is converted or rejected here: a formula becomes an
`InputFormula`, text stays text, and only numbers in the time-share column are
turned from the fraction the cell stores into the exact percentage the method
uses. The schemas then report every problem in one pass. A column whose header
is not where the layout puts it is left out of its frame, so pandera reports it
missing and the finding points at the header cell.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from jobzone.engine.core.rounding import decimal_from_float
from jobzone.schemas.frames import frame
from jobzone.schemas.sheets import InputFormula, is_blank, is_number
from jobzone.workbooks import layout as L
from jobzone.workbooks.cell_access import peek
from jobzone.workbooks.reader import read_task_rows

PERCENT = 100


@dataclass(frozen=True)
class Field:
    name: str
    column: str
    header: str | None = None  # the header the layout puts above it; None: not checked
    share: bool = False  # a time share: the cell's fraction becomes a percentage


@dataclass(frozen=True)
class Table:
    """One validated table: where it is, its columns and which rows hold data."""

    key: str
    sheet: str
    header_row: int
    fields: tuple[Field, ...]
    rows: Callable[[Any], list[int]]  # workbook -> Excel rows with data


@dataclass(frozen=True)
class HeaderProblem:
    field: str
    cell: str
    expected: str
    found: Any
    moved_to: str | None


@dataclass
class SheetTable:
    """One table's raw values by field, and the Excel rows they came from.

    The values stay plain lists until a frame is asked for, so a bulk check can
    join many files' tables into one frame (`jobzone.schemas.batch`) without building and
    concatenating a frame per file.
    """

    table: Table
    values: dict[str, list[Any]]
    rows: list[int]
    header_problems: dict[str, HeaderProblem]

    @functools.cached_property
    def frame(self) -> pd.DataFrame:
        return frame(self.values, self.rows)

    @property
    def columns(self) -> dict[str, str]:
        return {f.name: f.column for f in self.table.fields}


def _rated_table(key: str, block: L.RatedBlock) -> Table:
    names = ("name", "score", "rationale")
    columns = (block.name_column, block.score_column, block.rationale_column)
    return Table(key, block.sheet, block.header_row,
                 tuple(Field(n, c, h) for n, c, h in zip(names, columns, block.headers,
                                                         strict=True)),
                 lambda _workbook: list(block.rows()))


def _note_rows(workbook: Any) -> list[int]:
    sheet = workbook[L.NOTES]
    return [row for row in range(L.NOTES_FIRST_ROW, sheet.max_row + 1)
            if not (is_blank(peek(sheet, f"{L.NOTES_TITLE_COLUMN}{row}").value)
                    and is_blank(peek(sheet, f"{L.NOTES_TEXT_COLUMN}{row}").value))]


_TC = L.TASK_COLUMNS
TABLES = (
    Table("role", L.ROLE, L.HEADER_ROW, (Field("value", L.ROLE_VALUE_COLUMN),),
          lambda _workbook: [f.row for f in L.ROLE_FIELDS]),
    _rated_table("principles", L.PRINCIPLES_BLOCK),
    _rated_table("growth", L.GROWTH_BLOCK),
    Table("tasks", L.TASKS, L.HEADER_ROW, (
        Field("name", _TC.name, L.TASK_HEADERS["name"]),
        Field("time_share", _TC.time_share, L.TASK_HEADERS["time_share"], share=True),
        Field("score", _TC.score, L.TASK_HEADERS["score"]),
        Field("label", _TC.label, L.TASK_HEADERS["label"]),
        Field("rationale", _TC.rationale, L.TASK_HEADERS["rationale"]),
    ), lambda workbook: list(read_task_rows(workbook))),
    _rated_table("evidence", L.EVIDENCE_BLOCK),
    _rated_table("barriers", L.BARRIERS_BLOCK),
    Table("override", L.OVERRIDE, L.HEADER_ROW, (Field("value", L.OVERRIDE_VALUE_COLUMN),),
          lambda _workbook: [L.OVERRIDE_ZONE_ROW, L.OVERRIDE_REASON_ROW]),
    Table("notes", L.NOTES, L.HEADER_ROW, (Field("title", L.NOTES_TITLE_COLUMN),
                                           Field("text", L.NOTES_TEXT_COLUMN)), _note_rows),
)


def _header_text(value: Any) -> str:
    return L.header_key(str(value)) if value is not None else ""


def _header_problem(sheet: Any, table: Table, field: Field) -> HeaderProblem | None:
    if field.header is None:
        return None
    ref = f"{field.column}{table.header_row}"
    found = sheet[ref].value
    if _header_text(found) == _header_text(field.header):
        return None
    moved_to = next((cell.coordinate for cell in sheet[table.header_row]
                     if _header_text(cell.value) == _header_text(field.header)), None)
    return HeaderProblem(field.name, ref, field.header, found, moved_to)


def cell_value(cell: Any, share: bool = False) -> Any:
    """A cell's value for validation: formulas marked, time shares as percentages."""
    value = cell.value
    if cell.data_type == "f":
        return InputFormula(str(getattr(value, "text", value)))
    if share and is_number(value):
        return (decimal_from_float(value) * PERCENT).normalize()
    return value


def sheet_tables(workbook: Any) -> list[SheetTable]:
    """Every input table of the workbook whose sheet exists, as a frame of raw values."""
    tables = []
    for table in TABLES:
        if table.sheet not in workbook.sheetnames:
            continue
        sheet = workbook[table.sheet]
        rows = table.rows(workbook)
        problems = {}
        columns: dict[str, list[Any]] = {}
        for field in table.fields:
            problem = _header_problem(sheet, table, field)
            if problem is not None:
                problems[field.name] = problem
                continue
            columns[field.name] = [cell_value(peek(sheet, f"{field.column}{row}"), field.share)
                                   for row in rows]
        tables.append(SheetTable(table, columns, rows, problems))
    return tables
