"""Manual calculation mode: values a person sees may never have been recalculated.

The other spreadsheet risks (links to other workbooks, DDE, macros, embedded
objects, functions that reach outside) are found by the archive guard and the
formula scan of `workbooks` (codes JZ030-JZ035 in `jobzone.workbooks.guard.codes`); the
check reports their notices as they are.
"""

from __future__ import annotations

from typing import Any

from jobzone.engine.core.findings import Finding, Rule, Severity

MANUAL_CALCULATION = Rule(
    "JZ311", Severity.warning, "manual calculation mode",
    "With manual calculation, a spreadsheet program does not recalculate after an edit, "
    "so the values people see (and the cached values) can be stale.",
    "set calculation to automatic (Formulas > Calculation Options)")
RULES = (MANUAL_CALCULATION,)


def check_calculation_mode(workbook: Any, file: str) -> list[Finding]:
    if getattr(getattr(workbook, "calculation", None), "calcMode", None) != "manual":
        return []
    return [MANUAL_CALCULATION.finding(
        file, message="calculation mode is manual: values may not have been recalculated")]
