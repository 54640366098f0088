"""Exact decimal arithmetic with the spreadsheet's rounding rule.

Excel and LibreOffice round half away from zero on the decimal value the user sees;
Python's `round` rounds half to even on the binary value. The method is specified
in the spreadsheet's terms, so every rounding in the native evaluator goes through
`spreadsheet_round`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

# Wide enough that a division by the normaliser (7.93) is exact to far beyond any
# rounding the method does: valid inputs never sit closer than 1e-9 to a tie.
EXACT_CONTEXT = Context(prec=60, rounding=ROUND_HALF_UP)


def spreadsheet_round(value: Decimal, digits: int) -> Decimal:
    """ROUND(value, digits) as Excel defines it: ties go away from zero."""
    with localcontext(EXACT_CONTEXT):
        return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def decimal_from_float(value: float) -> Decimal:
    """The decimal a spreadsheet cell shows for a stored double (its shortest repr).

    A cell holding 0.15 stores the nearest double; the analyst typed 0.15, and the
    shortest round-tripping repr recovers exactly that.
    """
    return Decimal(repr(float(value)))
