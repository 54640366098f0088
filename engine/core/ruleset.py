"""The ruleset `aijri-1` as one data object.

Constants, thresholds and both decision tables are data here and on the workbook's
Rules sheet, never literals in code or formulas, so an analyst can revise a
threshold in one place and `jobzone check` can report drift between the two.
Shares are fractions (0.40 is 40 %), the unit the workbook stores.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


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


@dataclass(frozen=True)
class Ruleset:
    """Everything the evaluator needs besides the assessment itself."""

    name: str
    constants: Constants
    labels: Labels
    zones: tuple[ZoneRule, ...]
    sub_labels: tuple[SubLabelRule, ...]
    quick_screen: tuple[QuickScreenRule, ...]

    def zone_names(self) -> tuple[str, ...]:
        return tuple(rule.zone for rule in self.zones)


def _d(text: str) -> Decimal:
    return Decimal(text)


AIJRI_1 = Ruleset(
    name="aijri-1",
    constants=Constants(
        task_resistance_base=_d("6.00"),
        modifier_base=_d("1"),
        evidence_weight=_d("0.04"),
        barrier_weight=_d("0.02"),
        growth_weight=_d("0.05"),
        raw_floor=_d("0.54"),
        raw_range=_d("7.93"),
        score_scale=_d("100"),
        score_decimals=1,
        exact_decimals=10,
        high_automation_score=3,
        shares_required_total=_d("1"),
        override_range=_d("5.0"),
        override_steps=1,
    ),
    labels=Labels(
        displacement="DISPLACEMENT",
        augmentation="AUGMENTATION",
        not_involved="NOT INVOLVED",
    ),
    zones=(
        ZoneRule("Green", _d("48.0")),
        ZoneRule("Yellow", _d("25.0")),
        ZoneRule("Red", None),
    ),
    sub_labels=(
        SubLabelRule("Green", Bounds(), Bounds(low=_d("2")), "Green (Accelerated)"),
        SubLabelRule("Green", Bounds(low=_d("0.40")), Bounds(), "Green (Transforming)"),
        SubLabelRule("Green", Bounds(), Bounds(), "Green (Stable)"),
        SubLabelRule("Yellow", Bounds(low=_d("0.40")), Bounds(), "Yellow (Urgent)"),
        SubLabelRule("Yellow", Bounds(), Bounds(), "Yellow (Moderate)"),
        SubLabelRule("Red", Bounds(), Bounds(), "Red"),
    ),
    quick_screen=(
        QuickScreenRule(Bounds(), Bounds(low=_d("2")), "Likely Green (Accelerated)"),
        QuickScreenRule(Bounds(high=_d("2")), Bounds(high=_d("-1")), "Likely Red"),
        QuickScreenRule(Bounds(low=_d("6")), Bounds(), "Likely Green"),
        QuickScreenRule(Bounds(), Bounds(), "Proceed to quantify"),
    ),
)

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
# Inclusive integer scales of each input block (METHODOLOGY section 1).
PRINCIPLE_SCALE = (0, 3)
GROWTH_SCALE = (-2, 2)
TASK_SCALE = (1, 5)
EVIDENCE_SCALE = (-2, 2)
BARRIER_SCALE = (0, 2)
