"""A ruleset's decision tables verified like decision tables (`jobzone ruleset verify`).

Each table is first-match. Over the real input domain of each (the score from 0.0 to
the ruleset's maximum in steps of its rounding; the share of task time scoring 3+ from
0 to 100 % in steps of 0.01 %; growth and protective totals as whole numbers on their
scales), it finds: inputs where no row fires (gaps), rows that can never fire because
earlier rows take all their inputs (naming the rows that shadow them), thresholds out of
the score's domain or out of order, zones without a sub-label, and an override range
wide enough to cross two thresholds. A table's conditions change only at its bounds, so
each is evaluated at every bound and one step either side (and the domain's ends):
exactly the inputs the full domain would distinguish. Pure: standard library only.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from jobzone.engine.core.findings import Rule, Severity
from jobzone.engine.core.ruleset import (
    BARRIER_NAMES,
    EVIDENCE_NAMES,
    PRINCIPLE_NAMES,
    Bounds,
    Ruleset,
)

GAP = Rule("JZ630", Severity.error, "an input where no row of a decision table fires",
           "Decision tables are first-match; for this input no row matches, so the method "
           "has no answer (the workbook shows #N/A).", "add a catch-all row at the end")
SHADOWED = Rule("JZ631", Severity.warning, "a row that can never fire",
                "Earlier rows take every input this row matches, so it never decides "
                "anything; its author meant something else, or it can go.",
                "narrow the rows above it, or move it up")
THRESHOLDS = Rule("JZ632", Severity.error, "zone thresholds out of the score's domain or order",
                  "Zones are tried from the top: each threshold must be lower than the one "
                  "above it and inside the scores the method can give (0 to its maximum).",
                  "order the zones from the highest threshold down, within 0..maximum")
NO_SUB_LABEL = Rule("JZ633", Severity.error, "a zone without a sub-label",
                    "Every zone needs at least one sub-label row, or a role in that zone "
                    "gets none.", "add a sub-label row for the zone")
OVERRIDE_WIDE = Rule("JZ634", Severity.warning, "the override range crosses two thresholds",
                     "Some score is within the override range of two thresholds, so an "
                     "assessor could move it either way by the rules.",
                     "narrow the override range below half the gap between thresholds")
RULES = (GAP, SHADOWED, THRESHOLDS, NO_SUB_LABEL, OVERRIDE_WIDE)
SHARE_STEP = Decimal("0.0001")  # 0.01 % of task time


@dataclass(frozen=True)
class Problem:
    code: str
    table: str  # zones | sub_labels | quick_screen | override
    row: int | None  # 1-based row of its table
    message: str


def max_score(rules: Ruleset) -> Decimal:
    """The highest score the method can give under `rules`.

    The raw score is a product of four factors, each linear in one input total, so its
    maximum is at a corner: every task at one end of its scale, every evidence, barrier
    and growth score at one end of theirs (for aijri-1: tasks at 1, the rest at the top)."""
    c, s = rules.constants, rules.scales
    corners = itertools.product(
        [c.task_resistance_base - t for t in s.task],
        [c.modifier_base + c.evidence_weight * e * len(EVIDENCE_NAMES) for e in s.evidence],
        [c.modifier_base + c.barrier_weight * b * len(BARRIER_NAMES) for b in s.barrier],
        [c.modifier_base + c.growth_weight * g for g in s.growth])
    raw = max(tr * evidence * barrier * growth for tr, evidence, barrier, growth in corners)
    exact = (raw - c.raw_floor) / c.raw_range * c.score_scale
    step = Decimal(1).scaleb(-c.score_decimals)
    return max(Decimal(0), exact.quantize(step, rounding=ROUND_HALF_UP))


def _points(bounds: Sequence[Bounds], low: Decimal, high: Decimal, step: Decimal
            ) -> list[Decimal]:
    """The domain's ends, and every bound with one step either side, within the domain."""
    points = {low, high}
    for b in bounds:
        for edge in (b.low, b.high):
            if edge is None:
                continue
            on_grid = (edge / step).to_integral_value() * step
            points.update(on_grid + k * step for k in (-1, 0, 1))
    return sorted(p for p in points if low <= p <= high)


def _integers(scale: tuple[int, int]) -> list[Decimal]:
    return [Decimal(n) for n in range(scale[0], scale[1] + 1)]


