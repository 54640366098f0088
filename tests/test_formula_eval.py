"""The workbook-formula evaluator: results, error findings, the model cache, the contract."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jobzone.engine.core.errors import WorkbookError
from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.result_agreement import result_differences
from jobzone.engine.core.ruleset import AIJRI_1, ZoneRule
from jobzone.engine.recalc.compile import CompiledModelCache
from jobzone.engine.recalc.evaluator import FormulaEvaluator
from jobzone.workbooks import layout as L
from jobzone.workbooks.builder import build_workbook
from jobzone.workbooks.named_results import compare_named, expected_named_values
from jobzone.workbooks.reader import open_workbook, read_assessment
from tests.conftest import REFERENCE_WORKBOOK, ROOT
from tests.factories import assessment

HERE = Path("in-memory.xlsx")
SCORE_CELL = L.result_cell("Score")


def _codes(evaluation: Any) -> set[tuple[str, str | None, str | None]]:
    return {(f.code, f.sheet, f.cell) for f in evaluation.errors}


def test_the_reference_workbook(formula_evaluator: FormulaEvaluator) -> None:
    got = formula_evaluator.evaluate(REFERENCE_WORKBOOK)
    native = evaluate(read_assessment(REFERENCE_WORKBOOK), AIJRI_1)
    assert got.canonical and got.errors == [] and got.result is not None
    assert result_differences(native, got.result) == []
    assert compare_named(expected_named_values(native, AIJRI_1), got.named) == []
    assert (got.named["Score"], got.named["SubLabel"]) == (41.2, "Yellow (Urgent)")
    assert got.result.share_scoring_3_plus == 85 and got.result.quick_screen_row == 1
    assert all(isinstance(v, bool | int | float | str) or v is None for v in got.named.values())


def test_the_file_and_the_workbook_object_are_left_alone(formula_evaluator: FormulaEvaluator,
                                                         example_copy: Path) -> None:
    before = example_copy.read_bytes()
    workbook = open_workbook(example_copy)
    cells = {sheet.title: len(sheet._cells) for sheet in workbook.worksheets}
    formula_evaluator.evaluate(example_copy, workbook)
    formula_evaluator.evaluate(example_copy)
    assert {sheet.title: len(sheet._cells) for sheet in workbook.worksheets} == cells
    assert example_copy.read_bytes() == before


def test_inputs_come_from_the_workbook_given(formula_evaluator: FormulaEvaluator) -> None:
    a = assessment(tasks=[("60", 2, "AUGMENTATION"), ("40", 4, "DISPLACEMENT")], growth=1)
    got = formula_evaluator.evaluate(Path("nowhere/never-written.xlsx"), build_workbook(a, AIJRI_1))
    assert got.file == "nowhere/never-written.xlsx"
    assert got.result == dataclasses.replace(evaluate(a, AIJRI_1), override_problem=None)


def test_a_missing_file_is_a_located_error(formula_evaluator: FormulaEvaluator,
                                           tmp_path: Path) -> None:
    with pytest.raises(WorkbookError):
        formula_evaluator.evaluate(tmp_path / "absent.xlsx")


def test_edited_rules_values_use_the_canonical_model() -> None:
    """The Rules sheet's values are inputs: a lower Green threshold moves the zone."""
    evaluator = FormulaEvaluator(CompiledModelCache(size=2))
    workbook = open_workbook(REFERENCE_WORKBOOK)
    green_row = L.ZONE_TABLE.first_row
    workbook[L.RULES][f"{L.ZONE_TABLE.column('min_score')}{green_row}"] = 40.0
    got = evaluator.evaluate(REFERENCE_WORKBOOK, workbook)
    rules = dataclasses.replace(AIJRI_1, zones=(ZoneRule("Green", Decimal("40.0")),
                                                *AIJRI_1.zones[1:]))
    native = evaluate(read_assessment(REFERENCE_WORKBOOK), rules)
    assert got.canonical and len(evaluator.cache) == 1 and got.result is not None
    assert (got.result.zone, got.result.sub_label) == ("Green", "Green (Accelerated)")
    assert result_differences(native, got.result) == []


