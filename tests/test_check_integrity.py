"""Formula integrity against the canonical template, and formulas compared by meaning."""

from __future__ import annotations

import openpyxl
import pytest

from jobzone.engine.check.stages.canonical import canonical_template, formula_cells
from jobzone.engine.check.stages.formula_text import formula_key, parse_reference, single_cell
from jobzone.engine.check.stages.integrity import check_integrity
from jobzone.workbooks import layout as L
from tests.conftest import REFERENCE_WORKBOOK


@pytest.mark.parametrize(("saved", "written"), [
    ("=INDEX(ZoneNames,MATCH(TRUE(),ZoneFires,0))", "=INDEX(ZoneNames,MATCH(TRUE,ZoneFires,0))"),
    ("=iferror(a1, false())", "=IFERROR(A1,FALSE)"),
    ("=_xlfn.IFS(A1>1,2)", "=IFS(A1>1,2)"),
    ("=SUM('Tasks'!B4:B53)", "=SUM(Tasks!B4:B53)"),
])
def test_spelling_differences_keep_the_key(saved: str, written: str) -> None:
    assert formula_key(saved, 5, 2) == formula_key(written, 5, 2)


@pytest.mark.parametrize(("one", "other"), [
    ("=ROUND(A1,ExactDecimals)", "=ROUND(A1,2)"),
    ('=A1="x"', '=A1="X"'),  # text literals are compared exactly
    ("=$B$4", "=B4"),
    ("=A1+B1", "=A1-B1"),
])
def test_meaningful_differences_change_the_key(one: str, other: str) -> None:
    assert formula_key(one, 4, 4) != formula_key(other, 4, 4)


def test_a_formula_moved_with_its_row_keeps_its_relative_key() -> None:
    assert formula_key("=ROUND(B5*C5,ExactDecimals)", 5, 4) == formula_key(
        "=ROUND(B6*C6,ExactDecimals)", 6, 4)
    assert formula_key("=$B$5", 5, 4) != formula_key("=$B$6", 6, 4)


def test_references() -> None:
    assert parse_reference("'Tasks'!$B$4:$B$53") == ("Tasks", (("B", 4), ("B", 53)))
    assert single_cell("Score!$B$13") == ("Score", "B13")
    assert single_cell("#REF!") is None and single_cell("Score!#REF!") is None
    assert single_cell("Tasks!$B$4:$B$53") is None


def findings(workbook: openpyxl.Workbook) -> dict[tuple[str | None, str | None], str]:
    outcome = check_integrity(workbook, "x.xlsx", canonical_template(), formula_cells(workbook))
    return {(f.sheet, f.cell): f.code for f in outcome.findings}


@pytest.fixture()
def workbook() -> openpyxl.Workbook:
    return openpyxl.load_workbook(REFERENCE_WORKBOOK)


def test_the_example_matches_the_template(workbook: openpyxl.Workbook) -> None:
    assert findings(workbook) == {}
    template = canonical_template()
    assert template.formulas[L.result_cell("Score")] == next(
        line.formula for line in L.SCORE_LINES if line.name == "Score")


def test_typed_deleted_edited_and_extra_formulas(workbook: openpyxl.Workbook) -> None:
    workbook[L.SCORE]["B13"] = 55
    workbook[L.TASKS]["D10"] = None
    workbook[L.RULES]["C26"] = '=AND(A26<>"",OR(B26="",Score>B26))'
    workbook[L.SCORE]["E40"] = "=B13*2"
    workbook[L.EVIDENCE]["B9"] = "=SUM(B4:B8)+#REF!"
    assert findings(workbook) == {
        (L.SCORE, "B13"): "JZ301", (L.TASKS, "D10"): "JZ302", (L.RULES, "C26"): "JZ303",
        (L.SCORE, "E40"): "JZ307", (L.EVIDENCE, "B9"): "JZ305"}


def test_missing_broken_and_redirected_names(workbook: openpyxl.Workbook) -> None:
    del workbook.defined_names["GrowthWeight"]
    workbook.defined_names["EvidenceTotal"].attr_text = "Score!#REF!"
    workbook.defined_names["RawRange"].attr_text = "Rules!$C$10"
    assert findings(workbook) == {
        (L.RULES, f"B{L.CONSTANT_ROW['GrowthWeight']}"): "JZ306",
        L.result_cell("EvidenceTotal"): "JZ305",
        (L.RULES, f"B{L.CONSTANT_ROW['RawRange']}"): "JZ306"}


def test_rows_deleted_are_one_finding_per_sheet(workbook: openpyxl.Workbook) -> None:
    """What openpyxl's delete_rows leaves: formulas moved up, names not (Excel moves both)."""
    workbook[L.SCORE].delete_rows(L.SCORE_LINE_ROW["BarrierTotal"])
    found = findings(workbook)
    assert list(found.items()) == [(L.result_cell("BarrierTotal"), "JZ304")]


def test_names_moved_by_an_insertion_are_a_shift(workbook: openpyxl.Workbook) -> None:
    for name in ("TaskNames", "TaskShares", "TaskScores"):
        text = workbook.defined_names[name].attr_text
        workbook.defined_names[name].attr_text = text.replace("$53", "$54")
    found = findings(workbook)
    assert found == {(L.TASKS, "A4"): "JZ304"}


def test_many_added_formulas_are_one_finding(workbook: openpyxl.Workbook) -> None:
    scratch = workbook[L.SCORE]
    for row in range(40, 52):
        scratch[f"F{row}"] = f"=B13*{row}"
    outcome = check_integrity(workbook, "x", canonical_template(), formula_cells(workbook))
    [finding] = outcome.findings
    assert (finding.code, finding.cell) == ("JZ307", "F40")
    assert finding.message == ("12 formulas where the template has none "
                               "(F40, F41, F42, F43, F44, ...)")
