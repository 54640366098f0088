"""Laws of the native method that hold for every valid assessment."""

from __future__ import annotations

from hypothesis import given

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import AIJRI_1
from tests.strategies import assessments


@given(assessments())
def test_results_are_within_the_method_s_ranges(a: Assessment) -> None:
    r = evaluate(a, AIJRI_1)
    assert r.shares_total == 100
    assert 1 <= r.task_resistance <= 5
    assert 0 <= r.score <= 109.7
    assert r.sub_label.startswith(r.zone)
    split = r.label_split
    assert split.displacement + split.augmentation + split.not_involved == 100
