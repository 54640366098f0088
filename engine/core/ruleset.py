"""A ruleset as one data object; `aijri-1`, the published method, is read from its file.

Constants, thresholds and both decision tables are data here and on the workbook's
Rules sheet, never literals in code or formulas, so an analyst can revise a
threshold in one place and `jobzone check` can report drift between the two.
Shares are fractions (0.40 is 40 %), the unit the workbook stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple


@dataclass(frozen=True)
class Bounds:
    """An inclusive interval; a missing end means "any" (a blank rules cell)."""

    low: Decimal | None = None
    high: Decimal | None = None

    def contains(self, value: Decimal) -> bool:
        return (self.low is None or value >= self.low) and (
            self.high is None or value <= self.high
        )

    def describe(self) -> str:
        if self.low is None and self.high is None:
            return "any"
        if self.high is None:
            return f">= {self.low}"
        if self.low is None:
            return f"<= {self.high}"
        return f"{self.low} .. {self.high}"


@dataclass(frozen=True)
class ZoneRule:
    """A zone and the lowest rounded score that reaches it (None: any score)."""

    zone: str
    min_score: Decimal | None


@dataclass(frozen=True)
class SubLabelRule:
    """One row of the sub-label decision table (METHODOLOGY section 5)."""

    zone: str
    share_3_plus: Bounds
    growth: Bounds
    sub_label: str


@dataclass(frozen=True)
class QuickScreenRule:
    """One row of the quick-screen decision table (METHODOLOGY section 7)."""

    protective: Bounds
    growth: Bounds
    result: str


@dataclass(frozen=True)
class Constants:
    """The method's numbers; each is a named cell on the Rules sheet."""

    task_resistance_base: Decimal
    modifier_base: Decimal
    evidence_weight: Decimal
    barrier_weight: Decimal
    growth_weight: Decimal
    raw_floor: Decimal
    raw_range: Decimal
    score_scale: Decimal
    score_decimals: int
    exact_decimals: int
    high_automation_score: int
    shares_required_total: Decimal
    override_range: Decimal
    override_steps: int


@dataclass(frozen=True)
class Labels:
    """The task label vocabulary."""

    displacement: str
    augmentation: str
    not_involved: str

    def all(self) -> tuple[str, str, str]:
        return (self.displacement, self.augmentation, self.not_involved)


class Scale(NamedTuple):
    """An inclusive whole-number scale an input is rated on (METHODOLOGY section 1).

    A tuple, so `low, high = scale` reads as the interval it is."""

    low: int
    high: int

    def values(self) -> range:
        return range(self.low, self.high + 1)

    def describe(self) -> str:
        return f"{self.low} to {self.high}"


@dataclass(frozen=True)
class Scales:
    """The scale of each input block: what the check accepts, the workbook's drop-downs
    offer, verification takes as each decision table's domain, and what-if moves within."""

    principle: Scale
    growth: Scale
    task: Scale
    evidence: Scale
    barrier: Scale


@dataclass(frozen=True)
class Ruleset:
    """Everything the evaluator needs besides the assessment itself."""

    name: str
    constants: Constants
    labels: Labels
    zones: tuple[ZoneRule, ...]
    sub_labels: tuple[SubLabelRule, ...]
    quick_screen: tuple[QuickScreenRule, ...]
    scales: Scales
    # what a workbook records of the file it was made under; not part of what the rules
    # say, so two files with the same rules compare equal
    version: str = field(default="", compare=False)
    digest: str = field(default="", compare=False)

    def zone_names(self) -> tuple[str, ...]:
        return tuple(rule.zone for rule in self.zones)

    @property
    def identity(self) -> tuple[str, str, str]:
        """(name, version, content hash): what every output that carries a score names."""
        return (self.name, self.version, self.digest)


# The dimensions the method scores, in the order the workbook and write-ups use.
PRINCIPLE_NAMES = (
    "Embodied Physicality",
    "Deep Interpersonal Connection",
    "Goal-Setting & Moral Judgment",
)
GROWTH_NAME = "AI Growth Correlation"
EVIDENCE_NAMES = (
    "Job Posting Trends",
    "Company Actions",
    "Wage Trends",
    "AI Tool Maturity",
    "Expert Consensus",
)
BARRIER_NAMES = (
    "Regulatory/Licensing",
    "Physical Presence",
    "Union/Collective Bargaining",
    "Liability/Accountability",
    "Cultural/Ethical",
)


# The built-in ruleset is a file like any user's (rulesets/aijri-1.toml), read by the same
# loader (`jobzone.engine.core.ruleset_file`); imported last, as the loader builds the
# classes above.
from jobzone.engine.core.ruleset_file import ruleset_named  # noqa: E402

AIJRI_1 = ruleset_named("aijri-1")
