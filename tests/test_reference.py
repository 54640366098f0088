"""The published reference, reproduced to the digit natively."""

from __future__ import annotations

from decimal import Decimal

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import AIJRI_1


def test_reference_intermediates(reference: Assessment) -> None:
    r = evaluate(reference, AIJRI_1)
    assert r.weighted == tuple(Decimal(x) for x in
                               ("0.60", "0.45", "0.60", "0.40", "0.60", "0.40", "0.20", "0.10"))
    assert r.weighted_sum == Decimal("3.35")
    assert r.task_resistance == Decimal("2.65")
    assert (r.evidence_total, r.evidence_modifier) == (7, Decimal("1.28"))
    assert (r.barrier_total, r.barrier_modifier) == (1, Decimal("1.02"))
    assert (r.growth_correlation, r.growth_modifier) == (2, Decimal("1.10"))
    assert r.raw == Decimal("3.805824")
    assert r.score == Decimal("41.2")
    assert (r.zone, r.sub_label, r.final_zone) == ("Yellow", "Yellow (Urgent)", "Yellow")
    assert r.share_scoring_3_plus == 85
    assert (r.label_split.displacement, r.label_split.augmentation,
            r.label_split.not_involved) == (50, 35, 15)
    assert r.protective_total == 1
    assert r.quick_screen == "Likely Green (Accelerated)"
    assert r.override_valid is False and r.override_problem is None
    assert r.shares_total == 100


def test_reference_role_and_narrative(reference: Assessment) -> None:
    assert reference.role.job_title == "LLMOps Engineer"
    assert reference.role.seniority == "Mid-level"
    assert reference.role.seniority_note.startswith("Junior LLMOps engineers (0-2 years)")
    titles = [s.title for s in reference.narrative]
    assert "Score vs Reality Check" in titles
    assert "What This Means" in titles
    what = next(s for s in reference.narrative if s.title == "What This Means")
    assert what.text.endswith("shrink as platforms mature.")
    assert reference.override.zone is None
    assert reference.override.reason.startswith("formula score accepted.")
