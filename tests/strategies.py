"""Hypothesis strategies for assessments: valid ones across every scale's full range.

Time shares are drawn as hundredths of a percent that sum to exactly 10,000 (100 %),
so every generated assessment is valid by construction; edge strategies (scores at
thresholds, extreme raws) build on these.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import strategies as st

from engine.model import Assessment, NarrativeSection, Override, Rated, Role, Task
from engine.ruleset import (
    AIJRI_1,
    BARRIER_NAMES,
    BARRIER_SCALE,
    EVIDENCE_NAMES,
    EVIDENCE_SCALE,
    GROWTH_NAME,
    GROWTH_SCALE,
    PRINCIPLE_NAMES,
    PRINCIPLE_SCALE,
    TASK_SCALE,
)

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
          text: st.SearchStrategy[str] = cell_text) -> tuple[Task, ...]:
    count = draw(st.integers(min_tasks, max_tasks))
    shares = draw(time_shares(count))
    names = draw(st.lists(text.map(str.strip).filter(bool), min_size=count, max_size=count,
                          unique_by=str.strip))
    return tuple(
        Task(name=name, time_share=share, score=draw(st.integers(*TASK_SCALE)),
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
                override: st.SearchStrategy[Override] = overrides) -> Assessment:
    """A valid assessment: every scale's full range, overrides valid and invalid."""
    role = Role(*[draw(text) for _ in range(6)])
    return Assessment(
        role=role,
        principles=draw(_rated(PRINCIPLE_NAMES, PRINCIPLE_SCALE, text)),
        growth=draw(st.builds(Rated, st.just(GROWTH_NAME), st.integers(*GROWTH_SCALE), text)),
        tasks=draw(tasks(min_tasks, max_tasks, text)),
        evidence=draw(_rated(EVIDENCE_NAMES, EVIDENCE_SCALE, text)),
        barriers=draw(_rated(BARRIER_NAMES, BARRIER_SCALE, text)),
        override=draw(override),
        narrative=tuple(draw(st.lists(st.builds(NarrativeSection, text.filter(bool), text),
                                      max_size=3))),
    )


def _writeup_safe(text: str) -> bool:
    from workbooks.writeup import default_aliases, reserved_line

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
