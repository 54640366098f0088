"""The AIJRI method, natively: exact decimals in, a full Result out.

Pure: no files, clock or environment. Every threshold comparison is made on a
rounded (hence exact) value, exactly as the workbook's formulas do, so the two can
be proven to agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext

from jobzone.engine.core.model import Assessment, Override
from jobzone.engine.core.result import LabelSplit, Result
from jobzone.engine.core.rounding import EXACT_CONTEXT, spreadsheet_round
from jobzone.engine.core.ruleset import Bounds, Ruleset

PERCENT = Decimal(100)


def evaluate(assessment: Assessment, rules: Ruleset) -> Result:
    """Score one assessment under `rules` (METHODOLOGY sections 2-7)."""
    c = rules.constants
    with localcontext(EXACT_CONTEXT):
        fractions = [task.time_share / PERCENT for task in assessment.tasks]
        weighted = tuple(
            share * task.score for share, task in zip(fractions, assessment.tasks, strict=True)
        )
        weighted_sum = sum(weighted, Decimal(0))
        task_resistance = c.task_resistance_base - weighted_sum
        evidence_total = sum(item.score for item in assessment.evidence)
        barrier_total = sum(item.score for item in assessment.barriers)
        growth = assessment.growth.score
        evidence_modifier = c.modifier_base + c.evidence_weight * evidence_total
        barrier_modifier = c.modifier_base + c.barrier_weight * barrier_total
        growth_modifier = c.modifier_base + c.growth_weight * growth
        raw = task_resistance * evidence_modifier * barrier_modifier * growth_modifier
        score = spreadsheet_round((raw - c.raw_floor) / c.raw_range * c.score_scale,
                                  c.score_decimals)
        zone = zone_for(score, rules)

        share_3_plus = sum(
            (f for f, t in zip(fractions, assessment.tasks, strict=True)
             if t.score >= c.high_automation_score),
            Decimal(0),
        )
        sub_label_row = first_firing(
            [(rule.zone == zone and rule.share_3_plus.contains(share_3_plus)
              and rule.growth.contains(Decimal(growth))) for rule in rules.sub_labels],
            "sub-label",
        )
        problem = override_problem(assessment.override, zone, score, rules)
        override_valid = assessment.override.zone is not None and problem is None
        final_zone = assessment.override.zone if override_valid else zone

        protective_total = sum(item.score for item in assessment.principles)
        quick_row = first_firing(
            [(rule.protective.contains(Decimal(protective_total))
              and rule.growth.contains(Decimal(growth))) for rule in rules.quick_screen],
            "quick-screen",
        )

        def label_share(label: str) -> Decimal:
            return sum((t.time_share for t in assessment.tasks if t.label == label), Decimal(0))

        return Result(
            weighted=weighted,
            weighted_sum=weighted_sum,
            task_resistance=task_resistance,
            evidence_total=evidence_total,
            barrier_total=barrier_total,
            growth_correlation=growth,
            evidence_modifier=evidence_modifier,
            barrier_modifier=barrier_modifier,
            growth_modifier=growth_modifier,
            raw=raw,
            score=score,
            zone=zone,
            share_scoring_3_plus=share_3_plus * PERCENT,
            sub_label=rules.sub_labels[sub_label_row - 1].sub_label,
            sub_label_row=sub_label_row,
            override_valid=override_valid,
            override_problem=problem,
            final_zone=final_zone or zone,
            label_split=LabelSplit(
                displacement=label_share(rules.labels.displacement),
                augmentation=label_share(rules.labels.augmentation),
                not_involved=label_share(rules.labels.not_involved),
            ),
            protective_total=protective_total,
            quick_screen=rules.quick_screen[quick_row - 1].result,
            quick_screen_row=quick_row,
            shares_total=sum((t.time_share for t in assessment.tasks), Decimal(0)),
        )


def zone_for(score: Decimal, rules: Ruleset) -> str:
    """The first zone whose minimum the rounded score reaches."""
    row = first_firing(
        [Bounds(low=rule.min_score).contains(score) for rule in rules.zones], "zone"
    )
    return rules.zones[row - 1].zone


def first_firing(fires: Sequence[bool], table: str) -> int:
    """1-based index of the first row that fires: decision tables are first-match."""
    for index, fired in enumerate(fires, start=1):
        if fired:
            return index
    raise ValueError(f"no row of the {table} table fires; the ruleset needs a catch-all row")


def override_problem(override: Override, zone: str, score: Decimal, rules: Ruleset) -> str | None:
    """Why an override is invalid (METHODOLOGY section 6), or None when it is valid or absent.

    A reason counts when it has a character other than a space: the workbook tests
    LEN(SUBSTITUTE(reason, " ", "")) > 0, and the two must agree.
    """
    if override.zone is None:
        return None
    names = rules.zone_names()
    if override.zone not in names:
        return f"override zone {override.zone!r} is not one of {', '.join(names)}"
    if not override.reason.replace(" ", ""):
        return "an override needs a reason"
    here, there = names.index(zone), names.index(override.zone)
    steps = abs(here - there)
    if steps != rules.constants.override_steps:
        return (f"override moves {steps} zones ({zone} -> {override.zone}); "
                f"it may move exactly {rules.constants.override_steps}")
    threshold = rules.zones[min(here, there)].min_score
    if threshold is None:
        raise ValueError(f"ruleset {rules.name}: only the last zone may lack a minimum score")
    distance = abs(score - threshold)
    if distance > rules.constants.override_range:
        return (f"score {score} is {distance} points from the {threshold} threshold, "
                f"beyond the {rules.constants.override_range}-point override range")
    return None
