"""Agreement for every ruleset: the workbook's own formulas equal native evaluation under
any valid ruleset, not only under aijri-1.

Rulesets are drawn (`tests.ruleset_strategies`: constants, vocabulary, zones, sub-label
and quick-screen rows), assessments drawn and moved under each, and the workbook built
under the ruleset is evaluated through `formulas` (one compiled model: a ruleset changes
the Rules sheet's values, never its formulas). Under HYPOTHESIS_PROFILE=ci the law runs
500 examples; every drawn ruleset also passes `jobzone ruleset verify`'s gap check and
its file form loads back as the same rules.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import Ruleset
from jobzone.engine.core.ruleset_verify import GAP, verify
from tests.agreement import assert_agree
from tests.ruleset_strategies import rulesets, under
from tests.strategies import assessments, edge_assessments

EXAMPLES = max(25, settings().max_examples // 2)


@settings(max_examples=EXAMPLES)
@given(rulesets(), st.one_of(assessments(max_tasks=16), edge_assessments()))
def test_formulas_agree_with_native_under_any_ruleset(formula_evaluator: Any, rules: Ruleset,
                                                      a: Assessment) -> None:
    assert_agree(formula_evaluator, under(a, rules), rules=rules)


@given(rulesets())
def test_drawn_rulesets_have_no_gaps(rules: Ruleset) -> None:
    """The strategy draws what a valid ruleset is: every table answers every input."""
    assert not [p for p in verify(rules) if p.code == GAP.code]


def test_the_law_fails_when_the_workbook_follows_other_rules(formula_evaluator: Any) -> None:
    """The law is not vacuous: a workbook built under aijri-2 disagrees with native under
    aijri-1 (its formulas read the Rules sheet's values, not a compiled-in copy)."""
    from pathlib import Path

    from jobzone.engine.core.ruleset import AIJRI_1
    from jobzone.engine.core.ruleset_file import ruleset_named
    from jobzone.workbooks.builder import build_workbook
    from jobzone.workbooks.reader import read_assessment
    from tests.agreement import disagreements

    root = Path(__file__).resolve().parent.parent / "examples"
    revised = ruleset_named(str(root / "rulesets" / "aijri-2.toml"))
    a = read_assessment(root / "llmops-engineer.xlsx")
    problems = disagreements(formula_evaluator, a, build_workbook(a, revised), rules=AIJRI_1)
    assert any("41.2" in p and "43.8" in p for p in problems), problems
    assert not disagreements(formula_evaluator, a, build_workbook(a, revised), rules=revised)
