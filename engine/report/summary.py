"""What a portfolio adds up to: zone and sub-label counts, task time by score, findings.

Pure arithmetic over rows, shared by every format so the HTML's charts, the XLSX's
summary sheet and the JSON's `summary` always show the same figures.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jobzone.engine.core.findings import Severity
from jobzone.engine.core.rounding import spreadsheet_round
from jobzone.engine.report.rows import Portfolio, Status


@dataclass(frozen=True)
class Summary:
    roles: int
    by_status: dict[str, int]  # scored / invalid / unreadable
    final_zones: tuple[tuple[str, int], ...]  # in ruleset order, every zone listed
    formula_zones: tuple[tuple[str, int], ...]
    sub_labels: tuple[tuple[str, str, int], ...]  # (sub-label, zone, roles), table order
    # Mean over scored roles of each role's percent of task time at each automation score.
    time_by_score: tuple[tuple[int, Decimal], ...]
    overrides_applied: int
    median_score: Decimal | None  # exact: the middle score, or the mean of the two middle ones
    mean_score: Decimal | None  # spreadsheet-rounded to the score's one decimal
    findings: dict[str, int]  # findings per severity
    roles_with_problems: int  # roles with an error or a warning (notes do not count)

    @property
    def scored(self) -> int:
        return self.by_status[Status.scored.value]

    def to_json(self) -> dict[str, Any]:
        return {
            "roles": self.roles,
            "by_status": dict(self.by_status),
            "final_zones": dict(self.final_zones),
            "formula_zones": dict(self.formula_zones),
            "sub_labels": {label: count for label, _, count in self.sub_labels},
            "time_by_score": {str(score): float(share) for score, share in self.time_by_score},
            "overrides_applied": self.overrides_applied,
            "median_score": None if self.median_score is None else float(self.median_score),
            "mean_score": None if self.mean_score is None else float(self.mean_score),
            "findings": dict(self.findings),
            "roles_with_problems": self.roles_with_problems,
        }


def _ordered(counts: Counter[str], order: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """Every name in `order` (zero counts included), then any other name met, sorted."""
    extra = sorted(name for name in counts if name not in order)
    return tuple((name, counts.get(name, 0)) for name in (*order, *extra))


def summarise(p: Portfolio) -> Summary:
    scored = [row for row in p.rows if row.record is not None]
    # Scores have one decimal, so their text is the exact Decimal the method computed.
    scores = [Decimal(str(row.score)) for row in scored if row.score is not None]
    sub_label_zone = dict(p.sub_labels)
    sub_counts = Counter(row.sub_label or "" for row in scored)
    sub_labels = tuple((label, sub_label_zone.get(label, ""), count) for label, count in
                       _ordered(sub_counts, tuple(sub_label_zone)))
    n = len(scored)
    time_by_score = tuple(
        (score, (sum((row.share_at(score) for row in scored), Decimal(0)) / n) if n
         else Decimal(0))
        for score in p.task_scores)
    severities = Counter(f.severity.value for row in p.rows for f in row.findings)
    return Summary(
        roles=len(p.rows),
        by_status={status.value: sum(1 for row in p.rows if row.status is status)
                   for status in Status},
        final_zones=_ordered(Counter(row.value("final_zone") for row in scored), p.zones),
        formula_zones=_ordered(Counter(row.value("zone") for row in scored), p.zones),
        sub_labels=sub_labels,
        time_by_score=time_by_score,
        overrides_applied=sum(1 for row in scored if row.value("override_valid")),
        median_score=statistics.median(scores) if scores else None,
        mean_score=spreadsheet_round(sum(scores, Decimal(0)) / len(scores), 1) if scores else None,
        findings={severity.value: severities.get(severity.value, 0) for severity in Severity},
        roles_with_problems=sum(1 for row in p.rows if row.problems),
    )
