"""Monotonicity laws of the method (METHODOLOGY section 2), for every valid assessment.

More evidence of demand, more barriers or a stronger growth correlation never
lower the score; a task judged more automatable never raises it. Each law raises
one input by one step within its scale and compares the rounded scores (and the
unrounded raw, which must move the same way). The workbook side follows by the
agreement properties.
"""

from __future__ import annotations

import dataclasses

from hypothesis import assume, given
from hypothesis import strategies as st

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment, Rated
from jobzone.engine.core.ruleset import AIJRI_1
from tests.factories import replace_task
from tests.scales import BARRIER_SCALE, EVIDENCE_SCALE, GROWTH_SCALE, TASK_SCALE
from tests.strategies import assessments, edge_assessments

ANY = st.one_of(assessments(max_tasks=12), edge_assessments())


def _raised(items: tuple[Rated, ...], index: int) -> tuple[Rated, ...]:
    return tuple(dataclasses.replace(r, score=r.score + 1) if i == index else r
                 for i, r in enumerate(items))


def _scores(before: Assessment, after: Assessment) -> tuple[tuple, tuple]:
    a, b = evaluate(before, AIJRI_1), evaluate(after, AIJRI_1)
    return (a.score, a.raw), (b.score, b.raw)


@given(ANY, st.integers(0, 4))
def test_more_evidence_never_lowers_the_score(a: Assessment, index: int) -> None:
    assume(a.evidence[index].score < EVIDENCE_SCALE[1])
    (score, raw), (higher, higher_raw) = _scores(a, dataclasses.replace(
        a, evidence=_raised(a.evidence, index)))
    assert higher >= score and higher_raw > raw


@given(ANY, st.integers(0, 4))
def test_more_barriers_never_lower_the_score(a: Assessment, index: int) -> None:
    assume(a.barriers[index].score < BARRIER_SCALE[1])
    (score, raw), (higher, higher_raw) = _scores(a, dataclasses.replace(
        a, barriers=_raised(a.barriers, index)))
    assert higher >= score and higher_raw > raw


@given(ANY)
def test_stronger_growth_never_lowers_the_score(a: Assessment) -> None:
    assume(a.growth.score < GROWTH_SCALE[1])
    raised = dataclasses.replace(a.growth, score=a.growth.score + 1)
    (score, raw), (higher, higher_raw) = _scores(a, dataclasses.replace(a, growth=raised))
    assert higher >= score and higher_raw > raw


@given(ANY, st.data())
def test_a_more_automatable_task_never_raises_the_score(a: Assessment, data: st.DataObject
                                                        ) -> None:
    index = data.draw(st.integers(0, len(a.tasks) - 1))
    task = a.tasks[index]
    assume(task.score < TASK_SCALE[1])
    (score, raw), (lower, lower_raw) = _scores(
        a, replace_task(a, index, score=task.score + 1))
    assert lower <= score
    assert lower_raw < raw if task.time_share > 0 else lower_raw == raw
