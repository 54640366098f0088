"""Run the schemas lazily and point each failure at its cell.

One pass reports every problem: pandera's lazy mode collects all failures, and
this module turns each failure-case row into a located WorkbookError. Two entry
points share the schemas: `validate_workbook` checks a workbook's sheets as they
are (what `jobzone check` runs), `validate_assessment` an Assessment already read
(what `jobzone score` and the importers run).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd
import pandera.pandas as pa

from jobzone.engine.core.errors import Location, WorkbookError
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import Ruleset
from jobzone.schemas.codes import SCHEMA_CODES
from jobzone.schemas.frames import Columns, frame, rated_columns, task_columns
from jobzone.schemas.sheet_frames import HeaderProblem, SheetTable, sheet_tables
from jobzone.schemas.sheets import (
    NOTES_SCHEMA,
    ROLE_SCHEMA,
    InputFormula,
    is_number,
    override_schema,
    rated_schemas,
    scale_of,
    task_schema,
)
from jobzone.workbooks import layout as L

TASK_FIELD_COLUMNS = {
    "name": L.TASK_COLUMNS.name,
    "time_share": L.TASK_COLUMNS.time_share,
    "score": L.TASK_COLUMNS.score,
    "label": L.TASK_COLUMNS.label,
    "rationale": L.TASK_COLUMNS.rationale,
}
RATED_FIELD_COLUMNS = {"name": "A", "score": "B", "rationale": "C"}
# Where a frame-wide failure with no row points.
FRAME_CELLS = {
    "JZ206": (L.TASKS, f"{L.TASK_COLUMNS.time_share}{L.TASK_TOTAL_ROW}"),
    "JZ207": (L.TASKS, f"{L.TASK_COLUMNS.name}{L.TASK_FIRST_ROW}"),
    "JZ202": (L.TASKS, f"{L.TASK_COLUMNS.name}{L.TASK_FIRST_ROW}"),
}
MISSING_COLUMN = "column_in_dataframe"


@dataclass
class Job:
    """One schema over one frame, and where the frame's cells are."""

    schema: pa.DataFrameSchema
    frame: pd.DataFrame
    sheet: str
    columns: dict[str, str]  # field -> column letter
    header_row: int = L.HEADER_ROW
    header_problems: dict[str, HeaderProblem] = field(default_factory=dict)


def validate_assessment(assessment: Assessment, rules: Ruleset, file: str,
                        task_rows: Sequence[int] | None = None) -> list[WorkbookError]:
    """Every schema failure of the assessment, located; empty when valid."""
    return _run(assessment_jobs(assessment, rules, task_rows), file)


def assessment_jobs(assessment: Assessment, rules: Ruleset,
                    task_rows: Sequence[int] | None = None) -> list[Job]:
    """The schemas an assessment is validated with, each with its frame."""
    return [Job(schema, frame(*columns), sheet, cells) for schema, columns, sheet, cells
            in assessment_tables(assessment, rules, task_rows)]


def assessment_tables(assessment: Assessment, rules: Ruleset,
                      task_rows: Sequence[int] | None = None
                      ) -> list[tuple[pa.DataFrameSchema, Columns, str, dict[str, str]]]:
    """Each schema an assessment is validated with, the columns of its table, and where
    they are: `assessment_jobs` before the frames are made."""
    rated = rated_schemas(rules.scales)
    return [
        (task_schema(rules), task_columns(assessment, task_rows), L.TASKS, TASK_FIELD_COLUMNS),
        (rated["principles"], rated_columns(assessment.principles, L.PRINCIPLES_BLOCK),
         L.PRINCIPLES, RATED_FIELD_COLUMNS),
        (rated["growth"], rated_columns((assessment.growth,), L.GROWTH_BLOCK), L.PRINCIPLES,
         RATED_FIELD_COLUMNS),
        (rated["evidence"], rated_columns(assessment.evidence, L.EVIDENCE_BLOCK), L.EVIDENCE,
         RATED_FIELD_COLUMNS),
        (rated["barriers"], rated_columns(assessment.barriers, L.BARRIERS_BLOCK), L.BARRIERS,
         RATED_FIELD_COLUMNS),
    ]


