"""Every override of a `formulas` function, one module per family, installed together.

`rounding` (Excel's ROUND family on the decimal a cell shows), `text` (Excel's 32,767-
character limit), `sumif` (a faster SUMIF with identical results). `install()` is the one
place that lists them, as formulas' own `functions/` package does.
"""

from __future__ import annotations


def install() -> None:
    """Register every process-wide override with `formulas`; idempotent.

    Rounding and text are installed for the whole process (anything loading a workbook
    with `formulas` then rounds and caps text like Excel); the faster SUMIF is handed to
    each compile by `rounding.registered(..., sumif.fast_functions())`, since it only
    pays inside a compiled model.
    """
    from jobzone.engine.recalc.functions import rounding, text

    rounding.install()
    text.install()
