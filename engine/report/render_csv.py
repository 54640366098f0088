"""The portfolio as CSV: the shared columns, one row per role, text neutralised.

Every text field passes through `inert_csv`, so a role titled `=HYPERLINK(...)`
opens in a spreadsheet as text, never as a formula. Numbers stay numbers
(percentages in percent, as in the JSON); UTF-8 without a byte-order mark.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from jobzone.engine.core.text_safety import inert_csv
from jobzone.engine.report.columns import Column, Kind, columns
from jobzone.engine.report.rows import Portfolio


def csv_field(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind is Kind.text:
        return inert_csv(str(value))
    if column.kind is Kind.flag:
        return "true" if value else "false"
    return str(value)


def render_csv(p: Portfolio) -> str:
    table = columns(p.task_scores, p.scenario is not None)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([inert_csv(c.header) for c in table])
    for row in p.rows:
        writer.writerow([csv_field(c, c.read(row)) for c in table])
    return out.getvalue()