def validate_workbook(workbook: Any, rules: Ruleset, file: str) -> list[WorkbookError]:
    """Every schema failure of the workbook's input sheets as they are, located.

    Sheets that are missing are skipped (the caller reports them); every other
    problem, from a renamed column header to text in a score cell, is reported.
    """
    return validate_tables(sheet_tables(workbook), rules, file)


def table_schemas(rules: Ruleset) -> dict[str, pa.DataFrameSchema]:
    """The schema of each input table (`jobzone.schemas.sheet_frames.TABLES`), by its key."""
    return {"role": ROLE_SCHEMA, **rated_schemas(rules.scales), "tasks": task_schema(rules),
            "override": override_schema(rules), "notes": NOTES_SCHEMA}


def validate_tables(tables: Sequence[SheetTable], rules: Ruleset, file: str
                    ) -> list[WorkbookError]:
    """`validate_workbook` of the tables already read from one workbook."""
    schemas = table_schemas(rules)
    jobs = [Job(schemas[t.table.key], t.frame, t.table.sheet, t.columns, t.table.header_row,
                t.header_problems) for t in tables]
    return _run(jobs, file)


def _run(jobs: list[Job], file: str) -> list[WorkbookError]:
    problems: list[WorkbookError] = []
    for job in jobs:
        try:
            job.schema.validate(job.frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            problems.extend(_located(exc.failure_cases, job, file))
    return problems


def _code(check: Any) -> str:
    code = str(check).split(":")[0]
    return code if code in SCHEMA_CODES else "JZ200"


def _located(cases: pd.DataFrame, job: Job, file: str) -> list[WorkbookError]:
    problems = []
    seen: set[tuple[str, str, str | None]] = set()
    for case in cases.itertuples(index=False):
        if case.check == MISSING_COLUMN:
            code, sheet, ref = "JZ215", job.sheet, None
            header = job.header_problems.get(str(case.failure_case))
            if header is not None:
                ref = header.cell
            message = _missing_column_message(header, str(case.failure_case))
        else:
            code = _code(case.check)
            sheet, ref = _where(code, case, job)
            message = _message(code, case, job.frame)
        if (code, sheet, ref) in seen:
            continue  # frame-wide checks report once per column
        seen.add((code, sheet, ref))
        problems.append(WorkbookError(Location(file, sheet, ref), message, code))
    return problems


def _where(code: str, case: Any, job: Job) -> tuple[str, str | None]:
    row = case.index
    column = job.columns.get(str(case.column)) if case.column is not None else None
    if code == "JZ202":
        column = job.columns.get("name")
    if row is not None and not pd.isna(row) and column:
        return job.sheet, f"{column}{int(row)}"
    return FRAME_CELLS.get(code, (job.sheet, None))


def _missing_column_message(header: HeaderProblem | None, name: str) -> str:
    if header is None:
        return f"{SCHEMA_CODES['JZ215']}: {name}"
    found = "an empty cell" if header.found in (None, "") else repr(str(header.found))
    text = f"column header {header.expected!r} expected here, found {found}"
    if header.moved_to:
        text += f"; the header is now in {header.moved_to} (a column was inserted or deleted)"
    return text


def _shown(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "a blank cell"
    if isinstance(value, InputFormula):
        return value.text
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return repr(value)


def _message(code: str, case: Any, frame: pd.DataFrame) -> str:
    value = case.failure_case
    title = SCHEMA_CODES[code]
    if code == "JZ200":
        return f"{title} ({case.check}, found {_shown(value)})"
    if code == "JZ103":
        return f"input cell holds a formula ({_shown(value)}); type the value itself"
    if code == "JZ105":
        wanted = "a whole number" if is_number(value) else "a number"
        return f"expected {wanted}, found {_shown(value)}"
    if code == "JZ203" and is_number(value):
        return f"{title} (found {Decimal(value).normalize():f}%)"
    if code == "JZ206":
        total = sum(frame["time_share"], Decimal(0))
        return f"{title} (they sum to {total.normalize():f}%)"
    if code == "JZ202" and case.index is not None and not pd.isna(case.index):
        return f"{title} ({str(frame.at[int(case.index), 'name']).strip()!r})"
    if code in ("JZ104", "JZ201", "JZ202", "JZ207", "JZ212", "JZ214"):
        return title
    scale = scale_of(str(case.check))
    if scale:
        return f"{title.removesuffix(' its scale')} {scale} (found {_shown(value)})"
    return f"{title} (found {_shown(value)})"
