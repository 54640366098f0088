"""Agreement for every ruleset: the workbook's own formulas equal native evaluation under
any valid ruleset, not only under aijri-1.

Rulesets are drawn (`tests.ruleset_strategies`: constants, vocabulary, zones, sub-label
and quick-screen rows, input scales), assessments drawn on each one's scales (or edge
cases moved under it), and the workbook built under the ruleset is evaluated through
`formulas` (a compiled model per layout: the tables' heights and the task scale place
formulas, the rest is the Rules sheet's values). Under HYPOTHESIS_PROFILE=ci the law runs
500 examples; every drawn ruleset also passes `jobzone ruleset verify`'s gap check and
it has a sub-label and a quick-screen answer for every input.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import Ruleset
from jobzone.engine.core.ruleset_verify import GAP, verify
from tests.agreement import assert_agree
from tests.ruleset_strategies import cases, rulesets

EXAMPLES = max(25, settings().max_examples // 2)


@settings(max_examples=EXAMPLES)
@given(cases())
def test_formulas_agree_with_native_under_any_ruleset(formula_evaluator: Any,
                                                      case: tuple[Ruleset, Assessment]) -> None:
    rules, a = case
    assert_agree(formula_evaluator, a, rules=rules)


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
