"""Golden tests: every row of both decision tables, every zone boundary, overrides."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Override
from jobzone.engine.core.ruleset import AIJRI_1
from tests.factories import assessment, for_score


@pytest.mark.parametrize(("target", "zone"), [
    ("24.9", "Red"), ("25.0", "Yellow"), ("47.9", "Yellow"), ("48.0", "Green"),
    ("5.8", "Red"), ("68.9", "Green"),
])
def test_zone_boundaries(target: str, zone: str) -> None:
    result = evaluate(for_score(target), AIJRI_1)
    assert result.score == Decimal(target)
    assert result.zone == zone


@pytest.mark.parametrize(("tasks", "evidence", "growth", "row", "label"), [
    # 1: Green and growth >= +2, whatever the share
    ([("100", 1, "NOT INVOLVED")], None, 2, 1, "Green (Accelerated)"),
    ([("40", 3, "AUGMENTATION"), ("60", 1, "NOT INVOLVED")], [1, 1, 1, 1, 1], 2, 1,
     "Green (Accelerated)"),
    # 2: Green and share 3+ >= 40 % (exactly 40 % fires)
    ([("40", 3, "AUGMENTATION"), ("60", 1, "NOT INVOLVED")], [1, 1, 1, 1, 1], 1, 2,
     "Green (Transforming)"),
    # 3: Green otherwise (39.99 % does not reach 40 %)
    ([("39.99", 3, "AUGMENTATION"), ("60.01", 1, "NOT INVOLVED")], [1, 1, 1, 1, 1], 1, 3,
     "Green (Stable)"),
    ([("100", 1, "NOT INVOLVED")], None, 0, 3, "Green (Stable)"),
    # 4: Yellow and share 3+ >= 40 %
    ([("40", 3, "AUGMENTATION"), ("60", 2, "NOT INVOLVED")], None, 0, 4, "Yellow (Urgent)"),
    # 5: Yellow otherwise, even with strong growth
    ([("39.99", 3, "AUGMENTATION"), ("60.01", 2, "NOT INVOLVED")], None, 0, 5,
     "Yellow (Moderate)"),
    # 6: Red
    ([("100", 5, "DISPLACEMENT")], None, 0, 6, "Red"),
    ([("100", 5, "DISPLACEMENT")], None, 2, 6, "Red"),
])
def test_sub_label_rows(tasks: list[tuple[str, int, str]], evidence: list[int] | None,
                        growth: int, row: int, label: str) -> None:
    result = evaluate(assessment(tasks=tasks, evidence=evidence, growth=growth), AIJRI_1)
    assert (result.sub_label_row, result.sub_label) == (row, label)
    assert result.sub_label.startswith(result.zone)


@pytest.mark.parametrize(("principles", "growth", "row", "screen"), [
    ([0, 0, 0], 2, 1, "Likely Green (Accelerated)"),
    ([3, 3, 3], 2, 1, "Likely Green (Accelerated)"),
    ([1, 1, 0], -1, 2, "Likely Red"),
    ([0, 0, 0], -2, 2, "Likely Red"),
    ([1, 1, 1], -1, 4, "Proceed to quantify"),  # protective 3 is above the Red row's 2
    ([1, 1, 0], 0, 4, "Proceed to quantify"),  # growth 0 is above the Red row's -1
    ([2, 2, 2], 0, 3, "Likely Green"),
    ([3, 3, 0], -2, 3, "Likely Green"),
    ([2, 2, 1], 1, 4, "Proceed to quantify"),
])
def test_quick_screen_rows(principles: list[int], growth: int, row: int, screen: str) -> None:
    result = evaluate(assessment(principles=principles, growth=growth), AIJRI_1)
    assert (result.quick_screen_row, result.quick_screen) == (row, screen)


def _override(target: str, zone: str | None, reason: str = "the evidence says so"):
    result = evaluate(for_score(target, override=Override(zone, reason)), AIJRI_1)
    assert result.score == Decimal(target)
    return result


@pytest.mark.parametrize(("target", "zone", "final"), [
    ("43.0", "Green", "Green"),  # exactly 5.0 below 48: allowed
    ("47.9", "Green", "Green"),
    ("53.0", "Yellow", "Yellow"),  # exactly 5.0 above 48
    ("48.0", "Yellow", "Yellow"),
    ("20.0", "Yellow", "Yellow"),  # exactly 5.0 below 25
    ("30.0", "Red", "Red"),  # exactly 5.0 above 25
    ("24.9", "Yellow", "Yellow"),
])
def test_valid_overrides(target: str, zone: str, final: str) -> None:
    result = _override(target, zone)
    assert result.override_valid and result.override_problem is None
    assert result.final_zone == final
    assert result.zone != final  # the formula zone is kept beside the decision
    assert result.sub_label.startswith(result.zone)


@pytest.mark.parametrize(("target", "zone", "reason", "problem"), [
    ("42.9", "Green", "x", "beyond the 5.0-point override range"),
    ("53.1", "Yellow", "x", "beyond the 5.0-point override range"),
    ("19.9", "Yellow", "x", "beyond the 5.0-point override range"),
    ("24.0", "Green", "x", "moves 2 zones"),
    ("50.0", "Red", "x", "moves 2 zones"),
    ("45.0", "Yellow", "x", "moves 0 zones"),
    ("45.0", "Green", "", "needs a reason"),
    ("45.0", "Green", "   ", "needs a reason"),
    ("45.0", "Blue", "x", "is not one of Green, Yellow, Red"),
])
def test_invalid_overrides(target: str, zone: str, reason: str, problem: str) -> None:
    result = _override(target, zone, reason)
    assert not result.override_valid
    assert result.override_problem is not None and problem in result.override_problem
    assert result.final_zone == result.zone


def test_no_override_is_not_a_problem() -> None:
    result = _override("45.0", None, "formula score accepted")
    assert (result.override_valid, result.override_problem) == (False, None)
    assert result.final_zone == "Yellow"


def test_extremes_are_reported_not_clamped() -> None:
    top = evaluate(assessment(tasks=[("100", 1, "NOT INVOLVED")], evidence=[2] * 5,
                              barriers=[2] * 5, growth=2), AIJRI_1)
    assert top.raw == Decimal("9.24") and top.score == Decimal("109.7")
    bottom = evaluate(assessment(tasks=[("100", 5, "DISPLACEMENT")], evidence=[-2] * 5,
                                 growth=-2), AIJRI_1)
    assert bottom.raw == Decimal("0.54") and bottom.score == Decimal("0.0")
