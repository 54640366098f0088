"""Cell values as real files hold them, read into the model's exact types.

Pure functions: `20`, `0.2`, `20%`, `20 %` for a time share; `3`, `3.0`, `3/5` for a
score; `+2`, `-1` and the typographic minus. Whether bare numbers in a task table
are percentages or fractions is decided once per table (`resolve_shares`), from
what makes the column sum to 100.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jobzone.engine.core.rounding import decimal_from_float

HUNDRED = Decimal(100)
# Binary noise from a spreadsheet's own arithmetic (0.30000000000000004) is cut here;
# no time share or score has more places than this.
FLOAT_PLACES = 10
LARGEST = 10**15  # employment counts reach 10**8; shares and scores stay below 10**3
_MINUSES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?|[-+]?[.,]\d+")
_SCORE = re.compile(r"^\s*(?P<n>[-+]?\d+(?:[.,]0+)?)\s*(?:/\s*(?P<d>\d+))?\s*$")


class ValueProblem(ValueError):
    """A value that cannot be read as what its column holds; the message says why."""


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value: object) -> str:
    """A cell as text, verbatim: whole floats lose their '.0', strings keep their spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def plain(value: Decimal) -> Decimal:
    """Trailing zeros dropped without an exponent: 20.00 -> 20, 12.50 -> 12.5."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def number(value: object) -> Decimal:
    """A number cell or numeric text; raises ValueProblem for anything else.

    Magnitudes from `LARGEST` up are refused too: no figure of an assessment comes near,
    and exact decimal arithmetic on a 400-digit number overflows its precision.
    """
    if isinstance(value, bool):
        raise ValueProblem(f"expected a number, found {text_of(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueProblem(f"expected a number, found {value!r}")
    if isinstance(value, int | float) and not abs(value) < LARGEST:
        raise ValueProblem(f"{_shown(repr(value))} is too large for any figure of an "
                           "assessment")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return decimal_from_float(round(value, FLOAT_PLACES))
    text = str(value).translate(_MINUSES).strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # a decimal comma: 20,5
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise ValueProblem(f"expected a number, found {str(value).strip()!r}") from None
    if not result.is_finite():
        raise ValueProblem(f"expected a number, found {str(value).strip()!r}")
    if not abs(result) < LARGEST:
        raise ValueProblem(f"{_shown(repr(str(value).strip()))} is too large for any figure "
                           "of an assessment")
    return result


def _shown(text: str, limit: int = 40) -> str:
    """A value quoted in a message, cut short: a 400-digit number says nothing more."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


@dataclass(frozen=True)
class Share:
    """A time share as written: its number, and whether a % sign said it is a percentage."""

    amount: Decimal
    percent_sign: bool


def share(value: object) -> Share:
    if isinstance(value, str) and value.strip().endswith("%"):
        return Share(number(value.strip()[:-1]), True)
    return Share(number(value), False)


def resolve_shares(shares: Sequence[Share]) -> tuple[list[Decimal], bool]:
    """Percentages for a table's shares, and whether bare numbers were read as fractions.

    Bare numbers are fractions when that makes the column sum to 100 % and they would
    not as percentages, or, failing both, when every bare number is at most 1.
    """
    bare = [s.amount for s in shares if not s.percent_sign]
    signed = sum((s.amount for s in shares if s.percent_sign), Decimal(0))
    as_percent = signed + sum(bare, Decimal(0))
    as_fraction = signed + sum(bare, Decimal(0)) * HUNDRED
    if as_percent == HUNDRED or not bare:
        fractions = False
    elif as_fraction == HUNDRED:
        fractions = True
    else:
        fractions = all(abs(b) <= 1 for b in bare) and sum(bare, Decimal(0)) <= 1
    return [plain(s.amount * HUNDRED if fractions and not s.percent_sign else s.amount)
            for s in shares], fractions


def score(value: object, scale_max: int) -> int:
    """A whole-number score: 3, 3.0, '3', '+2', '-1', '3/5' (out of the scale's maximum)."""
    if isinstance(value, bool):
        raise ValueProblem(f"expected a whole-number score, found {text_of(value)}")
    if isinstance(value, int | float):
        amount = number(value)
        if amount != amount.to_integral_value():
            raise ValueProblem(f"expected a whole-number score, found {text_of(value)}")
        return int(amount)
    text = str(value).translate(_MINUSES).strip()
    match = _SCORE.match(text)
    if not match:
        raise ValueProblem(f"expected a whole-number score, found {text!r}")
    if match["d"] is not None and int(match["d"]) != scale_max:
        raise ValueProblem(f"score {text!r} is out of {match['d']}; this scale goes to "
                           f"{scale_max}")
    return int(number(match["n"].replace(",", ".")))


def published_number(text: str) -> Decimal | None:
    """The figure a derivation ends on: '1.0 + (7 x 0.04) = 1.28' -> 1.28; '2.65/5.0' -> 2.65."""
    tail = text.translate(_MINUSES).rsplit("=", 1)[-1]
    found = _NUMBER.search(tail)
    if not found:
        return None
    try:
        return Decimal(found.group().replace(",", "."))
    except InvalidOperation:
        return None


def decimals_of(value: Decimal) -> int:
    """How many places a published figure shows (2 for 3.35, 0 for 85)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0