def test_a_text_constant_is_reported_where_errors_arise(formula_evaluator: FormulaEvaluator
                                                         ) -> None:
    workbook = open_workbook(REFERENCE_WORKBOOK)
    workbook[L.RULES][f"B{L.CONSTANT_ROW['ExactDecimals']}"] = "ten"
    got = formula_evaluator.evaluate(REFERENCE_WORKBOOK, workbook)
    assert got.result is None and got.named["Score"] == "#VALUE!"
    codes = _codes(got)
    first_task = (L.TASKS, f"{L.TASK_COLUMNS.weighted}{L.TASK_FIRST_ROW}")
    assert ("JZ401", *first_task) in codes  # an origin: ROUND(B4*C4, ExactDecimals)
    assert ("JZ401", *SCORE_CELL) in codes  # a named result it reaches
    assert all(code == "JZ401" for code, _, _ in codes)


def test_a_zero_divisor_is_div0_at_the_score(formula_evaluator: FormulaEvaluator) -> None:
    workbook = open_workbook(REFERENCE_WORKBOOK)
    workbook[L.RULES][f"B{L.CONSTANT_ROW['RawRange']}"] = 0
    got = formula_evaluator.evaluate(REFERENCE_WORKBOOK, workbook)
    assert got.named["Score"] == "#DIV/0!" and got.result is None
    score = next(f for f in got.errors if (f.sheet, f.cell) == SCORE_CELL)
    assert score.code == "JZ401" and "#DIV/0!" in score.message
    assert got.named["RawScore"] == 3.805824  # cells before the error keep their values


def test_a_deleted_sheet_is_ref(formula_evaluator: FormulaEvaluator) -> None:
    workbook = open_workbook(REFERENCE_WORKBOOK)
    workbook.remove(workbook[L.EVIDENCE])
    got = formula_evaluator.evaluate(REFERENCE_WORKBOOK, workbook)
    assert not got.canonical and got.result is None
    assert got.named["EvidenceTotal"] == "#REF!"
    assert ("JZ401", *L.result_cell("EvidenceTotal")) in _codes(got)


def test_circular_and_unreadable_formulas(formula_evaluator: FormulaEvaluator) -> None:
    workbook = open_workbook(REFERENCE_WORKBOOK)
    raw_cell = L.result_cell("RawScore")
    workbook[raw_cell[0]][raw_cell[1]] = "=Score+1"  # Score reads RawScore: a loop
    workbook[L.SCORE]["D40"] = "=SUM(("
    got = formula_evaluator.evaluate(REFERENCE_WORKBOOK, workbook)
    codes = _codes(got)
    assert {("JZ402", *raw_cell), ("JZ402", *SCORE_CELL), ("JZ403", L.SCORE, "D40")} <= codes
    assert got.result is None and got.named["Score"] is None


def test_a_typed_number_over_a_formula_is_what_the_workbook_shows(
        formula_evaluator: FormulaEvaluator) -> None:
    workbook = open_workbook(REFERENCE_WORKBOOK)
    workbook[SCORE_CELL[0]][SCORE_CELL[1]] = 55.5
    got = formula_evaluator.evaluate(REFERENCE_WORKBOOK, workbook)
    assert not got.canonical and got.named["Score"] == 55.5
    assert got.result is not None and got.result.zone == "Green"


def test_libreoffice_spelling_is_canonical(formula_evaluator: FormulaEvaluator) -> None:
    """LibreOffice saves TRUE as TRUE(); the formula set is the same."""
    workbook = open_workbook(REFERENCE_WORKBOOK)
    for name in ("Zone", "SubLabel", "QuickScreen"):
        sheet, ref = L.result_cell(name)
        workbook[sheet][ref] = workbook[sheet][ref].value.replace("TRUE", "TRUE()")
    assert formula_evaluator.evaluate(REFERENCE_WORKBOOK, workbook).canonical


def test_the_cache_is_bounded_and_keyed_by_formula_set() -> None:
    evaluator = FormulaEvaluator(CompiledModelCache(size=1))
    canonical = build_workbook(assessment(), AIJRI_1)
    edited = build_workbook(assessment(), AIJRI_1)
    edited[L.SCORE]["D40"] = "=1+1"
    for workbook in (canonical, canonical, edited, canonical):
        evaluator.evaluate(HERE, workbook)
    assert (evaluator.cache.hits, evaluator.cache.misses, len(evaluator.cache)) == (1, 3, 1)
    with pytest.raises(ValueError):
        CompiledModelCache(size=0)


def test_importing_the_evaluator_does_not_import_formulas() -> None:
    code = ("import sys, jobzone.engine.recalc.evaluator; "
            "assert not {'formulas', 'schedula', 'scipy'} & set(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
