"""Rules-sheet drift (old and new values) and the method's own rules (METHODOLOGY 6-8)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import openpyxl
import pytest

from jobzone.engine.check.stages.method_rules import check_method, screened_zone, unrounded_score
from jobzone.engine.check.stages.rules_drift import check_rules_drift, read_ruleset, rule_cells
from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment, Override
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.workbooks import layout as L
from tests.conftest import REFERENCE_WORKBOOK
from tests.factories import assessment, for_score, replace_task


@pytest.fixture()
def workbook() -> openpyxl.Workbook:
    return openpyxl.load_workbook(REFERENCE_WORKBOOK)


def test_the_rules_sheet_reads_back_as_aijri_1(workbook: openpyxl.Workbook) -> None:
    assert read_ruleset(workbook) == AIJRI_1
    assert check_rules_drift(workbook, "x", AIJRI_1) == []
    # every cell the builder writes is compared, spare decision-table rows included
    assert len(rule_cells(AIJRI_1)) == (1 + len(L.RULE_CONSTANTS) + len(L.LABEL_NAMES)
                                        + sum(len(t.columns) for t in L.DECISION_TABLES
                                              for _ in t.rows()))


def test_drift_reports_each_cell_with_old_and_new(workbook: openpyxl.Workbook) -> None:
    rules = workbook[L.RULES]
    rules[f"B{L.ZONE_TABLE.first_row}"] = 50
    rules[f"B{L.LABEL_ROW['LabelAugmentation']}"] = "AUGMENTED"
    rules[f"F{L.SUB_LABEL_TABLE.first_row + 6}"] = "Blue"
    rules[f"B{L.CONSTANT_ROW['RawRange']}"] = "=7.93"
    messages = {f.cell: f.message for f in check_rules_drift(workbook, "x", AIJRI_1)}
    assert messages == {
        f"B{L.ZONE_TABLE.first_row}": "zone table row 1 Min score differs from aijri-1: "
                                      "48.0 -> 50",
        f"B{L.LABEL_ROW['LabelAugmentation']}": "LabelAugmentation differs from aijri-1: "
                                                "'AUGMENTATION' -> 'AUGMENTED'",
        f"F{L.SUB_LABEL_TABLE.first_row + 6}": "sub-label table row 7 Sub-label differs from "
                                               "aijri-1: blank -> 'Blue'",
        f"B{L.CONSTANT_ROW['RawRange']}": "RawRange differs from aijri-1: 7.93 -> the formula "
                                          "=7.93",
    }
    assert read_ruleset(workbook) is None  # a formula is not a constant


def test_a_drifted_sheet_reads_back_as_the_rules_it_holds(workbook: openpyxl.Workbook) -> None:
    workbook[L.RULES][f"B{L.ZONE_TABLE.first_row}"] = 50
    rules = read_ruleset(workbook)
    assert rules is not None and rules.zones[0].min_score == Decimal(50)
    assert dataclasses.replace(rules, zones=AIJRI_1.zones) == AIJRI_1


def codes(a: Assessment, rows: list[int] | None = None) -> dict[str, str]:
    result = evaluate(a, AIJRI_1)
    rows = rows or list(range(L.TASK_FIRST_ROW, L.TASK_FIRST_ROW + len(a.tasks)))
    return {f.code: f.message for f in check_method(a, result, AIJRI_1, "x", rows)}


def test_invalid_override() -> None:
    found = codes(for_score("42.9", override=Override("Green", "too far")))
    assert found["JZ601"].startswith("invalid assessor override: score 42.9 is 5.1 points")
    assert "JZ601" not in codes(for_score("43.0", override=Override("Green", "close")))


def test_score_above_100() -> None:
    top = assessment(tasks=[("100", 1, "NOT INVOLVED")], evidence=[2] * 5, barriers=[2] * 5,
                     growth=2)
    assert codes(top)["JZ602"] == "score 109.7 is above 100 (not clamped)"


# for_score hits a target only to four decimals of W: "47.95" is 47.94956 unrounded (0.0504
# from 48, not near), "47.96" is 47.95965 (near, and it rounds to 48.0).
@pytest.mark.parametrize(("target", "near"), [
    ("47.9", False), ("47.95", False), ("47.96", True), ("48.0", True), ("48.04", True),
    ("48.05", False), ("25.0", True), ("24.95", False),
])
def test_near_a_threshold_is_judged_on_the_unrounded_score(target: str, near: bool) -> None:
    a = for_score(target)
    result = evaluate(a, AIJRI_1)
    exact = unrounded_score(result, AIJRI_1)
    assert ("JZ603" in codes(a)) == near == any(
        abs(exact - t) <= Decimal("0.05") for t in (Decimal(48), Decimal(25)))


def test_label_misfit_points_at_the_label_cell() -> None:
    a = replace_task(assessment(tasks=[("50", 4, "DISPLACEMENT"), ("50", 1, "NOT INVOLVED")]),
                     0, label="AUGMENTATION")
    result = evaluate(a, AIJRI_1)
    [misfit] = [f for f in check_method(a, result, AIJRI_1, "x", [4, 9]) if f.code == "JZ604"]
    assert (misfit.sheet, misfit.cell) == (L.TASKS, "E4")
    assert misfit.message == "label AUGMENTATION does not fit score 4 (usually DISPLACEMENT)"


def test_quick_screen_against_the_final_zone() -> None:
    assert screened_zone("Likely Green (Accelerated)", AIJRI_1) == "Green"
    assert screened_zone("Proceed to quantify", AIJRI_1) is None
    fast_growth = assessment(tasks=[("100", 5, "DISPLACEMENT")], growth=2)  # Red, screen Green
    assert "JZ605" in codes(fast_growth)
    assert "JZ605" not in codes(assessment(growth=0))  # "Proceed to quantify"
