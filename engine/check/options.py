"""Options of a check that the command line names before anything heavy is imported."""

from __future__ import annotations

from enum import StrEnum


class FormulaMode(StrEnum):
    """When to evaluate a workbook's own formulas (jobzone.engine.recalc.evaluator).

    `auto` evaluates them when they differ from the canonical template: canonical
    formulas are proven to agree with the native evaluator once for all (the
    property suite and the LibreOffice oracle of `tests/`), so evaluating them
    again per file adds nothing but the formula model's compilation (about a
    second in a cold process). `always` evaluates every workbook (cheap in a
    long-running bulk process, where the compiled model is shared); `never` skips
    the stage.
    """

    auto = "auto"
    always = "always"
    never = "never"
