"""Exact searches for the inputs where rounding decides: scores on or beside a threshold.

The unrounded score is (raw - 0.54) / 7.93 x 100 with raw = TR x evidence x barrier
x growth modifiers, TR = 6 - W with W exact to 4 decimals (two-decimal percentages
times whole scores). So an input is fixed, for the score, by (E, B, G, k) with
TR = k / 10000. Searching that space exactly (with Fractions) shows:

- no valid input scores *exactly* 24.95 or 47.95 (the two ties that decide a zone),
  so `near_threshold` returns the inputs whose exact score lies within 1e-4 of a
  threshold (24.95, 25.0, 47.95, 48.0) on either side, or on it;
- scores exactly on a .x5 tie do exist (5.55, 41.25 ...): `exact_ties` finds all of
  them; rounding them half away from zero is where spreadsheet ROUND and binary or
  banker's rounding part.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction

from jobzone.engine.core.ruleset import AIJRI_1
from tests.scales import BARRIER_SCALE, EVIDENCE_SCALE, GROWTH_SCALE

C = AIJRI_1.constants
_FLOOR, _RANGE, _SCALE = (Fraction(str(C.raw_floor)), Fraction(str(C.raw_range)),
                          Fraction(str(C.score_scale)))
_TR_UNITS = 10_000  # TR = k / 10000
TR_LOW, TR_HIGH = _TR_UNITS, 5 * _TR_UNITS  # TR from 1.00 to 5.00
THRESHOLDS = ("24.95", "25.0", "47.95", "48.0")


@dataclass(frozen=True)
class ScoreInputs:
    """Evidence total E, barrier total B, growth G and task resistance k/10000."""

    evidence: int
    barriers: int
    growth: int
    k: int

    @property
    def weighted_sum(self) -> Fraction:
        return Fraction(6) - Fraction(self.k, _TR_UNITS)

    @property
    def score(self) -> Fraction:
        """The exact, unrounded score."""
        raw = Fraction(self.k, _TR_UNITS) * _modifiers(self.evidence, self.barriers, self.growth)
        return (raw - _FLOOR) / _RANGE * _SCALE


def _modifiers(evidence: int, barriers: int, growth: int) -> Fraction:
    base = Fraction(str(C.modifier_base))
    return ((base + Fraction(str(C.evidence_weight)) * evidence)
            * (base + Fraction(str(C.barrier_weight)) * barriers)
            * (base + Fraction(str(C.growth_weight)) * growth))


def _totals() -> list[tuple[int, int, int]]:
    return [(e, b, g)
            for e in range(EVIDENCE_SCALE[0] * 5, EVIDENCE_SCALE[1] * 5 + 1)
            for b in range(BARRIER_SCALE[0] * 5, BARRIER_SCALE[1] * 5 + 1)
            for g in range(GROWTH_SCALE[0], GROWTH_SCALE[1] + 1)]


@functools.cache
def near_threshold(window: Fraction = Fraction(1, 10_000)) -> tuple[ScoreInputs, ...]:
    """Every input whose exact score is within `window` of a zone threshold."""
    found = []
    for target in map(Fraction, THRESHOLDS):
        raw = _FLOOR + _RANGE * target / _SCALE
        for e, b, g in _totals():
            centre = raw / _modifiers(e, b, g) * _TR_UNITS
            first, last = max(TR_LOW, math.floor(centre) - 2), min(TR_HIGH, math.ceil(centre) + 2)
            for k in range(first, last + 1):
                inputs = ScoreInputs(e, b, g, k)
                if abs(inputs.score - target) <= window:
                    found.append(inputs)
    return tuple(found)


@functools.cache
def exact_ties() -> tuple[ScoreInputs, ...]:
    """Every input whose exact score is a tie at the score's decimals (x.x5).

    With m = modifiers x 10^6 the score is (k m - 5.4e9) / 7.93e8, so a tie j / 20
    (j odd) is 20 (k m - 5.4e9) = 7.93e8 j: a linear congruence in k, solved per (E, B, G).
    """
    ties = []
    modulus, offset = 793_000_000, 108_000_000_000
    for e, b, g in _totals():
        m = _modifiers(e, b, g) * 10**6
        assert m.denominator == 1
        a = 20 * int(m)
        common = math.gcd(a, modulus)
        if offset % common:
            continue
        step = modulus // common
        k = (offset // common) * pow(a // common, -1, step) % step
        k += max(0, -(-(TR_LOW - k) // step)) * step
        while k <= TR_HIGH:
            j = (a * k - offset) // modulus
            if j % 2:
                ties.append(ScoreInputs(e, b, g, k))
            k += step
    return tuple(ties)
