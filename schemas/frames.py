"""An assessment as one DataFrame per sheet, indexed by Excel row number.

Indexing by the row the value came from makes every pandera failure point at its
cell: the failure's index is the row, the layout gives the column.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from engine.model import Assessment, Rated
from workbooks import layout as L


def task_frame(assessment: Assessment, rows: Sequence[int] | None = None) -> pd.DataFrame:
    rows = list(rows) if rows is not None else list(
        range(L.TASK_FIRST_ROW, L.TASK_FIRST_ROW + len(assessment.tasks)))
    return pd.DataFrame(
        {
            "name": pd.Series([t.name for t in assessment.tasks], index=rows, dtype=object),
            "time_share": pd.Series([t.time_share for t in assessment.tasks], index=rows,
                                    dtype=object),
            "score": pd.Series([t.score for t in assessment.tasks], index=rows, dtype="int64"),
            "label": pd.Series([t.label for t in assessment.tasks], index=rows, dtype=object),
        },
        index=pd.Index(rows, dtype="int64"),
    )


def rated_frame(items: Sequence[Rated], block: L.RatedBlock) -> pd.DataFrame:
    rows = list(block.rows())[: len(items)]
    return pd.DataFrame(
        {
            "name": pd.Series([i.name for i in items], index=rows, dtype=object),
            "score": pd.Series([i.score for i in items], index=rows, dtype="int64"),
        },
        index=pd.Index(rows, dtype="int64"),
    )
