"""The assessment as plain, immutable data.

An Assessment is what an analyst decides; everything the method derives from it
lives in `jobzone.engine.core.result.Result`. Keeping the two apart lets the workbook, the
write-ups and the native evaluator share one input type without sharing code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Role:
    """The role definition block; free text, kept verbatim."""

    job_title: str = ""
    seniority: str = ""
    primary_function: str = ""
    role_is_not: str = ""
    typical_experience: str = ""
    seniority_note: str = ""


@dataclass(frozen=True)
class Rated:
    """One scored dimension (a principle, the growth correlation, evidence or a barrier)."""

    name: str
    score: int
    rationale: str = ""


@dataclass(frozen=True)
class Task:
    """One row of the task decomposition.

    `time_share` is a percentage (Decimal("20") is 20 % of working time) so that the
    exact decimal the analyst typed survives; the workbook stores it as a fraction.
    """

    name: str
    time_share: Decimal
    score: int
    label: str
    rationale: str = ""


@dataclass(frozen=True)
class Override:
    """The assessor's zone override; `zone` None means the formula zone was accepted.

    `reason` is kept even without an override: write-ups record why the score stood.
    """

    zone: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class NarrativeSection:
    """A free-text section of the write-up, kept verbatim and in order."""

    title: str
    text: str


@dataclass(frozen=True)
class Assessment:
    """Everything an analyst enters for one role."""

    role: Role
    principles: tuple[Rated, ...]
    growth: Rated
    tasks: tuple[Task, ...]
    evidence: tuple[Rated, ...]
    barriers: tuple[Rated, ...]
    override: Override = field(default_factory=Override)
    narrative: tuple[NarrativeSection, ...] = ()
