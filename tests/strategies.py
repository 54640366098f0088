"""Hypothesis strategies for assessments: valid ones across every scale's full range.

Time shares are drawn as hundredths of a percent that sum to exactly 10,000 (100 %),
so every generated assessment is valid by construction; edge strategies (scores at
thresholds, extreme raws) build on these.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import strategies as st

from jobzone.engine.core.model import Assessment, NarrativeSection, Override, Rated, Role, Task
from jobzone.engine.core.ruleset import (
    AIJRI_1,
    BARRIER_NAMES,
    EVIDENCE_NAMES,
    GROWTH_NAME,
    PRINCIPLE_NAMES,
    Scales,
)
from tests.scales import BARRIER_SCALE, EVIDENCE_SCALE, GROWTH_SCALE, TASK_SCALE

LABELS = AIJRI_1.labels.all()
ZONES = AIJRI_1.zone_names()

# Text a workbook cell can hold: no control characters but tab and newline, no surrogates.
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r")
    | st.sampled_from(["\n", "\t", " ", "=", "+", "-", "@", "—", "é", "✓"]),
    max_size=60,
)


@st.composite
def time_shares(draw: st.DrawFn, count: int, allow_zero: bool = True) -> list[Decimal]:
    """`count` percentages with at most two decimals that sum to exactly 100."""
    low = 0 if allow_zero else 1
    if count == 1:
        return [Decimal(100)]
    cuts = sorted(draw(st.lists(st.integers(low, 10_000 - low), min_size=count - 1,
                                max_size=count - 1)))
    if not allow_zero:
        cuts = sorted(set(cuts))
        if len(cuts) != count - 1:
            cuts = list(range(1, count))
    bounds = [0, *cuts, 10_000]
    return [Decimal(b - a) / 100 for a, b in itertools.pairwise(bounds)]


def _rated(names: tuple[str, ...], scale: tuple[int, int], text: st.SearchStrategy[str]
           ) -> st.SearchStrategy[tuple[Rated, ...]]:
    return st.tuples(*[st.builds(Rated, st.just(n), st.integers(*scale), text) for n in names])


@st.composite
def tasks(draw: st.DrawFn, min_tasks: int = 1, max_tasks: int = 40,
          text: st.SearchStrategy[str] = cell_text,
          scale: tuple[int, int] = TASK_SCALE) -> tuple[Task, ...]:
    count = draw(st.integers(min_tasks, max_tasks))
    shares = draw(time_shares(count))
    names = draw(st.lists(text.map(str.strip).filter(bool), min_size=count, max_size=count,
                          unique_by=str.strip))
    return tuple(
        Task(name=name, time_share=share, score=draw(st.integers(*scale)),
             label=draw(st.sampled_from(LABELS)), rationale=draw(text))
        for name, share in zip(names, shares, strict=True)
    )


overrides = st.one_of(
    st.builds(Override, st.none(), cell_text),
    st.builds(Override, st.sampled_from(ZONES), st.sampled_from(["", "  ", "market evidence"])
              | cell_text),
)


@st.composite
def assessments(draw: st.DrawFn, min_tasks: int = 1, max_tasks: int = 40,
                text: st.SearchStrategy[str] = cell_text,
                override: st.SearchStrategy[Override] = overrides,
                scales: Scales = AIJRI_1.scales) -> Assessment:
    """A valid assessment: every scale's full range (aijri-1's, or `scales`), overrides
    valid and invalid."""
    role = Role(*[draw(text) for _ in range(6)])
    return Assessment(
        role=role,
        principles=draw(_rated(PRINCIPLE_NAMES, scales.principle, text)),
        growth=draw(st.builds(Rated, st.just(GROWTH_NAME), st.integers(*scales.growth), text)),
        tasks=draw(tasks(min_tasks, max_tasks, text, scales.task)),
        evidence=draw(_rated(EVIDENCE_NAMES, scales.evidence, text)),
        barriers=draw(_rated(BARRIER_NAMES, scales.barrier, text)),
        override=draw(override),
        narrative=tuple(draw(st.lists(st.builds(NarrativeSection, text.filter(bool), text),
                                      max_size=3))),
    )


def _writeup_safe(text: str) -> bool:
    from jobzone.workbooks.legacy.writeup import default_aliases, reserved_line

    aliases = default_aliases()
    return not reserved_line(text, aliases) and not aliases.is_total(text) and \
        aliases.published.exact(text) is None


# Text the write-up format carries verbatim: one line, no surrounding space (cells and
# lines are stripped), no '<' ('<br>' is a cell's line break) or '#' (headings), and not
# a line the format reads as structure (a title, a table row, a 'Label:' it knows).
writeup_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                           blacklist_characters="<#\x85")
    | st.sampled_from(["|", "\\", "=", "+", "-", "@", "—", "é", "✓", ":", "%"]),
    max_size=40,
).map(str.strip).filter(_writeup_safe)

writeup_overrides = st.one_of(
    st.builds(Override, st.none(), writeup_text),
    st.builds(Override, st.sampled_from(ZONES), writeup_text),
)


def writeup_assessments(max_tasks: int = 12) -> st.SearchStrategy[Assessment]:
    """Assessments whose every text survives a write-up (see `writeup_text`)."""
    return assessments(max_tasks=max_tasks, text=writeup_text, override=writeup_overrides)


# --- Edges: where rounding, a threshold or an extreme of the method decides -----------------
# Built on `assessments()` (role, principles, texts, override drawn as usual) with the
# tasks and ratings replaced by ones that hit the edge exactly (see tests/edge_cases.py).
def _compose(draw: st.DrawFn, total: int, count: int, scale: tuple[int, int]) -> list[int]:
    """`count` whole scores within `scale` that sum to `total` (which must be reachable)."""
    low, high = scale
    scores = []
    for index in range(count):
        left = count - index - 1
        scores.append(draw(st.integers(max(low, total - high * left),
                                       min(high, total - low * left))))
        total -= scores[-1]
    return draw(st.permutations(scores))


@st.composite
def _split_tasks(draw: st.DrawFn, groups: list[tuple[int, int]], text: st.SearchStrategy[str]
                 ) -> tuple[Task, ...]:
    """Tasks for (score, hundredths of a percent) groups: each group split into 1-4 tasks."""
    tasks_out: list[Task] = []
    for score, hundredths in groups:
        count = draw(st.integers(1, 4))
        cuts = sorted(draw(st.lists(st.integers(0, hundredths), min_size=count - 1,
                                    max_size=count - 1)))
        bounds = [0, *cuts, hundredths]
        tasks_out += [Task(f"Task {len(tasks_out) + i + 1}", Decimal(b - a) / 100, score,
                           draw(st.sampled_from(LABELS)), draw(text))
                      for i, (a, b) in enumerate(itertools.pairwise(bounds))]
    order = draw(st.permutations(range(len(tasks_out))))
    return tuple(tasks_out[i] for i in order)


@st.composite
def _with_totals(draw: st.DrawFn, groups: list[tuple[int, int]], evidence: int, barriers: int,
                 growth: int, text: st.SearchStrategy[str] = cell_text,
                 override: st.SearchStrategy[Override] = overrides) -> Assessment:
    import dataclasses

    base = draw(assessments(1, 1, text, override))
    evidence_scores = _compose(draw, evidence, len(EVIDENCE_NAMES), EVIDENCE_SCALE)
    barrier_scores = _compose(draw, barriers, len(BARRIER_NAMES), BARRIER_SCALE)
    return dataclasses.replace(
        base,
        tasks=draw(_split_tasks(groups, text)),
        evidence=tuple(dataclasses.replace(r, score=s)
                       for r, s in zip(base.evidence, evidence_scores, strict=True)),
        barriers=tuple(dataclasses.replace(r, score=s)
                       for r, s in zip(base.barriers, barrier_scores, strict=True)),
        growth=dataclasses.replace(base.growth, score=growth),
    )


def _groups_for(weighted_sum: Decimal) -> list[tuple[int, int]]:
    """Two score levels whose shares give exactly this weighted sum (1.0000 .. 5.0000)."""
    low = int(weighted_sum)
    high_share = int((weighted_sum - low) * 10_000)  # hundredths of a percent
    if high_share == 0:
        return [(low, 10_000)]
    return [(low, 10_000 - high_share), (low + 1, high_share)]


@st.composite
def _scoring(draw: st.DrawFn, inputs: st.SearchStrategy[object]) -> Assessment:
    from tests.edge_cases import ScoreInputs

    chosen = draw(inputs)
    assert isinstance(chosen, ScoreInputs)
    weighted = Decimal(chosen.weighted_sum.numerator) / chosen.weighted_sum.denominator
    return draw(_with_totals(_groups_for(weighted), chosen.evidence, chosen.barriers,
                             chosen.growth))


def threshold_assessments() -> st.SearchStrategy[Assessment]:
    """Exact scores within 1e-4 of 24.95, 25.0, 47.95 or 48.0 (on, below or above).

    No valid input scores exactly 24.95 or 47.95; these are the nearest on each side.
    """
    from tests.edge_cases import near_threshold

    return _scoring(st.deferred(lambda: st.sampled_from(near_threshold())))


def tie_assessments() -> st.SearchStrategy[Assessment]:
    """Exact scores on a .x5 tie (5.55, 41.25 ...): half away from zero must round up."""
    from tests.edge_cases import exact_ties

    return _scoring(st.deferred(lambda: st.sampled_from(exact_ties())))


@st.composite
def share_40_assessments(draw: st.DrawFn) -> Assessment:
    """Tasks scoring 3+ take exactly 40.00% of the time."""
    high, low = draw(st.sampled_from([3, 4, 5])), draw(st.sampled_from([1, 2]))
    return draw(_with_totals([(high, 4_000), (low, 6_000)],
                             draw(st.integers(-10, 10)), draw(st.integers(0, 10)),
                             draw(st.integers(*GROWTH_SCALE))))


def minimum_raw_assessments() -> st.SearchStrategy[Assessment]:
    """Raw 0.54 (score 0.0): every task 5, evidence all -2, no barriers, growth -2."""
    return _with_totals([(TASK_SCALE[1], 10_000)], EVIDENCE_SCALE[0] * 5,
                        BARRIER_SCALE[0] * 5, GROWTH_SCALE[0])


def maximum_raw_assessments() -> st.SearchStrategy[Assessment]:
    """Raw 9.24 (score 109.7): every task 1, evidence all +2, barriers all 2, growth +2."""
    return _with_totals([(TASK_SCALE[0], 10_000)], EVIDENCE_SCALE[1] * 5,
                        BARRIER_SCALE[1] * 5, GROWTH_SCALE[1])


@st.composite
def one_score_assessments(draw: st.DrawFn) -> Assessment:
    """Every task has the same automation score."""
    return draw(_with_totals([(draw(st.integers(*TASK_SCALE)), 10_000)],
                             draw(st.integers(-10, 10)), draw(st.integers(0, 10)),
                             draw(st.integers(*GROWTH_SCALE))))


def edge_assessments() -> st.SearchStrategy[Assessment]:
    """Any of the edges above."""
    return st.one_of(threshold_assessments(), tie_assessments(), share_40_assessments(),
                     minimum_raw_assessments(), maximum_raw_assessments(),
                     one_score_assessments())
