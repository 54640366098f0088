"""The flat incremental plan computes exactly what schedula's DispatchPipe computes.

`jobzone.engine.recalc.executor` replays `formulas`' compiled pipe from its private structure
(the pinned internals). Two models of the same formula set, one running the plan
and one calling the pipe each time, evaluate one sequence of workbooks: valid ones,
and ones with error values (text where a number belongs, a zero divisor, a blank
score), interleaved so the plan's remembered state is exercised in every
direction; every formula cell's value and error must match at every step.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.recalc.compile import CompiledModel, compile_formula_set
from jobzone.engine.recalc.formula_set import FormulaSet, input_value, read_formula_set
from jobzone.workbooks import layout as L
from jobzone.workbooks.builder import build_workbook
from tests.test_libreoffice_agrees import random_assessment


def _values(model: CompiledModel, workbook: Any) -> list[Any]:
    return [input_value(workbook[sheet][ref].value) for sheet, ref in model.inputs]


def _broken(workbook: Any, kind: str) -> Any:
    rules = workbook[L.RULES]
    if kind == "text-constant":
        rules[f"B{L.CONSTANT_ROW['ExactDecimals']}"] = "ten"
    elif kind == "zero-divisor":
        rules[f"B{L.CONSTANT_ROW['RawRange']}"] = 0
    elif kind == "blank-score":
        workbook[L.TASKS][f"{L.TASK_COLUMNS.score}{L.TASK_FIRST_ROW}"] = None
    elif kind == "text-share":
        workbook[L.TASKS][f"{L.TASK_COLUMNS.time_share}{L.TASK_FIRST_ROW}"] = "lots"
    elif kind == "no-zone-fires":
        for row in L.ZONE_TABLE.rows():
            rules[f"{L.ZONE_TABLE.column('zone')}{row}"] = None
    return workbook


def _sequence() -> list[Any]:
    rng = random.Random(7)
    books = [build_workbook(random_assessment(rng), AIJRI_1) for _ in range(16)]
    kinds = ["text-constant", "zero-divisor", "blank-score", "text-share", "no-zone-fires"]
    for index, kind in enumerate(kinds):
        books.insert(3 * index + 1, _broken(build_workbook(random_assessment(rng), AIJRI_1),
                                            kind))
    return books + books[:3]  # and back to earlier inputs


@pytest.fixture(scope="module")
def canonical() -> FormulaSet:
    return read_formula_set(build_workbook(None, AIJRI_1))


def test_plan_equals_pipe_on_a_sequence_of_workbooks(canonical: FormulaSet) -> None:
    plan = compile_formula_set(canonical)
    pipe = compile_formula_set(canonical, executor="pipe")
    assert plan.outputs == pipe.outputs and plan.inputs == pipe.inputs
    errors_seen = 0
    for step, workbook in enumerate(_sequence()):
        values = _values(plan, workbook)
        expected, got = pipe.evaluate(values), plan.evaluate(values)
        assert got.values == expected.values, f"step {step}"
        assert got.errors == expected.errors, f"step {step}"
        errors_seen += bool(got.errors)
    assert errors_seen >= 5


def test_an_edited_formula_set_too(canonical: FormulaSet) -> None:
    """Unknown functions (#NAME?), a circular pair and a formula reading a blocked cell."""
    workbook = build_workbook(random_assessment(random.Random(3)), AIJRI_1)
    score = workbook[L.SCORE]
    score[f"B{L.SCORE_LINE_ROW['EvidenceTotal']}"] = "=NOSUCHFUNCTION(EvidenceScores)"
    score["D40"] = "=D41+1"
    score["D41"] = "=D40+1"
    score["D42"] = "=D40*2"
    edited = read_formula_set(workbook)
    assert edited.fingerprint != canonical.fingerprint
    plan, pipe = compile_formula_set(edited), compile_formula_set(edited, executor="pipe")
    assert plan.circular == {(L.SCORE, "D40"), (L.SCORE, "D41")}
    assert plan.blocked == plan.circular | {(L.SCORE, "D42")}
    for workbook_values in (workbook, _broken(workbook, "zero-divisor")):
        values = _values(plan, workbook_values)
        assert plan.evaluate(values) == pipe.evaluate(values)
    result = plan.evaluate(_values(plan, workbook))
    assert result.values[(L.SCORE, "D42")] is None
    assert result.errors[(L.SCORE, f"B{L.SCORE_LINE_ROW['EvidenceTotal']}")] == "#NAME?"
