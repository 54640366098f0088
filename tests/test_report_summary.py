"""Laws of the portfolio summary, over generated portfolios (no files involved)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.report.collect import portfolio
from jobzone.engine.report.render_html import render_html
from jobzone.engine.report.summary import summarise
from tests.factories import for_score
from tests.portfolio import portfolio_rows
from tests.strategies import assessments

# Each example scores up to 12 assessments; 100 examples cover the laws (CI stays quick).
SUMMARY_EXAMPLES = settings(max_examples=min(settings().max_examples, 100))


@SUMMARY_EXAMPLES
@given(st.lists(assessments(max_tasks=6), max_size=12), st.integers(0, 3))
def test_counts_add_up(items: list[Assessment], broken: int) -> None:
    s = summarise(portfolio(portfolio_rows(items, broken), AIJRI_1, "t", "now"))
    assert s.roles == len(items) + broken and s.scored == len(items)
    assert s.by_status == {"scored": len(items), "invalid": 0, "unreadable": broken}
    assert [zone for zone, _ in s.final_zones] == list(AIJRI_1.zone_names())
    assert sum(n for _, n in s.final_zones) == sum(n for _, n in s.formula_zones) == len(items)
    assert sum(n for _, _, n in s.sub_labels) == len(items)
    assert s.findings == {"error": broken, "warning": 0, "info": 0}
    assert s.roles_with_problems == broken


@SUMMARY_EXAMPLES
@given(st.lists(assessments(max_tasks=6), min_size=1, max_size=12))
def test_task_time_by_score_is_a_distribution(items: list[Assessment]) -> None:
    s = summarise(portfolio(portfolio_rows(items), AIJRI_1, "t", "now"))
    total = sum((share for _, share in s.time_by_score), Decimal(0))
    assert abs(total - 100) < Decimal("1e-20")
    assert all(share >= 0 for _, share in s.time_by_score)
    assert s.median_score is not None and s.mean_score is not None
    scores = sorted(evaluate(a, AIJRI_1).score for a in items)
    assert scores[0] <= s.median_score <= scores[-1]
    assert scores[0] <= s.mean_score <= scores[-1]


def test_sub_labels_follow_the_decision_table_with_zero_counts() -> None:
    s = summarise(portfolio([], AIJRI_1, "t", "now"))
    assert [label for label, _, _ in s.sub_labels] == [r.sub_label for r in AIJRI_1.sub_labels]
    assert [zone for _, zone, _ in s.sub_labels] == [r.zone for r in AIJRI_1.sub_labels]
    assert s.median_score is None and all(share == 0 for _, share in s.time_by_score)


def test_median_and_mean_round_as_the_method_does() -> None:
    items = [for_score("33.5"), for_score("33.6")]
    assert [evaluate(a, AIJRI_1).score for a in items] == [Decimal("33.5"), Decimal("33.6")]
    s = summarise(portfolio(portfolio_rows(items), AIJRI_1, "t", "now"))
    assert s.median_score == Decimal("33.55") and s.mean_score == Decimal("33.6")
    assert "<dd>33.6<small>mean 33.6</small>" in render_html(
        portfolio(portfolio_rows(items), AIJRI_1, "t", "now"))
