"""Excel-faithful rounding for `formulas`, which rounds the binary double instead.

A spreadsheet holds 15 significant digits: a cell holding 1.005 shows 1.005, and
Excel and LibreOffice round *that* decimal, half away from zero, so ROUND(1.005, 2)
is 1.01. `formulas` 1.3.4 multiplies the double by 10**digits first
(1.005 * 100 = 100.49999999999999) and gives 1.0; it floors 8.2-0.2
(7.999999999999999) to 7 where LibreOffice gives 8. Every function here first
takes the decimal the spreadsheet shows (15 significant digits), then rounds it
exactly. The table in `tests/test_excel_functions.py` proves each one against
LibreOffice.

Why 15 digits and not Python's shortest repr: 47.95 minus one ulp has the repr
47.949999999999996 but shows as 47.95, and LibreOffice rounds it to 48.0, the
Green threshold. Rounding the repr would give 47.9, a different zone.

The functions are plain numbers-in, number-out; `registered` wraps them with the
same `formulas` adapter its own ROUND uses (argument coercion, error values,
arrays), so only the arithmetic changes. The registry is `formulas`' own (its
documented way to add functions) and a model binds its functions when it is
compiled, so a model is compiled inside `registered(...)` with the implementations
chosen for it, and the registry is restored afterwards: a test can compile a model
with a seeded bug (Python's round) beside the faithful one. `install` makes the
faithful ones the process-wide default.
"""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Callable, Iterator, Mapping
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, localcontext

SIGNIFICANT_DIGITS = 15


def shown(value: float) -> Decimal:
    """The decimal a spreadsheet shows for a double: its 15 significant digits."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("a spreadsheet number is finite")
    return Decimal(format(number, f".{SIGNIFICANT_DIGITS}g"))


def _to_places(value: float, digits: float, rounding: str) -> float:
    places = int(digits)  # Excel truncates the digits argument toward zero
    decimal = shown(value)
    if decimal.as_tuple().exponent >= -places:  # type: ignore[operator]
        return float(decimal)  # already exact to that many places
    with localcontext() as context:
        context.prec = 2 * SIGNIFICANT_DIGITS
        return float(decimal.quantize(Decimal(1).scaleb(-places), rounding=rounding))


def excel_round(value: float, digits: float) -> float:
    """ROUND: half away from zero on the shown decimal."""
    return _to_places(value, digits, ROUND_HALF_UP)


def excel_roundup(value: float, digits: float) -> float:
    """ROUNDUP: away from zero."""
    return _to_places(value, digits, ROUND_UP)


def excel_rounddown(value: float, digits: float) -> float:
    """ROUNDDOWN: toward zero."""
    return _to_places(value, digits, ROUND_DOWN)


def excel_trunc(value: float, digits: float = 0) -> float:
    """TRUNC: toward zero, like ROUNDDOWN, with digits optional."""
    return _to_places(value, digits, ROUND_DOWN)


def excel_int(value: float) -> int:
    """INT: the largest integer not above the shown decimal."""
    return math.floor(shown(value))


EXCEL_FUNCTIONS: dict[str, Callable[..., float]] = {
    "ROUND": excel_round,
    "ROUNDUP": excel_roundup,
    "ROUNDDOWN": excel_rounddown,
    "TRUNC": excel_trunc,
    "INT": excel_int,
}


Implementations = Mapping[str, Callable[..., float]]


def _wrapped(implementations: Implementations) -> dict[str, Callable[..., object]]:
    from formulas.functions import wrap_ufunc

    return {name.upper(): wrap_ufunc(function) for name, function in implementations.items()}


_REGISTRY_LOCK = threading.RLock()  # one compile at a time may change formulas' registry


def install(implementations: Implementations = EXCEL_FUNCTIONS) -> None:
    """Register the implementations with `formulas` for the whole process; idempotent.

    Anything in the process that loads a workbook with `formulas` directly (the
    benchmark's fresh loads) then rounds like Excel too.
    """
    from formulas import get_functions

    from jobzone.engine.recalc.lazy_scipy import import_stat_functions

    import_stat_functions()  # before formulas imports its functions: scipy only when used
    with _REGISTRY_LOCK:
        get_functions().update(_wrapped(implementations))


@contextlib.contextmanager
def registered(implementations: Implementations = EXCEL_FUNCTIONS,
               ready: Mapping[str, Callable[..., object]] | None = None) -> Iterator[None]:
    """Models compiled (or loaded) inside the block use `implementations` (plain
    number functions, wrapped here) and `ready` (already wrapped); restored after."""
    from formulas import get_functions

    from jobzone.engine.recalc.lazy_scipy import import_stat_functions

    import_stat_functions()
    with _REGISTRY_LOCK:
        registry = get_functions()
        wrapped = {**_wrapped(implementations), **(ready or {})}
        previous = {name: registry[name] for name in wrapped if name in registry}
        registry.update(wrapped)
        try:
            yield
        finally:
            for name in wrapped:
                if name in previous:
                    registry[name] = previous[name]
                else:
                    del registry[name]
