"""`jobzone explain`: how close a score is to changing and what would change it, proven
against the method itself (every claim re-derived by evaluating changed assessments)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment, Override
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.core.sensitivity import (
    Input,
    explain,
    inputs,
    thresholds,
    tornado,
    with_value,
)
from tests.conftest import REFERENCE_WORKBOOK
from tests.strategies import assessments, threshold_assessments

# explain evaluates every value of every input: fewer examples than the agreement laws
LAW = settings(max_examples=min(settings().max_examples, 150))


def jobzone(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobzone", *args], capture_output=True,
                          text=True, check=False)


def test_the_reference_reads_as_its_own_write_up_says() -> None:
    done = jobzone("explain", str(REFERENCE_WORKBOOK))
    assert done.returncode == 0, done.stdout + done.stderr
    # "The score sits 6.8 points below the Green threshold, beyond the 5-point assessor
    # override range." (shared/reference/llmops-engineer.txt)
    assert ("The score sits 6.8 points below the Green threshold, beyond the 5-point "
            "assessor override range.") in done.stdout
    tornado_rows = done.stdout.split("Tornado:")[1].splitlines()[2:5]
    assert tornado_rows[0].split()[:6] == ["Task", "'LLM", "deployment", "&", "serving",
                                           "infrastructure'"]
    assert "44.8 (+3.6)" in tornado_rows[0] and "37.6 (-3.6)" in tornado_rows[0]
    assert ("Smallest single change that moves the zone: Task 'LLM deployment & serving "
            "infrastructure' score 3 -> 1 (2 steps) gives 48.4 Green (Accelerated) (+7.2)"
            ) in done.stdout


def test_json_lists_every_input() -> None:
    done = jobzone("explain", str(REFERENCE_WORKBOOK), "--format", "json")
    assert done.returncode == 0
    [explained] = json.loads(done.stdout)["explanations"]
    assert explained["score"] == 41.2 and explained["sub_label"] == "Yellow (Urgent)"
    # 8 tasks (score and share each), 5 principles, 4 evidence, 5 barriers... and growth
    assert len(explained["tornado"]) == len(explained["switching_values"]) > 20
    assert explained["thresholds"][0] == {
        "zone": "Green", "min_score": 48.0, "distance": -6.8, "override_allowed": False,
        "sentence": "The score sits 6.8 points below the Green threshold, beyond the 5-point "
                    "assessor override range."}


def test_a_workbook_jobzone_cannot_stand_behind_is_not_explained(example_copy: object) -> None:
    import openpyxl

    from jobzone.workbooks import layout as L

    workbook = openpyxl.load_workbook(example_copy)  # type: ignore[arg-type]
    workbook[L.TASKS]["C4"] = 7
    workbook.save(example_copy)  # type: ignore[arg-type]
    done = jobzone("explain", str(example_copy))
    assert done.returncode == 1 and "error JZ204" in done.stdout
    assert "Tornado" not in done.stdout and "not explained" in done.stderr


def _changed(a: Assessment, item: Input, value: Decimal) -> Assessment:
    changed = with_value(a, item.key, value)
    assert changed is not None
    return changed


def _all_values(item: Input) -> list[Decimal]:
    count = int((item.high - item.low) / item.step)
    return [item.low + n * item.step for n in range(count + 1)]


@LAW
@given(st.one_of(assessments(max_tasks=8), threshold_assessments()))
def test_the_smallest_zone_change_is_the_smallest(a: Assessment) -> None:
    """No input moved by fewer steps changes the zone; the one named does."""
    e = explain(a, AIJRI_1)
    base = evaluate(a, AIJRI_1)
    best = e.smallest_zone_change
    if best is not None:
        assert evaluate(_changed(a, best.input, best.value), AIJRI_1).zone != base.zone
    for item in inputs(a, AIJRI_1):
        for value in _all_values(item):
            steps = abs(value - item.value) / item.step
            if value == item.value or (best is not None and steps >= best.steps):
                continue
            changed = with_value(a, item.key, value)
            if changed is not None:
                assert evaluate(changed, AIJRI_1).zone == base.zone, (item.key, value)


@LAW
@given(assessments(max_tasks=8))
def test_switching_values_are_the_nearest_that_switch(a: Assessment) -> None:
    e = explain(a, AIJRI_1)
    base = evaluate(a, AIJRI_1)
    for s in e.switching:
        for move, direction in ((s.zone_down, -1), (s.zone_up, 1)):
            between = [v for v in _all_values(s.input)
                       if (v - s.input.value) * direction > 0
                       and (move is None or (move.value - v) * direction > 0)]
            for value in between:  # every value short of the switching value keeps the zone
                changed = with_value(a, s.input.key, value)
                if changed is not None:
                    assert evaluate(changed, AIJRI_1).zone == base.zone
            if move is not None:
                assert evaluate(_changed(a, s.input, move.value), AIJRI_1).zone == move.zone
                assert move.zone != base.zone


@LAW
@given(assessments(max_tasks=8))
def test_a_share_step_keeps_every_share_valid(a: Assessment) -> None:
    for item in inputs(a, AIJRI_1):
        if item.unit != "%":
            continue
        for swing_value in (item.value - item.step, item.value + item.step):
            changed = with_value(a, item.key, swing_value)
            if changed is None or not Decimal(0) <= swing_value <= Decimal(100):
                continue
            shares = [t.time_share for t in changed.tasks]
            assert sum(shares) == 100
            assert all(0 <= s <= 100 and s == s.quantize(Decimal("0.01")) for s in shares)
            index = int(item.key.split("[")[1].split("]")[0])
            assert shares[index] == swing_value


@LAW
@given(st.one_of(assessments(max_tasks=8), threshold_assessments()))
def test_override_room_agrees_with_the_method(a: Assessment) -> None:
    """A threshold says an override may cross it exactly when the method accepts one."""
    base = evaluate(a, AIJRI_1)
    names = AIJRI_1.zone_names()
    here = names.index(base.zone)
    for t in thresholds(base, AIJRI_1):
        index = names.index(t.zone)
        if here not in (index, index + 1):
            assert not t.override_allowed
            continue
        other = names[index + 1] if here == index else names[index]
        tried = evaluate(dataclasses.replace(a, override=Override(other, "analyst view")),
                         AIJRI_1)
        assert tried.override_valid == t.override_allowed, (t, tried.override_problem)
        assert t.distance == base.score - t.min_score


@LAW
@given(assessments(max_tasks=8))
def test_the_tornado_is_ranked_and_each_bar_is_the_methods_score(a: Assessment) -> None:
    bars = tornado(a, AIJRI_1)
    assert [b.size for b in bars] == sorted((b.size for b in bars), reverse=True)
    for bar in bars[:5]:
        for move in (bar.down, bar.up):
            if move is not None:
                assert evaluate(_changed(a, bar.input, move.value), AIJRI_1).score == move.score
