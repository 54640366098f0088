"""Run every schema lazily and point each failure at its cell.

One pass reports every problem: pandera's lazy mode collects all failures, and
this module turns each failure-case row into a located WorkbookError.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pandas as pd
import pandera.pandas as pa

from engine.model import Assessment
from engine.ruleset import Ruleset
from schemas.frames import rated_frame, task_frame
from schemas.sheets import (
    BARRIERS_SCHEMA,
    EVIDENCE_SCHEMA,
    GROWTH_SCHEMA,
    PRINCIPLES_SCHEMA,
    SCHEMA_CODES,
    task_schema,
)
from workbooks import layout as L
from workbooks.errors import Location, WorkbookError

TASK_FIELD_COLUMNS = {
    "name": L.TASK_COLUMNS.name,
    "time_share": L.TASK_COLUMNS.time_share,
    "score": L.TASK_COLUMNS.score,
    "label": L.TASK_COLUMNS.label,
}
# Where a frame-wide failure with no row points.
FRAME_CELLS = {
    "JZ206": (L.TASKS, f"{L.TASK_COLUMNS.time_share}{L.TASK_TOTAL_ROW}"),
    "JZ207": (L.TASKS, f"{L.TASK_COLUMNS.name}{L.TASK_FIRST_ROW}"),
    "JZ202": (L.TASKS, f"{L.TASK_COLUMNS.name}{L.TASK_FIRST_ROW}"),
}


def validate_assessment(assessment: Assessment, rules: Ruleset, file: str,
                        task_rows: Sequence[int] | None = None) -> list[WorkbookError]:
    """Every schema failure of the assessment, located; empty when valid."""
    jobs: list[tuple[pa.DataFrameSchema, pd.DataFrame, str, dict[str, str]]] = [
        (task_schema(rules), task_frame(assessment, task_rows), L.TASKS, TASK_FIELD_COLUMNS),
        (PRINCIPLES_SCHEMA, rated_frame(assessment.principles, L.PRINCIPLES_BLOCK),
         L.PRINCIPLES, {"score": L.PRINCIPLES_BLOCK.score_column}),
        (GROWTH_SCHEMA, rated_frame((assessment.growth,), L.GROWTH_BLOCK), L.PRINCIPLES,
         {"score": L.GROWTH_BLOCK.score_column}),
        (EVIDENCE_SCHEMA, rated_frame(assessment.evidence, L.EVIDENCE_BLOCK), L.EVIDENCE,
         {"score": L.EVIDENCE_BLOCK.score_column}),
        (BARRIERS_SCHEMA, rated_frame(assessment.barriers, L.BARRIERS_BLOCK), L.BARRIERS,
         {"score": L.BARRIERS_BLOCK.score_column}),
    ]
    problems: list[WorkbookError] = []
    for schema, frame, sheet, columns in jobs:
        try:
            schema.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            problems.extend(_located(exc.failure_cases, frame, sheet, columns, file))
    return problems


def _located(cases: pd.DataFrame, frame: pd.DataFrame, sheet: str, columns: dict[str, str],
             file: str) -> list[WorkbookError]:
    problems = []
    seen: set[tuple[str, str]] = set()
    for case in cases.itertuples(index=False):
        code = str(case.check).split(":")[0]
        if code not in SCHEMA_CODES:
            # a dtype or presence failure of pandera's own: the reader prevents these
            code = "JZ200"
        row = case.index
        column = columns.get(str(case.column)) if case.column is not None else None
        if code == "JZ202":
            if case.column not in (None, "name"):
                continue  # frame-wide checks report once per column; the name is the culprit
            column = L.TASK_COLUMNS.name
        if row is not None and not pd.isna(row) and column:
            where = (sheet, f"{column}{int(row)}")
        else:
            where = FRAME_CELLS.get(code, (sheet, None))  # type: ignore[arg-type]
        if (code, str(where)) in seen:
            continue
        seen.add((code, str(where)))
        message = SCHEMA_CODES.get(code, str(case.check))
        if code == "JZ206":
            total = sum(frame["time_share"], Decimal(0))
            message += f" (they sum to {total.normalize():f}%)"
        if case.failure_case is not None and code not in ("JZ206", "JZ207", "JZ202"):
            message += f" (found {case.failure_case})"
        problems.append(WorkbookError(Location(file, where[0], where[1]), message, code))
    return problems
