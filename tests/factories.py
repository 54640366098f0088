"""Assessments built in code for tests: the reference with changes, or a target score."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from jobzone.engine.core.model import Assessment, Override, Rated, Role, Task
from jobzone.engine.core.ruleset import BARRIER_NAMES, EVIDENCE_NAMES, GROWTH_NAME, PRINCIPLE_NAMES


def assessment(
    tasks: list[tuple[str, int, str]] | None = None,
    evidence: list[int] | None = None,
    barriers: list[int] | None = None,
    growth: int = 0,
    principles: list[int] | None = None,
    override: Override | None = None,
    title: str = "Test Role",
) -> Assessment:
    """A valid assessment; tasks are (time share %, score, label) triples."""
    tasks = tasks or [("100", 3, "AUGMENTATION")]
    return Assessment(
        role=Role(job_title=title, seniority="Mid-level"),
        principles=tuple(Rated(n, s) for n, s in zip(PRINCIPLE_NAMES, principles or [0, 0, 0],
                                                      strict=True)),
        growth=Rated(GROWTH_NAME, growth),
        tasks=tuple(Task(f"Task {i + 1}", Decimal(share), score, label)
                    for i, (share, score, label) in enumerate(tasks)),
        evidence=tuple(Rated(n, s) for n, s in zip(EVIDENCE_NAMES, evidence or [0] * 5,
                                                    strict=True)),
        barriers=tuple(Rated(n, s) for n, s in zip(BARRIER_NAMES, barriers or [0] * 5,
                                                    strict=True)),
        override=override or Override(),
    )


def with_weighted_sum(share_high: str, high: int, low: int, **kwargs: object) -> Assessment:
    """Two tasks: share_high % at score `high`, the rest at `low`.

    With no modifiers, W = low + share_high/100 x (high - low), which hits any
    exact W the boundary tests need.
    """
    rest = str(Decimal(100) - Decimal(share_high))
    return assessment(tasks=[(share_high, high, "DISPLACEMENT"), (rest, low, "AUGMENTATION")],
                      **kwargs)  # type: ignore[arg-type]


def replace_task(a: Assessment, index: int, **changes: object) -> Assessment:
    tasks = list(a.tasks)
    tasks[index] = dataclasses.replace(tasks[index], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(a, tasks=tuple(tasks))


def for_score(target: str, **kwargs: object) -> Assessment:
    """An assessment (no modifiers) whose score is `target`, via two tasks.

    Solves W = TR base - (floor + range x score / 100) and rounds W to four places
    (two-decimal percentages); callers assert the score they get.
    """
    raw = Decimal("0.54") + Decimal("7.93") * Decimal(target) / 100
    weighted = (Decimal(6) - raw).quantize(Decimal("0.0001"))
    low = int(weighted)
    share = (weighted - low) * 100
    if share == 0:
        return assessment(tasks=[("100", low, "AUGMENTATION")], **kwargs)  # type: ignore[arg-type]
    return with_weighted_sum(f"{share.normalize():f}", low + 1, low, **kwargs)