def _table(name: str, rows: int, inputs: list[tuple[Decimal, ...]],
           fires: Callable[[int, tuple[Decimal, ...]], bool],
           describe: Callable[[tuple[Decimal, ...]], str], only: Callable[[int], bool]
           ) -> list[Problem]:
    """Gaps and never-firing rows of one first-match table over the given inputs."""
    problems: list[Problem] = []
    fired: dict[int, set[int]] = {}  # row -> rows that fired first on its inputs
    gaps = []
    for item in inputs:
        first = next((i for i in range(rows) if only(i) and fires(i, item)), None)
        if first is None:
            gaps.append(item)
        for i in range(rows):
            if only(i) and fires(i, item):
                fired.setdefault(i, set()).add(first if first is not None else i)
    if gaps:
        shown = "; ".join(describe(item) for item in gaps[:3])
        more = f" and {len(gaps) - 3} more" if len(gaps) > 3 else ""
        problems.append(Problem(GAP.code, name, None, f"no row of {name} fires for {shown}"
                                f"{more}"))
    for i in range(rows):
        if not only(i):
            continue
        winners = fired.get(i)
        if winners is None:
            problems.append(Problem(SHADOWED.code, name, i + 1, f"{name} row {i + 1} matches "
                                    "no input of its domain at all"))
        elif i not in winners:
            rows_text = ", ".join(str(w + 1) for w in sorted(winners))
            problems.append(Problem(SHADOWED.code, name, i + 1, f"{name} row {i + 1} never "
                                    f"fires: row(s) {rows_text} take every input it matches"))
    return problems


def verify(rules: Ruleset) -> list[Problem]:
    problems: list[Problem] = []
    top = max_score(rules)
    thresholds = [z.min_score for z in rules.zones if z.min_score is not None]
    for i, zone_rule in enumerate(rules.zones):
        if zone_rule.min_score is None:
            continue
        if not Decimal(0) < zone_rule.min_score <= top:
            problems.append(Problem(THRESHOLDS.code, "zones", i + 1,
                                    f"{zone_rule.zone}'s threshold {zone_rule.min_score} is "
                                    f"outside the scores the method can give (0 to {top})"))
    for i in range(1, len(thresholds)):
        if thresholds[i] >= thresholds[i - 1]:
            problems.append(Problem(THRESHOLDS.code, "zones", i + 1, f"thresholds out of order: "
                                    f"{thresholds[i]} after {thresholds[i - 1]}"))
    step = Decimal(1).scaleb(-rules.constants.score_decimals)
    scores = _points([Bounds(low=t) for t in thresholds], Decimal(0), top, step)
    problems += _table(
        "zones", len(rules.zones), [(s,) for s in scores],
        lambda i, item: Bounds(low=rules.zones[i].min_score).contains(item[0]),
        lambda item: f"score {item[0]}", lambda i: True)
    zones = [z.zone for z in rules.zones]
    for zone in zones:
        if not any(rule.zone == zone for rule in rules.sub_labels):
            problems.append(Problem(NO_SUB_LABEL.code, "sub_labels", None,
                                    f"zone {zone} has no sub-label row"))
    shares = _points([r.share_3_plus for r in rules.sub_labels], Decimal(0), Decimal(1),
                     SHARE_STEP)
    growths = _integers(rules.scales.growth)
    def sub_label_fires(i: int, item: tuple[Decimal, ...]) -> bool:
        row = rules.sub_labels[i]
        return row.share_3_plus.contains(item[0]) and row.growth.contains(item[1])

    for zone in zones:
        if not any(rule.zone == zone for rule in rules.sub_labels):
            continue

        def described(item: tuple[Decimal, ...], z: str = zone) -> str:
            return (f"a {z} role with {item[0] * 100:f}% of task time at "
                    f"{rules.constants.high_automation_score}+ and growth {item[1]:+}")

        def in_zone(i: int, z: str = zone) -> bool:
            return rules.sub_labels[i].zone == z

        problems += _table("sub_labels", len(rules.sub_labels),
                           [(s, g) for s in shares for g in growths], sub_label_fires,
                           described, in_zone)
    principle = rules.scales.principle
    protective = _integers((principle.low * len(PRINCIPLE_NAMES),
                            principle.high * len(PRINCIPLE_NAMES)))
    problems += _table(
        "quick_screen", len(rules.quick_screen), [(p, g) for p in protective for g in growths],
        lambda i, item: (rules.quick_screen[i].protective.contains(item[0])
                         and rules.quick_screen[i].growth.contains(item[1])),
        lambda item: f"protective {item[0]} and growth {item[1]:+}", lambda i: True)
    for high, low in itertools.pairwise(thresholds):
        if 2 * rules.constants.override_range >= high - low:
            middle = (high + low) / 2
            problems.append(Problem(OVERRIDE_WIDE.code, "override", None,
                                    f"a score of {middle:f} is within the "
                                    f"{rules.constants.override_range}-point override range "
                                    f"of both {high} and {low}"))
    # a row firing for no input is reported once, not once per zone table pass
    unique: dict[tuple[str, str, int | None, str], Problem] = {}
    for p in problems:
        unique.setdefault((p.code, p.table, p.row, p.message), p)
    return list(unique.values())
