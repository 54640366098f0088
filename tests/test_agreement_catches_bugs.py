"""The agreement suite can fail: seeded bugs are found by the same strategies.

Each test plants one bug on the workbook side (a model compiled with Python's
round as ROUND, or shares read back as binary floats) and asks hypothesis for an
assessment on which the workbook and native disagree; it must find one, and the
shrunk counterexample is printed (`pytest -s`) so it can be quoted. A suite that
passed with these bugs in place would prove nothing.

(`formulas`' own ROUND is not among them: it rounds 1.005 to 1.0, but it is right
on every value the canonical formulas round, each score tie x.x5 up to 110 and the
near-exact ROUND(x, 10) intermediates, so no assessment tells it apart; the
LibreOffice table in `test_excel_functions` shows where it is wrong.)
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st

from jobzone.engine.core.model import Assessment
from jobzone.engine.recalc.compile import CompiledModelCache
from jobzone.engine.recalc.evaluator import FormulaEvaluator
from jobzone.engine.recalc.functions.rounding import EXCEL_FUNCTIONS
from jobzone.engine.recalc.workbook_result import _Reader
from tests.agreement import describe, disagreements
from tests.strategies import assessments, edge_assessments

SEARCH = settings(max_examples=1000, database=None, deadline=None,
                  phases=[Phase.generate, Phase.shrink],
                  suppress_health_check=list(HealthCheck))
CANDIDATES = st.one_of(assessments(max_tasks=8), edge_assessments())


def python_round(value: float, digits: float) -> float:
    """Python's round: half to even, on the binary double."""
    return round(value, int(digits))


def _evaluator_with(round_function: Callable[..., float]) -> FormulaEvaluator:
    """An evaluator whose models are compiled with `round_function` as ROUND."""
    functions = {**EXCEL_FUNCTIONS, "ROUND": round_function}
    return FormulaEvaluator(CompiledModelCache(size=1, functions=functions))


def _counterexample(evaluator: FormulaEvaluator) -> Assessment:
    found = find(CANDIDATES, lambda a: bool(disagreements(evaluator, a)), settings=SEARCH)
    print(f"\ncounterexample: {describe(found)}")
    for problem in disagreements(evaluator, found):
        print(f"  {problem}")
    return found


def test_python_round_as_round_is_caught() -> None:
    seeded = _evaluator_with(python_round)
    found = _counterexample(seeded)
    assert disagreements(seeded, found)
    assert not disagreements(FormulaEvaluator(), found), "the Excel-faithful ROUND agrees on it"


def test_shares_read_as_binary_floats_are_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shares read with Decimal(float) (0.85 -> 0.8499999999999999778...), not as shown."""

    def binary_percent(self: _Reader, name: str) -> Decimal:
        value = self.named.get(name)
        return Decimal(value) * 100 if isinstance(value, float) else self.number(name) * 100

    evaluator = FormulaEvaluator()
    monkeypatch.setattr(_Reader, "percent", binary_percent)
    found = _counterexample(evaluator)
    assert all("share" in p or "label_split" in p for p in disagreements(evaluator, found))
