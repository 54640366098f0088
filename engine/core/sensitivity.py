"""How close a score is to changing, and which inputs would change it: `jobzone explain`.

The analyst's next questions after a score, answered with the method's own arithmetic
and rounding (every figure comes from `evaluate`, never from a linear estimate):

- the distance to each zone threshold, and whether an assessor override may cross it
  (METHODOLOGY section 6), worded as the method words it ("The score sits 6.8 points
  below the Green threshold, beyond the 5-point assessor override range");
- a tornado: for every input (each task's score and time share, each principle,
  evidence and barrier score, the growth correlation), the score one step down and one
  step up, ranked by the larger swing;
- switching values (the appraisal term, HM Treasury's Green Book): for every input,
  the nearest value in each direction at which the zone, or the sub-label, changes;
- the smallest single-input change that moves the zone, and the one that moves the
  sub-label, or "none within the scale".

A time share cannot move alone (shares sum to 100 %), so a share step moves time
between the task and the other tasks, in proportion to their shares, to the hundredth
of a percent (largest remainders), keeping every share valid. Pure: no files.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment, Rated
from jobzone.engine.core.result import Result
from jobzone.engine.core.ruleset import Ruleset, Scale

SHARE_STEP = Decimal(5)  # percentage points of time moved by one step of a time share
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Threshold:
    """A zone boundary and where the score stands against it."""

    zone: str
    min_score: Decimal
    distance: Decimal  # score - min_score: negative below the threshold
    override_allowed: bool  # an override of one zone across it would be valid
    sentence: str


@dataclass(frozen=True)
class Input:
    """One input an analyst sets: what it is, where it is, its value and its scale."""

    key: str  # stable: "task[2].score", "evidence[0].score", "growth.score"
    label: str  # for people: "Task 'Monitoring, observability & drift detection' score"
    value: Decimal
    low: Decimal
    high: Decimal
    step: Decimal
    unit: str = ""  # "%" for time shares


@dataclass(frozen=True)
class Move:
    """An input set to another value, and what the method then gives."""

    input: Input
    value: Decimal
    score: Decimal
    zone: str
    sub_label: str

    @property
    def steps(self) -> Decimal:
        return abs(self.value - self.input.value) / self.input.step


@dataclass(frozen=True)
class Swing:
    """A tornado bar: the score one step down and one step up (None at the scale's end)."""

    input: Input
    down: Move | None
    up: Move | None
    base: Decimal

    @property
    def size(self) -> Decimal:
        moves = (m for m in (self.down, self.up) if m is not None)
        return max((abs(m.score - self.base) for m in moves), default=Decimal(0))


@dataclass(frozen=True)
class Switching:
    """The nearest values, down and up, at which the zone (or sub-label) changes."""

    input: Input
    zone_down: Move | None
    zone_up: Move | None
    sub_label_down: Move | None
    sub_label_up: Move | None


@dataclass(frozen=True)
class Explanation:
    result: Result
    thresholds: tuple[Threshold, ...]
    tornado: tuple[Swing, ...]  # largest swing first
    switching: tuple[Switching, ...]  # in input order
    smallest_zone_change: Move | None
    smallest_sub_label_change: Move | None


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


def thresholds(result: Result, rules: Ruleset) -> tuple[Threshold, ...]:
    """Each zone's threshold against the score, worded as the method words it.

    The threshold of zone i separates it from zone i+1 below; an assessor override may
    cross it only from one of those two zones, by one zone, within the override range
    (METHODOLOGY section 6, `override_problem`)."""
    here = rules.zone_names().index(result.zone)
    override_range = rules.constants.override_range
    out = []
    for index, rule in enumerate(rules.zones):
        if rule.min_score is None:
            continue
        distance = result.score - rule.min_score
        adjacent = here in (index, index + 1) and rules.constants.override_steps == 1
        allowed = adjacent and abs(distance) <= override_range
        if distance == 0:
            sentence = f"The score sits exactly at the {rule.zone} threshold."
        else:
            side = "below" if distance < 0 else "above"
            sentence = (f"The score sits {_number(abs(distance))} points {side} the "
                        f"{rule.zone} threshold")
            if not adjacent:
                sentence += "."
            elif allowed:
                sentence += (f", within the {_number(override_range)}-point assessor "
                             "override range.")
            else:
                sentence += (f", beyond the {_number(override_range)}-point assessor "
                             "override range.")
        out.append(Threshold(rule.zone, rule.min_score, distance, allowed, sentence))
    return tuple(out)


def inputs(assessment: Assessment, rules: Ruleset) -> list[Input]:
    """Every input the method reads, with its scale under `rules`."""
    def scale(bounds: Scale) -> tuple[Decimal, Decimal, Decimal]:
        return Decimal(bounds.low), Decimal(bounds.high), Decimal(1)

    scales = rules.scales

    found = []
    for index, task in enumerate(assessment.tasks):
        found.append(Input(f"task[{index}].score", f"Task {task.name!r} score",
                           Decimal(task.score), *scale(scales.task)))
        if len(assessment.tasks) > 1:
            found.append(Input(f"task[{index}].time_share", f"Task {task.name!r} time share",
                               task.time_share, Decimal(0), Decimal(100), SHARE_STEP, "%"))
    for kind, items, bounds in (("principle", assessment.principles, scales.principle),
                                ("evidence", assessment.evidence, scales.evidence),
                                ("barrier", assessment.barriers, scales.barrier)):
        for index, item in enumerate(items):
            found.append(Input(f"{kind}[{index}].score", f"{kind.capitalize()} "
                               f"{item.name!r} score", Decimal(item.score), *scale(bounds)))
    found.append(Input("growth.score", "AI growth correlation", Decimal(assessment.growth.score),
                       *scale(scales.growth)))
    return found


def _rated(items: tuple[Rated, ...], index: int, value: Decimal) -> tuple[Rated, ...]:
    return tuple(dataclasses.replace(item, score=int(value)) if i == index else item
                 for i, item in enumerate(items))


def _shares(shares: list[Decimal], index: int, value: Decimal) -> list[Decimal] | None:
    """Task `index` at `value` %, the rest rescaled in proportion to sum to 100 again, to the
    hundredth (largest remainders); None when the others hold no time to take from."""
    others = [s for i, s in enumerate(shares) if i != index]
    rest, total = Decimal(100) - value, sum(others, Decimal(0))
    if total == 0:
        if rest != 0 or not others:
            return None
        scaled = [Decimal(0)] * len(others)
    else:
        exact = [s * rest / total for s in others]
        scaled = [e.quantize(HUNDREDTH, rounding=ROUND_FLOOR) for e in exact]
        left = int((rest - sum(scaled, Decimal(0))) / HUNDREDTH)
        order = sorted(range(len(exact)), key=lambda i: (scaled[i] - exact[i], i))
        for i in order[:left]:
            scaled[i] += HUNDREDTH
    it = iter(scaled)
    return [value if i == index else next(it) for i in range(len(shares))]


def with_value(assessment: Assessment, key: str, value: Decimal) -> Assessment | None:
    """The assessment with one input set to `value`; None when that cannot be (a share
    with nothing to take time from)."""
    head, _, field_name = key.partition(".")
    if head == "growth":
        return dataclasses.replace(assessment, growth=dataclasses.replace(
            assessment.growth, score=int(value)))
    kind, _, rest = head.partition("[")
    index = int(rest.rstrip("]"))
    if kind == "task":
        tasks = list(assessment.tasks)
        if field_name == "score":
            tasks[index] = dataclasses.replace(tasks[index], score=int(value))
        else:
            shares = _shares([t.time_share for t in tasks], index, value)
            if shares is None:
                return None
            tasks = [dataclasses.replace(t, time_share=s) for t, s in zip(tasks, shares,
                                                                         strict=True)]
        return dataclasses.replace(assessment, tasks=tuple(tasks))
    if kind == "principle":
        return dataclasses.replace(assessment,
                                   principles=_rated(assessment.principles, index, value))
    if kind == "evidence":
        return dataclasses.replace(assessment, evidence=_rated(assessment.evidence, index, value))
    return dataclasses.replace(assessment, barriers=_rated(assessment.barriers, index, value))


def _move(assessment: Assessment, item: Input, value: Decimal, rules: Ruleset) -> Move | None:
    changed = with_value(assessment, item.key, value)
    if changed is None:
        return None
    r = evaluate(changed, rules)
    return Move(item, value, r.score, r.zone, r.sub_label)


def _values(item: Input, direction: int) -> Iterator[Decimal]:
    """The input's values a step at a time outwards in one direction, within its scale; a
    share not on a step's multiple goes first to the nearest multiple that way."""
    whole = item.value / item.step
    if direction > 0:
        value = (whole.to_integral_value(rounding=ROUND_FLOOR) + 1) * item.step
    else:
        value = (whole.to_integral_value(rounding=ROUND_CEILING) - 1) * item.step
    while item.low <= value <= item.high:
        yield value
        value += direction * item.step


def _first(assessment: Assessment, item: Input, direction: int, rules: Ruleset,
           changes: Callable[[Move], bool]) -> Move | None:
    for value in _values(item, direction):
        move = _move(assessment, item, value, rules)
        if move is not None and changes(move):
            return move
    return None


def _swing(assessment: Assessment, item: Input, base: Decimal, rules: Ruleset) -> Swing:
    down = next((_move(assessment, item, v, rules) for v in _values(item, -1)), None)
    up = next((_move(assessment, item, v, rules) for v in _values(item, 1)), None)
    return Swing(item, down, up, base)


def tornado(assessment: Assessment, rules: Ruleset) -> tuple[Swing, ...]:
    """Every input one step down and one step up, the largest swing first (two
    evaluations an input: cheap enough for every role of a portfolio report)."""
    base = evaluate(assessment, rules).score
    swings = [_swing(assessment, item, base, rules) for item in inputs(assessment, rules)]
    return tuple(sorted(swings, key=lambda s: (-s.size, s.input.key)))


def explain(assessment: Assessment, rules: Ruleset) -> Explanation:
    """Thresholds, tornado, switching values and the smallest changes, for one assessment."""
    base = evaluate(assessment, rules)
    swings, switches = [], []
    for item in inputs(assessment, rules):
        swings.append(_swing(assessment, item, base.score, rules))
        zone_moves = [_first(assessment, item, d, rules, lambda m: m.zone != base.zone)
                      for d in (-1, 1)]
        label_moves = [_first(assessment, item, d, rules,
                              lambda m: m.sub_label != base.sub_label) for d in (-1, 1)]
        switches.append(Switching(item, *zone_moves, *label_moves))
    tornado = tuple(sorted(swings, key=lambda s: (-s.size, s.input.key)))

    def smallest(moves: list[Move | None]) -> Move | None:
        found = [m for m in moves if m is not None]
        return min(found, key=lambda m: (m.steps, -abs(m.score - base.score), m.input.key),
                   default=None)

    zone_change = smallest([m for s in switches for m in (s.zone_down, s.zone_up)])
    label_change = smallest([m for s in switches for m in (s.sub_label_down, s.sub_label_up)])
    return Explanation(base, thresholds(base, rules), tornado, tuple(switches), zone_change,
                       label_change)
