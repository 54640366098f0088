"""The workbook's own results (its named result cells) as an `jobzone.engine.core.result.Result`.

Pure: plain cell values in, a Result out, so the workbook's formulas and the native
evaluator are compared field by field. Numbers are read as the decimal the cell
shows (`decimal_from_float`): each named result is rounded to ExactDecimals by its
formula, so that decimal is exact. Shares come as fractions and the Result keeps
percent. The fired decision-table rows are the first TRUE of each "Fires?" column,
as the workbook's MATCH(TRUE, ...) finds them.

`override_problem` is the one field only the native side can explain: the workbook
says whether an override is valid, not why not. Here it is None when no override
zone is given or the override is valid, and "invalid" otherwise; compare it by
`is None` only (`jobzone.engine.core.result_agreement` does).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jobzone.engine.core.result import LabelSplit, Result
from jobzone.engine.core.rounding import decimal_from_float

PERCENT = Decimal(100)
OVERRIDE_INVALID = "invalid"


@dataclass(frozen=True)
class CellProblem:
    """A result cell whose value is not what the method needs there."""

    name: str  # the named result, or "Weighted" / "SubLabelFires" / "QuickScreenFires"
    index: int | None  # position within a column (weighted row, decision-table row)
    value: Any
    expected: str

    def __str__(self) -> str:
        return f"{self.name} holds {self.value!r}; expected {self.expected}"


class _Reader:
    def __init__(self, named: Mapping[str, Any]) -> None:
        self.named = named
        self.problems: list[CellProblem] = []

    def _problem(self, name: str, value: Any, expected: str, index: int | None = None) -> None:
        self.problems.append(CellProblem(name, index, value, expected))

    def number(self, name: str, value: Any = None, index: int | None = None) -> Decimal:
        value = self.named.get(name) if index is None else value
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._problem(name, value, "a number", index)
            return Decimal(0)
        return decimal_from_float(value)

    def percent(self, name: str) -> Decimal:
        return self.number(name) * PERCENT

    def whole(self, name: str) -> int:
        value = self.named.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float) or (
                isinstance(value, float) and not value.is_integer()):
            self._problem(name, value, "a whole number")
            return 0
        return int(value)

    def text(self, name: str) -> str:
        value = self.named.get(name)
        if not isinstance(value, str):
            self._problem(name, value, "text")
            return ""
        return value

    def flag(self, name: str) -> bool:
        value = self.named.get(name)
        if not isinstance(value, bool):
            self._problem(name, value, "TRUE or FALSE")
            return False
        return value

    def first_true(self, name: str, fires: Sequence[Any]) -> int:
        for index, fired in enumerate(fires, start=1):
            if fired is True:
                return index
        self._problem(name, None, "a row that fires (TRUE)")
        return 0


def result_from_cells(named: Mapping[str, Any], weighted: Sequence[Any],
                      sub_label_fires: Sequence[Any], quick_screen_fires: Sequence[Any],
                      override_zone: Any) -> tuple[Result | None, list[CellProblem]]:
    """(the Result, []) or (None, what prevents one).

    `named` maps each named result to its cell's plain value (shares as fractions),
    `weighted` holds the Weighted cell of each non-blank task row in order, and the
    fires sequences the "Fires?" columns of the sub-label and quick-screen tables.
    """
    read = _Reader(named)
    valid = read.flag("OverrideValid")
    no_override = override_zone is None or override_zone == ""
    result = Result(
        weighted=tuple(read.number("Weighted", value, index)
                       for index, value in enumerate(weighted, start=1)),
        weighted_sum=read.number("WeightedSum"),
        task_resistance=read.number("TaskResistance"),
        evidence_total=read.whole("EvidenceTotal"),
        barrier_total=read.whole("BarrierTotal"),
        growth_correlation=read.whole("GrowthCorrelation"),
        evidence_modifier=read.number("EvidenceModifier"),
        barrier_modifier=read.number("BarrierModifier"),
        growth_modifier=read.number("GrowthModifier"),
        raw=read.number("RawScore"),
        score=read.number("Score"),
        zone=read.text("Zone"),
        share_scoring_3_plus=read.percent("ShareScoring3Plus"),
        sub_label=read.text("SubLabel"),
        sub_label_row=read.first_true("SubLabelFires", sub_label_fires),
        override_valid=valid,
        override_problem=None if valid or no_override else OVERRIDE_INVALID,
        final_zone=read.text("FinalZone"),
        label_split=LabelSplit(
            displacement=read.percent("ShareDisplacement"),
            augmentation=read.percent("ShareAugmentation"),
            not_involved=read.percent("ShareNotInvolved"),
        ),
        protective_total=read.whole("ProtectiveTotal"),
        quick_screen=read.text("QuickScreen"),
        quick_screen_row=read.first_true("QuickScreenFires", quick_screen_fires),
        shares_total=read.percent("SharesTotal"),
    )
    return (None, read.problems) if read.problems else (result, [])
