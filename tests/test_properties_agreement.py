"""The heart of the promise: the score Excel shows is the score jobzone computes.

For every valid assessment (and every edge: thresholds, .x5 ties, 40 % exactly, the
extreme raws, one score for all tasks) the canonical workbook's own formulas,
evaluated by `formulas`, give exactly the native Result: every intermediate, zone,
sub-label, override verdict, final zone and quick screen, and every named cell.
The compiled canonical model is built once per test process (`formula_evaluator`),
never inside an example. Under HYPOTHESIS_PROFILE=ci each agreement property runs
1,000 examples.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.workbooks.builder import save_workbook
from jobzone.workbooks.reader import open_workbook, read_assessment
from tests.agreement import assert_agree
from tests.strategies import assessments, edge_assessments


@given(assessments())
def test_formulas_agree_with_native(formula_evaluator: Any, a: Assessment) -> None:
    assert_agree(formula_evaluator, a)


@given(edge_assessments())
def test_formulas_agree_with_native_on_the_edges(formula_evaluator: Any, a: Assessment) -> None:
    assert_agree(formula_evaluator, a)


@settings(max_examples=max(10, settings().max_examples // 5))
@given(st.one_of(assessments(max_tasks=12), edge_assessments()))
def test_formulas_agree_with_native_through_a_saved_file(
        formula_evaluator: Any, tmp_path_factory: Any, a: Assessment) -> None:
    """The same, with the workbook written to disk and opened again (numbers through XML)."""
    path: Path = tmp_path_factory.mktemp("agree") / "assessment.xlsx"
    save_workbook(a, AIJRI_1, path)
    assert_agree(formula_evaluator, a, open_workbook(path), path)


@settings(max_examples=max(10, settings().max_examples // 3))
@given(st.one_of(assessments(max_tasks=8), edge_assessments()))
def test_workbook_read_write_read_is_identity(tmp_path_factory: Any, a: Assessment) -> None:
    folder: Path = tmp_path_factory.mktemp("rt")
    save_workbook(a, AIJRI_1, folder / "first.xlsx")
    once = read_assessment(folder / "first.xlsx")
    save_workbook(once, AIJRI_1, folder / "second.xlsx")
    assert read_assessment(folder / "second.xlsx") == once == a
