"""An assessment's canonical package from the ruleset's template, with every formula's
value cached, without building or loading an openpyxl workbook per assessment.

`jobzone.workbooks.template_package` splices the assessment's inputs into the package
the builder wrote once. The formula values come from the same compiled model
`jobzone.engine.recalc.cached` uses (`shared_evaluator`), fed the template's constant
cells with the assessment's input cells over them: exactly the cells the builder's
workbook would hold, so the values are the ones `saved_with_values` would cache
(`tests/test_template_package.py` compares the two packages), and `jobzone check`
proves them equal to its native evaluation on every import anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jobzone.engine.core.errors import Location, WorkbookError
from jobzone.engine.core.limits import Limits
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import Ruleset
from jobzone.engine.recalc.cached import shared_evaluator
from jobzone.engine.recalc.formula_set import CellRef, FormulaSet, input_value, read_formula_set
from jobzone.engine.recalc.time_limit import time_limit
from jobzone.workbooks.input_cells import input_cells
from jobzone.workbooks.package_values import (
    JOBZONE_APPLICATION,
    application_named,
    full_calc_on_load,
)
from jobzone.workbooks.template_package import Template, package, patched_sheets, template_for


@dataclass(frozen=True)
class _Formulas:
    """What the template's formulas compute with, apart from the assessment's inputs."""

    formula_set: FormulaSet
    constants: dict[CellRef, Any]  # every other stored cell of the blank workbook
    # docProps/app.xml naming jobzone as the writer of the values, xl/workbook.xml marked
    # for full recalculation on load: as `with_cached_values` leaves them
    parts: dict[str, bytes]


@lru_cache(maxsize=8)
def _formulas(template: Template) -> _Formulas:
    workbook = template.workbook
    constants = {(sheet.title, cell.coordinate): input_value(cell.value, workbook.epoch)
                 for sheet in workbook.worksheets for cell in sheet._cells.values()
                 if cell.data_type != "f"}
    members = dict((info.filename, data) for info, data in template.members)
    parts = {"docProps/app.xml": application_named(members["docProps/app.xml"],
                                                   JOBZONE_APPLICATION),
             "xl/workbook.xml": full_calc_on_load(members["xl/workbook.xml"])}
    return _Formulas(read_formula_set(workbook), constants, parts)


def warm_template(rules: Ruleset) -> _Formulas:
    """`rules`' template built and its formula model compiled, once a process (what the
    first `template_package` of a process pays; an import's fork server pays it for its
    workers, `jobzone.engine.importer.warm_up`)."""
    formulas = _formulas(template_for(rules))
    evaluator = shared_evaluator()
    if formulas.formula_set.fingerprint not in evaluator.cache:
        with time_limit(Limits.from_env().formula_seconds):
            evaluator.cache.model(formulas.formula_set)
    return formulas


def template_package(assessment: Assessment, rules: Ruleset, name: str) -> bytes | None:
    """The canonical package of `assessment` under `rules`, its formula values cached;
    None when the builder must write it (`jobzone.workbooks.template_package.writable`).
    A workbook whose formulas give no values is refused, as `package_with_values` does."""
    template = template_for(rules)
    formulas = warm_template(rules)
    cells = {(sheet, ref): input_value(value) for sheet, ref, value in input_cells(assessment)}
    model = shared_evaluator().cache.model(formulas.formula_set)
    evaluated = model.evaluate([cells[ref] if ref in cells else formulas.constants.get(ref)
                                for ref in model.inputs])
    if not evaluated.values:
        raise WorkbookError(Location(name), "its formulas could not be evaluated", "JZ404")
    sheets = patched_sheets(template, assessment, evaluated.values)
    if sheets is None:
        return None
    return package(template, sheets | formulas.parts)
