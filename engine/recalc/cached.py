"""Workbooks written with the values of their formulas, computed by jobzone's own evaluator.

Everything jobzone writes (`new`, `import`, `recalc`, the bundled example) carries a
cached value in every formula cell, so readers that do not calculate (pandas, calamine,
`openpyxl(data_only=True)`, file previews) show the score. The values come from the
same evaluation `jobzone check` runs (`jobzone.engine.recalc.evaluator`, proven equal to
native evaluation and to LibreOffice); the package keeps `fullCalcOnLoad`, so Excel and
LibreOffice still recompute when they open it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from jobzone.engine.core.errors import Location, WorkbookError
from jobzone.engine.recalc.evaluator import FormulaEvaluator
from jobzone.workbooks.package_values import with_cached_values

_EVALUATOR: FormulaEvaluator | None = None


def shared_evaluator() -> FormulaEvaluator:
    """One evaluator per process: its compiled models serve every workbook written."""
    global _EVALUATOR
    if _EVALUATOR is None:
        _EVALUATOR = FormulaEvaluator()
    return _EVALUATOR


def package_with_values(data: bytes, workbook: Any, name: str) -> bytes:
    """`data` (the package of `workbook`, an openpyxl workbook with its formulas) with
    every formula cell's value cached; a workbook whose formulas cannot be evaluated is
    refused with the evaluator's own findings, never written with half its values."""
    evaluation = shared_evaluator().evaluate(Path(name), workbook)
    if evaluation.errors and not evaluation.values:
        first = evaluation.errors[0]
        raise WorkbookError(Location(name, first.sheet, first.cell),
                            f"its formulas could not be evaluated: {first.message}",
                            first.code)
    return with_cached_values(data, evaluation.values)


def saved_with_values(workbook: Any, name: str) -> bytes:
    """The openpyxl workbook saved, then its formula values cached (`package_with_values`)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return package_with_values(buffer.getvalue(), workbook, name)
