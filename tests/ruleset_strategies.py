"""Hypothesis strategies for valid rulesets, and assessments moved under one.

A drawn ruleset varies everything a revised method may change: the constants (on the
method's own grids: two-decimal weights, floors and ranges), the label vocabulary, the
zones (two to seven, thresholds descending on the score's grid, the last a catch-all),
the sub-label rows of each zone (bounded rows before a catch-all that keeps the table
gap-free) and the quick screen (bounded rows before its catch-all), and the input
scales (half the time aijri-1's; else each drawn, the task scale from a few shapes so
the Score sheet's distribution rows vary without a formula model per example). Tables
run past the Rules sheet's default capacity (5 zones, 12 sub-label rows, 8 quick-screen
rows) as often as not, so taller layouts are drawn too.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import strategies as st

from jobzone.engine.core.model import Assessment, Override, Rated, Task
from jobzone.engine.core.ruleset import (
    AIJRI_1,
    PRINCIPLE_NAMES,
    Bounds,
    Constants,
    Labels,
    QuickScreenRule,
    Ruleset,
    Scale,
    Scales,
    SubLabelRule,
    ZoneRule,
)

# beyond the default capacities (5, 12, 8): taller tables are laid out in steps of four
MAX_ZONES, MAX_SUB_LABELS, MAX_QUICK_SCREEN = 7, 20, 11

ZONE_NAMES = ("Green", "Yellow", "Amber", "Orange", "Red", "Blue", "Violet")
LABEL_WORDS = ("DISPLACEMENT", "AUGMENTATION", "NOT INVOLVED", "REPLACED", "ASSISTED",
               "UNTOUCHED", "Automated", "Aided", "Human")


def _hundredths(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: Decimal(n) / 100)


def _bounds(low: int, high: int, scale: Decimal) -> st.SearchStrategy[Bounds]:
    """An interval on a grid of `scale` inside [low, high] (in grid steps), either end open."""
    def build(a: int, b: int, keep: tuple[bool, bool]) -> Bounds:
        a, b = min(a, b), max(a, b)
        return Bounds(Decimal(a) * scale if keep[0] else None,
                      Decimal(b) * scale if keep[1] else None)

    # at least one end kept (drawn, not filtered: a narrow scale would reject too often)
    return st.builds(build, st.integers(low, high), st.integers(low, high),
                     st.sampled_from([(True, False), (False, True), (True, True)]))


@st.composite
def constants(draw: st.DrawFn) -> Constants:
    return Constants(
        task_resistance_base=draw(_hundredths(500, 700)),
        modifier_base=Decimal(1),
        evidence_weight=draw(_hundredths(0, 10)),
        barrier_weight=draw(_hundredths(0, 10)),
        growth_weight=draw(_hundredths(0, 10)),
        raw_floor=draw(_hundredths(0, 150)),
        raw_range=draw(_hundredths(300, 1200)),
        score_scale=Decimal(100),
        score_decimals=draw(st.integers(0, 2)),
        exact_decimals=10,
        high_automation_score=draw(st.integers(2, 5)),
        shares_required_total=Decimal(1),
        override_range=draw(st.integers(0, 20).map(lambda n: Decimal(n) / 2)),
        override_steps=draw(st.integers(1, 2)),
    )


TASK_SCALES = (Scale(1, 5), Scale(0, 4), Scale(1, 3), Scale(0, 10), Scale(2, 7))


def _scale(lows: tuple[int, int], widths: tuple[int, int]) -> st.SearchStrategy[Scale]:
    return st.builds(lambda low, width: Scale(low, low + width), st.integers(*lows),
                     st.integers(*widths))


scales = st.one_of(st.just(AIJRI_1.scales), st.builds(
    Scales, principle=_scale((0, 1), (1, 5)), growth=_scale((-3, 0), (1, 6)),
    task=st.sampled_from(TASK_SCALES), evidence=_scale((-3, 0), (1, 6)),
    barrier=_scale((0, 1), (1, 4))))


@st.composite
def rulesets(draw: st.DrawFn) -> Ruleset:
    """A valid ruleset whose tables fit the Rules sheet."""
    s = draw(scales)
    c = dataclasses.replace(draw(constants()), high_automation_score=draw(
        st.integers(s.task.low, s.task.high)))
    growth_scale, principle_scale = s.growth, s.principle
    labels = draw(st.lists(st.sampled_from(LABEL_WORDS), min_size=3, max_size=3, unique=True))
    count = draw(st.integers(2, MAX_ZONES))
    names = draw(st.lists(st.sampled_from(ZONE_NAMES), min_size=count, max_size=count,
                          unique=True))
    step = Decimal(1).scaleb(-c.score_decimals)
    grid = int(100 / step)
    cuts = sorted(draw(st.lists(st.integers(1, grid - 1), min_size=count - 1,
                                max_size=count - 1, unique=True)), reverse=True)
    zones = tuple(ZoneRule(name, Decimal(cut) * step) for name, cut in zip(names, cuts,
                                                                              strict=False))
    zones += (ZoneRule(names[-1], None),)
    room = MAX_SUB_LABELS - count  # each zone's catch-all takes one row
    subs: list[SubLabelRule] = []
    for zone in names:
        extra = draw(st.integers(0, min(3, room)))
        room -= extra
        for n in range(extra):
            subs.append(SubLabelRule(zone, draw(_bounds(0, 10_000, Decimal("0.0001"))),
                                     draw(st.one_of(st.just(Bounds()),
                                                    _bounds(*growth_scale, Decimal(1)))),
                                     f"{zone} ({n + 1})"))
        subs.append(SubLabelRule(zone, Bounds(), Bounds(), f"{zone} (rest)"))
    protective = (principle_scale.low * len(PRINCIPLE_NAMES),
                  principle_scale.high * len(PRINCIPLE_NAMES))
    quick = [QuickScreenRule(draw(st.one_of(st.just(Bounds()), _bounds(*protective, Decimal(1)))),
                             draw(_bounds(*growth_scale, Decimal(1))), f"Likely {n + 1}")
             for n in range(draw(st.integers(0, MAX_QUICK_SCREEN - 1)))]
    quick.append(QuickScreenRule(Bounds(), Bounds(), "Proceed to quantify"))
    return Ruleset(name=f"drawn-{draw(st.integers(1, 999))}", constants=c,
                   labels=Labels(*labels), zones=zones, sub_labels=tuple(subs),
                   quick_screen=tuple(quick), scales=s, version="0.1",
                   digest="sha256:0123456789abcdef")


def _clamped(score: int, scale: Scale) -> int:
    return min(max(score, scale.low), scale.high)


def under(a: Assessment, rules: Ruleset) -> Assessment:
    """`a` as an analyst would fill it in under `rules`: each task label the word of the
    same kind in its vocabulary, an override zone one of its zones (by position), each
    score on its scale (scores off it moved to its nearest end)."""
    kinds = dict(zip(AIJRI_1.labels.all(), rules.labels.all(), strict=True))
    s = rules.scales
    tasks = tuple(dataclasses.replace(t, label=kinds.get(t.label, t.label),
                                      score=_clamped(t.score, s.task)) for t in a.tasks)

    def rated(items: tuple[Rated, ...], scale: Scale) -> tuple[Rated, ...]:
        return tuple(dataclasses.replace(r, score=_clamped(r.score, scale)) for r in items)

    override = a.override
    if override.zone is not None and override.zone in AIJRI_1.zone_names():
        names = rules.zone_names()
        position = AIJRI_1.zone_names().index(override.zone)
        override = Override(names[min(position, len(names) - 1)], override.reason)
    return dataclasses.replace(
        a, tasks=tasks, override=override, principles=rated(a.principles, s.principle),
        growth=rated((a.growth,), s.growth)[0], evidence=rated(a.evidence, s.evidence),
        barriers=rated(a.barriers, s.barrier))


@st.composite
def cases(draw: st.DrawFn, max_tasks: int = 16) -> tuple[Ruleset, Assessment]:
    """A drawn ruleset and an assessment under it: drawn on the ruleset's own scales
    (their whole range), or an edge case of aijri-1's moved under it."""
    from tests.strategies import assessments, edge_assessments

    rules = draw(rulesets())
    a = draw(st.one_of(assessments(max_tasks=max_tasks, scales=rules.scales),
                       edge_assessments()))
    return rules, under(a, rules)


__all__ = ["Task", "cases", "rulesets", "under"]
