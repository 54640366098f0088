"""The method's own rules on a scored assessment (METHODOLOGY sections 6-8).

Pure: an assessment, its native Result and the ruleset in, findings out. Only the
override is an error; the rest are the method's consistency warnings, which a
published assessment may legitimately carry (the reference itself has a quick
screen that disagrees with its zone).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, localcontext

from jobzone.engine.core.findings import Finding, Rule, Severity
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.result import Result
from jobzone.engine.core.rounding import EXACT_CONTEXT
from jobzone.engine.core.ruleset import Ruleset
from jobzone.workbooks import layout as L

INVALID_OVERRIDE = Rule(
    "JZ601", Severity.error, "invalid assessor override",
    "An override moves the zone by exactly one step, only when the score lies within "
    "5.0 points of the threshold crossed, and needs a reason (METHODOLOGY section 6). "
    "An invalid override is ignored: the final zone stays the formula's zone.",
    "clear the override, or choose the adjacent zone when the score is close enough")
ABOVE_100 = Rule(
    "JZ602", Severity.warning, "score above 100",
    "The normaliser 7.93 assumes a barrier modifier of at most 1.10, so scores up to "
    "109.7 are possible; the score is reported as computed, never clamped (section 2).",
    None)
NEAR_THRESHOLD = Rule(
    "JZ603", Severity.warning, "score within 0.05 of a zone threshold",
    "The unrounded score is so close to a zone threshold that a different rounding "
    "would change the zone (section 8); a reviewer should look at the inputs.",
    None)
LABEL_MISFIT = Rule(
    "JZ604", Severity.warning, "task label does not fit its score",
    "Usually a score above the ruleset's high-automation mark is DISPLACEMENT, one at it "
    "AUGMENTATION and one below it NOT INVOLVED (aijri-1: 4-5, 3 and 1-2; section 8); "
    "published assessments break this sometimes, so it is a warning.",
    "check the label or the score")
QUICK_SCREEN_DISAGREES = Rule(
    "JZ605", Severity.info, "quick screen disagrees with the final zone",
    "The quick screen is advisory (section 7) and never changes the score; a "
    "disagreement is legitimate when the task decomposition outweighs the screen.",
    None)
RULES = (INVALID_OVERRIDE, ABOVE_100, NEAR_THRESHOLD, LABEL_MISFIT, QUICK_SCREEN_DISAGREES)

# "A score within 0.05 of a zone threshold (ambiguous under any rounding)": section 8.
THRESHOLD_MARGIN = Decimal("0.05")


def usual_label(score: int, rules: Ruleset) -> str:
    """Section 8's usual label of a task score (an attribute of Labels), relative to the
    score the "share of task time scoring 3+" counts from."""
    mark = rules.constants.high_automation_score
    return "displacement" if score > mark else "augmentation" if score == mark \
        else "not_involved"


def check_method(assessment: Assessment, result: Result, rules: Ruleset, file: str,
                 task_rows: Sequence[int]) -> list[Finding]:
    """Sections 6-8 on one scored assessment; `task_rows` are the tasks' Excel rows."""
    findings = []
    score_sheet, score_cell = L.result_cell("Score")
    if result.override_problem is not None:
        findings.append(INVALID_OVERRIDE.finding(
            file, L.OVERRIDE, f"{L.OVERRIDE_VALUE_COLUMN}{L.OVERRIDE_ZONE_ROW}",
            f"invalid assessor override: {result.override_problem}; "
            f"the final zone stays {result.final_zone}"))
    if result.score > rules.constants.score_scale:
        findings.append(ABOVE_100.finding(
            file, score_sheet, score_cell,
            f"score {result.score} is above {rules.constants.score_scale:f} (not clamped)"))
    findings.extend(_near_threshold(result, rules, file))
    findings.extend(_label_misfits(assessment, rules, file, task_rows))
    screened = screened_zone(result.quick_screen, rules)
    if screened is not None and screened != result.final_zone:
        sheet, cell = L.result_cell("QuickScreen")
        findings.append(QUICK_SCREEN_DISAGREES.finding(
            file, sheet, cell, f"quick screen says {result.quick_screen!r} but the final zone "
            f"is {result.final_zone} (advisory only)"))
    return findings


def unrounded_score(result: Result, rules: Ruleset) -> Decimal:
    """The exact score before ROUND: what a threshold's ambiguity is judged on."""
    c = rules.constants
    with localcontext(EXACT_CONTEXT):
        return (result.raw - c.raw_floor) / c.raw_range * c.score_scale


def _near_threshold(result: Result, rules: Ruleset, file: str) -> list[Finding]:
    exact = unrounded_score(result, rules)
    sheet, cell = L.result_cell("Score")
    findings = []
    for zone in rules.zones:
        if zone.min_score is None:
            continue
        distance = abs(exact - zone.min_score)
        if distance <= THRESHOLD_MARGIN:
            findings.append(NEAR_THRESHOLD.finding(
                file, sheet, cell,
                f"unrounded score {_short(exact)} is {_short(distance)} from the {zone.zone} "
                f"threshold {zone.min_score}; it rounds to {result.score} ({result.zone})"))
    return findings


def _short(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.0001')).normalize():f}"


def _label_misfits(assessment: Assessment, rules: Ruleset, file: str,
                   task_rows: Sequence[int]) -> list[Finding]:
    findings, labels = [], rules.labels
    for task, row in zip(assessment.tasks, task_rows, strict=False):
        usual = getattr(labels, usual_label(task.score, rules))
        if task.label != usual:
            findings.append(LABEL_MISFIT.finding(
                file, L.TASKS, f"{L.TASK_COLUMNS.label}{row}",
                f"label {task.label} does not fit score {task.score} (usually {usual})"))
    return findings


def screened_zone(quick_screen: str, rules: Ruleset) -> str | None:
    """The zone a quick-screen result points to ("Likely Green" -> Green), if any."""
    for zone in rules.zone_names():
        if re.search(rf"\b{re.escape(zone)}\b", quick_screen):
            return zone
    return None
