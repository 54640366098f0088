"""An Assessment as one DataFrame per table, indexed by Excel row number.

Indexing by the row the value came from makes every pandera failure point at its
cell: the failure's index is the row, the layout gives the column. The frames of
a workbook's sheets as they are (before type conversion) come from
`jobzone.schemas.sheet_frames`; both feed the same schemas.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from jobzone.engine.core.model import Assessment, Rated
from jobzone.workbooks import layout as L


def frame(columns: dict[str, list[Any]], rows: Sequence[int]) -> pd.DataFrame:
    """Object columns indexed by Excel row: values stay exactly what they were."""
    index = pd.Index(list(rows), dtype="int64")
    return pd.DataFrame({name: pd.Series(values, index=index, dtype=object)
                         for name, values in columns.items()}, index=index)


# A table's columns and the Excel rows they came from: what a frame is made of. A batch
# joins many assessments' columns into one frame without making a frame of each
# (`jobzone.schemas.batch`: a DataFrame costs some 0.3 ms to make, five an assessment).
Columns = tuple[dict[str, list[Any]], list[int]]


def task_columns(assessment: Assessment, rows: Sequence[int] | None = None) -> Columns:
    tasks = assessment.tasks
    rows = list(rows) if rows is not None else list(
        range(L.TASK_FIRST_ROW, L.TASK_FIRST_ROW + len(tasks)))
    return {
        "name": [t.name for t in tasks],
        "time_share": [t.time_share for t in tasks],
        "score": [t.score for t in tasks],
        "label": [t.label for t in tasks],
        "rationale": [t.rationale for t in tasks],
    }, rows


def rated_columns(items: Sequence[Rated], block: L.RatedBlock) -> Columns:
    return {
        "name": [i.name for i in items],
        "score": [i.score for i in items],
        "rationale": [i.rationale for i in items],
    }, list(block.rows())[: len(items)]
