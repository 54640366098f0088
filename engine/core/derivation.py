"""A scored assessment as a readable derivation and as a JSON record.

The text follows the published write-ups ("Raw: 2.65 x 1.28 x 1.02 x 1.10 =
3.8058"), so an analyst can check jobzone's arithmetic against the page line by line.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jobzone.engine.core.model import Assessment
from jobzone.engine.core.result import Result
from jobzone.engine.core.rounding import spreadsheet_round
from jobzone.engine.core.ruleset import PRINCIPLE_NAMES, Bounds, Ruleset


def fixed(value: Decimal, places: int) -> str:
    """A value as the workbook displays it: spreadsheet-rounded to `places`."""
    return f"{spreadsheet_round(value, places):.{places}f}"


def percent(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def signed(value: int) -> str:
    return f"+{value}" if value > 0 else str(value)


def _zone_legend(rules: Ruleset) -> str:
    parts = []
    for rule in rules.zones:
        parts.append(f"{rule.zone} < {rules.zones[-2].min_score}" if rule.min_score is None
                     else f"{rule.zone} >= {rule.min_score}")
    return ", ".join(parts)


def _rule_text(zone: str, share: Bounds, growth: Bounds, mark: int) -> str:
    parts = [zone]
    if share.low is not None or share.high is not None:
        low = f">= {percent(share.low * 100)}" if share.low is not None else ""
        high = f"<= {percent(share.high * 100)}" if share.high is not None else ""
        parts.append(f"share {mark}+ {' '.join(p for p in (low, high) if p)}")
    if growth.low is not None or growth.high is not None:
        parts.append(f"growth {growth.describe()}")
    return ", ".join(parts)


def scorecard_text(file: str, a: Assessment, r: Result, rules: Ruleset) -> str:
    """The derivation, one line per step of the method (maxima and the high-automation
    mark as the ruleset's scales and constants give them: 5.0, 100, 3+ and 9 in aijri-1)."""
    c, s = rules.constants, rules.scales
    mark = c.high_automation_score
    label = f"Share scoring {mark}+"
    rule = rules.sub_labels[r.sub_label_row - 1]
    override = ("None" if a.override.zone is None else
                f"{a.override.zone} (from {r.zone}) — "
                + ("valid" if r.override_valid else f"INVALID: {r.override_problem}"))
    split = r.label_split
    title = a.role.job_title or "(untitled role)"
    seniority = f" ({a.role.seniority})" if a.role.seniority else ""
    lines = [
        f"{title}{seniority} — {file}",
        f"  Weighted sum W       {fixed(r.weighted_sum, 2)}  ({len(a.tasks)} tasks)",
        f"  Task resistance      {fixed(c.task_resistance_base, 2)} - {fixed(r.weighted_sum, 2)}"
        f" = {fixed(r.task_resistance, 2)}/{fixed(c.task_resistance_base - s.task.low, 1)}",
        f"  Evidence modifier    {fixed(c.modifier_base, 1)} + ({r.evidence_total} x "
        f"{fixed(c.evidence_weight, 2)}) = {fixed(r.evidence_modifier, 2)}",
        f"  Barrier modifier     {fixed(c.modifier_base, 1)} + ({r.barrier_total} x "
        f"{fixed(c.barrier_weight, 2)}) = {fixed(r.barrier_modifier, 2)}",
        f"  Growth modifier      {fixed(c.modifier_base, 1)} + ({r.growth_correlation} x "
        f"{fixed(c.growth_weight, 2)}) = {fixed(r.growth_modifier, 2)}",
        f"  Raw                  {fixed(r.task_resistance, 2)} x {fixed(r.evidence_modifier, 2)}"
        f" x {fixed(r.barrier_modifier, 2)} x {fixed(r.growth_modifier, 2)}"
        f" = {fixed(r.raw, 4)}",
        f"  JobZone Score        ({fixed(r.raw, 4)} - {fixed(c.raw_floor, 2)}) / "
        f"{fixed(c.raw_range, 2)} x {c.score_scale.normalize():f} = "
        f"{fixed(r.score, c.score_decimals)}/{c.score_scale.normalize():f}",
        f"  Zone                 {r.zone}  ({_zone_legend(rules)})",
        f"  {label:<21}{percent(r.share_scoring_3_plus)}",
        f"  Sub-label            {r.sub_label}  (rule {r.sub_label_row}: "
        f"{_rule_text(rule.zone, rule.share_3_plus, rule.growth, mark)})",
        f"  Assessor override    {override}",
        f"  Final zone           {r.final_zone}",
        f"  Label split          {percent(split.displacement)} displacement, "
        f"{percent(split.augmentation)} augmentation, {percent(split.not_involved)} not involved",
        f"  Protective total     {r.protective_total}/"
        f"{len(PRINCIPLE_NAMES) * s.principle.high}",
        f"  Quick screen         {r.quick_screen}  (protective {r.protective_total}, "
        f"growth {signed(r.growth_correlation)}; advisory)",
    ]
    return "\n".join(lines)


def _number(value: Decimal) -> float:
    return float(value)


def score_record(file: str, a: Assessment, r: Result, rules: Ruleset) -> dict[str, Any]:
    """The JSON object `jobzone score --format json` prints for one file."""
    return {
        "file": file,
        "job_title": a.role.job_title,
        "seniority": a.role.seniority,
        "ruleset": rules.name,
        "weighted_sum": _number(r.weighted_sum),
        "task_resistance": _number(r.task_resistance),
        "evidence_total": r.evidence_total,
        "barrier_total": r.barrier_total,
        "growth_correlation": r.growth_correlation,
        "evidence_modifier": _number(r.evidence_modifier),
        "barrier_modifier": _number(r.barrier_modifier),
        "growth_modifier": _number(r.growth_modifier),
        "raw": _number(r.raw),
        "score": _number(r.score),
        "zone": r.zone,
        "sub_label": r.sub_label,
        "override_zone": a.override.zone,
        "override_valid": r.override_valid,
        "override_problem": r.override_problem,
        "final_zone": r.final_zone,
        "share_scoring_3_plus": _number(r.share_scoring_3_plus),
        "label_split": {
            "displacement": _number(r.label_split.displacement),
            "augmentation": _number(r.label_split.augmentation),
            "not_involved": _number(r.label_split.not_involved),
        },
        "protective_total": r.protective_total,
        "quick_screen": r.quick_screen,
        "tasks": len(a.tasks),
    }
