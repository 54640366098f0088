"""What the method derives from an assessment: every intermediate, in order.

The native evaluator and the workbook-formula evaluator both produce this shape,
so agreement between them is a field-by-field comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class LabelSplit:
    """Percent of task time per label."""

    displacement: Decimal
    augmentation: Decimal
    not_involved: Decimal


@dataclass(frozen=True)
class Result:
    """Sections 2-7 of METHODOLOGY, each intermediate exact.

    Percentages (`share_scoring_3_plus`, `label_split`, `shares_total`) are in
    percent (85 means 85 %). `sub_label_row` and `quick_screen_row` are the 1-based
    decision-table rows that fired, so a derivation can cite them.
    """

    weighted: tuple[Decimal, ...]
    weighted_sum: Decimal
    task_resistance: Decimal
    evidence_total: int
    barrier_total: int
    growth_correlation: int
    evidence_modifier: Decimal
    barrier_modifier: Decimal
    growth_modifier: Decimal
    raw: Decimal
    score: Decimal
    zone: str
    share_scoring_3_plus: Decimal
    sub_label: str
    sub_label_row: int
    override_valid: bool
    override_problem: str | None
    final_zone: str
    label_split: LabelSplit
    protective_total: int
    quick_screen: str
    quick_screen_row: int
    shares_total: Decimal


def _plain(value: Any) -> Any:
    """JSON-ready value: Decimals become numbers, nested records become objects."""
    if isinstance(value, bool) or value is None or isinstance(value, str | int):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, LabelSplit):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    raise TypeError(f"no JSON form for {type(value).__name__}")


def result_to_json(result: Result) -> dict[str, Any]:
    """Every field of the result as plain JSON values."""
    return {f.name: _plain(getattr(result, f.name)) for f in fields(result)}
