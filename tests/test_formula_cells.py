"""Compiled cells shared between formula models change no model's values.

A model built on remembered cells (`jobzone.engine.recalc.cell_cache`) is compared with a model of
the same set compiled afresh and run by formulas' own pipe, over workbooks with valid
inputs and error values, for the template and for edited sets that move what the
remembered cells depended on: a changed formula, a formula typed over by a number,
a new formula cell reading a range, a defined name pointed at another cell.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.recalc import cell_cache as formula_cells
from jobzone.engine.recalc.compile import CompiledModel, compile_formula_set
from jobzone.engine.recalc.formula_set import read_formula_set
from jobzone.engine.recalc.functions.rounding import EXCEL_FUNCTIONS
from jobzone.workbooks import layout as L
from jobzone.workbooks.builder import build_workbook
from tests.test_formula_graph import _broken, _values
from tests.test_libreoffice_agrees import random_assessment

EVIDENCE = L.result_cell("EvidenceModifier")


def _evidence_weight_doubled(workbook: Any) -> None:
    workbook[EVIDENCE[0]][EVIDENCE[1]] = \
        "=ROUND(ModifierBase+2*EvidenceWeight*EvidenceTotal,ExactDecimals)"


def _score_typed_over(workbook: Any) -> None:
    sheet, ref = L.result_cell("Score")
    workbook[sheet][ref] = 55.0


def _new_cell_reading_a_range(workbook: Any) -> None:
    sheet, ref = L.result_cell("GrowthModifier")
    workbook[L.SCORE]["D40"] = f"=SUM({L.TASKS}!$C$4:$C$53)/100"
    workbook[sheet][ref] = "=ROUND(ModifierBase+D40,ExactDecimals)"


def _name_moved(workbook: Any) -> None:
    """ModifierBase names another Rules cell: cells reading the name must read that one."""
    definition = workbook.defined_names["ModifierBase"]
    definition.attr_text = L.absolute(L.RULES, "B", L.CONSTANT_ROW["RawRange"])


EDITS: dict[str, Callable[[Any], None]] = {
    "formula changed": _evidence_weight_doubled,
    "score typed over": _score_typed_over,
    "new cell reading a range": _new_cell_reading_a_range,
    "defined name moved": _name_moved,
}


def _workbooks(edit: Callable[[Any], None] | None, seed: int) -> list[Any]:
    rng = random.Random(seed)
    books = []
    for kind in ("valid", "zero-divisor", "valid", "text-share", "valid"):
        workbook = build_workbook(random_assessment(rng), AIJRI_1)
        if edit is not None:
            edit(workbook)
        books.append(workbook if kind == "valid" else _broken(workbook, kind))
    return books


def _same_evaluations(shared: CompiledModel, fresh: CompiledModel, books: list[Any]) -> None:
    assert shared.inputs == fresh.inputs and shared.outputs == fresh.outputs
    assert shared.precedents == fresh.precedents
    for step, workbook in enumerate(books):
        values = _values(fresh, workbook)
        assert shared.evaluate(values) == fresh.evaluate(values), f"workbook {step}"


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edited_set_on_remembered_cells_evaluates_as_compiled_afresh(name: str) -> None:
    formula_cells.forget()
    canonical = read_formula_set(build_workbook(None, AIJRI_1))
    compile_formula_set(canonical)
    after_template = formula_cells.remembered()
    edited_book = build_workbook(None, AIJRI_1)
    EDITS[name](edited_book)
    edited = read_formula_set(edited_book)
    assert edited.fingerprint != canonical.fingerprint
    shared = compile_formula_set(edited)
    compiled_again = formula_cells.remembered() - after_template
    fresh = compile_formula_set(edited, executor="pipe")
    _same_evaluations(shared, fresh, _workbooks(EDITS[name], seed=len(name)))
    if name != "defined name moved":  # names are part of every cell's key: all compiled again
        assert compiled_again < after_template // 5, \
            f"{compiled_again} of {after_template} cells compiled again for one edit"


def test_the_template_compiled_twice_reuses_every_cell() -> None:
    formula_cells.forget()
    canonical = read_formula_set(build_workbook(None, AIJRI_1))
    first = compile_formula_set(canonical)
    count = formula_cells.remembered()
    second = compile_formula_set(canonical)
    assert formula_cells.remembered() == count > 100
    _same_evaluations(second, first, _workbooks(None, seed=11))


def test_other_function_implementations_get_cells_of_their_own() -> None:
    """A model compiled with a seeded ROUND must round with it, not with a remembered cell."""

    def truncating_round(value: float, digits: float) -> float:
        scale = 10 ** int(digits)
        return int(value * scale) / scale

    canonical = read_formula_set(build_workbook(None, AIJRI_1))
    faithful = compile_formula_set(canonical)
    seeded = compile_formula_set(canonical, {**EXCEL_FUNCTIONS, "ROUND": truncating_round})
    differing = 0
    for workbook in _workbooks(None, seed=5):
        values = _values(faithful, workbook)
        differing += faithful.evaluate(values).values != seeded.evaluate(values).values
    assert differing, "the seeded ROUND changed no value: it shared the faithful cells"


def test_statistical_functions_import_scipy_only_when_used() -> None:
    """formulas' statistical functions are registered without scipy, and still compute."""
    script = """
import sys
from jobzone.engine.recalc.functions import rounding as excel_functions
excel_functions.install()
assert "scipy.stats" not in sys.modules and "scipy.interpolate" not in sys.modules
import formulas
kurt = formulas.Parser().ast("=KURT(1,2,3,4,9)")[1].compile()()
percentile = formulas.Parser().ast("=PERCENTILE.INC({1,2,3,4},0.3)")[1].compile()()
forecast = formulas.Parser().ast("=FORECAST.LINEAR(4,{2,4,6},{1,2,3})")[1].compile()()
import scipy.stats, scipy.interpolate
assert not getattr(scipy.stats, "_jobzone_deferred", False)
assert scipy.interpolate.interp1d.__module__.startswith("scipy.")
print(round(float(kurt), 9), float(percentile), float(forecast))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    # Excel: KURT(1,2,3,4,9) = 2.675098310, PERCENTILE.INC({1,2,3,4},0.3) = 1.9,
    # FORECAST.LINEAR(4,{2,4,6},{1,2,3}) = 8
    assert done.stdout.split() == ["2.67509831", "1.9", "8.0"]
