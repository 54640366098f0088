"""A Result as the values of the workbook's named result cells, and the comparison.

The Score sheet stores shares as fractions and the Result keeps percentages; this
module is the one place that knows the mapping, so comparing native results with
cached values (what Excel or LibreOffice computed) or with any other evaluator is
one call. Numbers compare exactly: a workbook double is read as the decimal it
displays (its shortest repr), which the ExactDecimals rounding makes exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jobzone.engine.core.result import Result
from jobzone.engine.core.rounding import decimal_from_float
from jobzone.engine.core.ruleset import Ruleset
from jobzone.workbooks import layout as L

PERCENT_FIELDS = {"share_scoring_3_plus", "label_split.displacement",
                  "label_split.augmentation", "label_split.not_involved", "shares_total"}


def _field(result: Result, path: str) -> Any:
    value: Any = result
    for part in path.split("."):
        value = getattr(value, part)
    return value


def expected_named_values(result: Result, rules: Ruleset) -> dict[str, Any]:
    """Defined name -> the value that cell must hold for this result."""
    values: dict[str, Any] = {}
    for line in L.SCORE_LINES:
        if line.result_field:
            value = _field(result, line.result_field)
            if line.result_field in PERCENT_FIELDS:
                value = value / 100
            values[line.name] = value
    values["SharesBalanced"] = (
        result.shares_total / 100 == rules.constants.shares_required_total)
    return values


def named_cells() -> dict[str, tuple[str, str]]:
    """Defined name -> (sheet, cell) of every named result."""
    return {line.name: L.result_cell(line.name) for line in L.SCORE_LINES}


def read_named_values(workbook: Any) -> dict[str, Any]:
    """The cached values of the named result cells of an openpyxl workbook (data_only)."""
    return {name: workbook[sheet][ref].value for name, (sheet, ref) in named_cells().items()}


@dataclass(frozen=True)
class Mismatch:
    name: str
    sheet: str
    cell: str
    expected: Any
    actual: Any

    def __str__(self) -> str:
        return (f"{self.sheet}!{self.cell} ({self.name}): expected {self.expected!r}, "
                f"workbook has {self.actual!r}")


def same_value(expected: Any, actual: Any) -> bool:
    """Equal as a spreadsheet shows them: numbers by their decimal, text and booleans exactly."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return isinstance(actual, bool) and isinstance(expected, bool) and expected == actual
    if isinstance(expected, Decimal | int):
        if isinstance(actual, bool) or not isinstance(actual, int | float):
            return False
        return Decimal(expected) == decimal_from_float(actual)
    return bool(expected == actual)


def compare_named(expected: dict[str, Any], actual: dict[str, Any]) -> list[Mismatch]:
    cells = named_cells()
    mismatches = []
    for name, value in expected.items():
        got = actual.get(name)
        if not same_value(value, got):
            sheet, ref = cells[name]
            mismatches.append(Mismatch(name, sheet, ref, value, got))
    return mismatches
