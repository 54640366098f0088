"""The schemas over a workbook's sheets as they are, and over an Assessment: same checks."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import openpyxl
import pandera.pandas as pa
import pytest

from jobzone.engine.core.model import Override
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.schemas import sheets
from jobzone.schemas.codes import SCHEMA_CODES, SCHEMA_RULES
from jobzone.schemas.validate import validate_assessment, validate_workbook
from jobzone.workbooks import layout as L
from tests.conftest import REFERENCE_WORKBOOK
from tests.factories import assessment, replace_task


@pytest.fixture()
def workbook() -> openpyxl.Workbook:
    return openpyxl.load_workbook(REFERENCE_WORKBOOK)


def problems(workbook: openpyxl.Workbook) -> dict[tuple[str | None, str | None], str]:
    """(sheet, cell) -> code of every schema failure."""
    found = {}
    for error in validate_workbook(workbook, AIJRI_1, "x.xlsx"):
        assert (error.location.sheet, error.location.cell) not in found, "reported twice"
        found[(error.location.sheet, error.location.cell)] = error.code
    return found


def test_the_example_is_valid(workbook: openpyxl.Workbook) -> None:
    assert problems(workbook) == {}


@pytest.mark.parametrize(("sheet", "cell", "value", "code"), [
    (L.TASKS, "A6", None, "JZ201"),
    (L.TASKS, "B6", -0.05, "JZ203"),
    (L.TASKS, "B6", 0.15005, "JZ203"),
    (L.TASKS, "B6", None, "JZ104"),
    (L.TASKS, "B6", "15%", "JZ105"),
    (L.TASKS, "C6", 0, "JZ204"),
    (L.TASKS, "C6", 3.5, "JZ105"),
    (L.TASKS, "C6", True, "JZ105"),
    (L.TASKS, "C6", "=2+1", "JZ103"),
    (L.TASKS, "E6", "AUTOMATED", "JZ205"),
    (L.TASKS, "E6", None, "JZ205"),
    (L.TASKS, "F6", "=A6", "JZ103"),
    (L.PRINCIPLES, "B4", 4, "JZ208"),
    (L.PRINCIPLES, f"B{L.GROWTH_BLOCK.first_row}", 3, "JZ209"),
    (L.EVIDENCE, "B8", -3, "JZ210"),
    (L.BARRIERS, "B4", None, "JZ104"),
    (L.BARRIERS, "B5", 3, "JZ211"),
    (L.ROLE, "B4", None, "JZ212"),
    (L.ROLE, "B6", "=B4", "JZ103"),
    (L.OVERRIDE, "B4", "green", "JZ213"),
    (L.NOTES, "B4", "=1+1", "JZ103"),
])
def test_one_bad_cell_is_one_finding_at_that_cell(workbook: openpyxl.Workbook, sheet: str,
                                                  cell: str, value: object, code: str) -> None:
    workbook[sheet][cell] = value
    found = problems(workbook)
    assert found.get((sheet, cell)) == code, found
    # a changed share also breaks the 100% total (reported only when every share is a number)
    total = (L.TASKS, f"B{L.TASK_TOTAL_ROW}")
    rest = {k: v for k, v in found.items() if k not in ((sheet, cell), total)}
    assert rest == {}
    assert (total in found) == (sheet == L.TASKS and cell == "B6" and isinstance(value, float))


def test_shares_must_sum_to_exactly_100(workbook: openpyxl.Workbook) -> None:
    workbook[L.TASKS]["B5"] = 0.1501
    [error] = validate_workbook(workbook, AIJRI_1, "x.xlsx")
    assert (error.code, error.location.cell) == ("JZ206", f"B{L.TASK_TOTAL_ROW}")
    assert error.message.endswith("(they sum to 100.01%)")


def test_duplicate_names_point_at_each_row(workbook: openpyxl.Workbook) -> None:
    workbook[L.TASKS]["A9"] = workbook[L.TASKS]["A4"].value + "  "
    found = problems(workbook)
    assert found == {(L.TASKS, "A4"): "JZ202", (L.TASKS, "A9"): "JZ202"}


def test_no_tasks(workbook: openpyxl.Workbook) -> None:
    for row in L.task_rows():
        for column in "ABCEF":
            workbook[L.TASKS][f"{column}{row}"] = None
    assert problems(workbook) == {(L.TASKS, "A4"): "JZ207"}


def test_an_override_needs_a_reason(workbook: openpyxl.Workbook) -> None:
    workbook[L.OVERRIDE]["B4"] = "Green"
    workbook[L.OVERRIDE]["B5"] = "   "
    assert problems(workbook) == {(L.OVERRIDE, "B5"): "JZ214"}
    workbook[L.OVERRIDE]["B5"] = "strong market evidence"
    assert problems(workbook) == {}


def test_a_moved_header_points_at_the_header_cell(workbook: openpyxl.Workbook) -> None:
    sheet = workbook[L.TASKS]
    sheet["C3"], sheet["G3"] = "Automation", L.TASK_HEADERS["score"]
    [error] = validate_workbook(workbook, AIJRI_1, "x.xlsx")
    assert (error.code, error.location.sheet, error.location.cell) == ("JZ215", L.TASKS, "C3")
    assert "found 'Automation'; the header is now in G3" in error.message


def test_headers_match_without_regard_to_case_and_spacing(workbook: openpyxl.Workbook) -> None:
    workbook[L.EVIDENCE]["B3"] = "  score (-2 TO 2) "
    assert problems(workbook) == {}


def test_missing_sheets_are_left_to_the_caller(workbook: openpyxl.Workbook) -> None:
    del workbook[L.TASKS]
    assert problems(workbook) == {}


def test_assessment_and_workbook_share_the_checks() -> None:
    bad = replace_task(assessment(tasks=[("60", 3, "AUGMENTATION"), ("40", 2, "NOT INVOLVED")]),
                       1, score=9, label="OTHER")
    bad = dataclasses.replace(bad, evidence=(*bad.evidence[:4],
                                             dataclasses.replace(bad.evidence[4], score=5)))
    found = {(e.location.sheet, e.location.cell, e.code)
             for e in validate_assessment(bad, AIJRI_1, "x")}
    assert found == {(L.TASKS, "C5", "JZ204"), (L.TASKS, "E5", "JZ205"),
                     (L.EVIDENCE, "B8", "JZ210")}
    ok = assessment(override=Override("Green", ""))  # the score command leaves overrides alone
    assert validate_assessment(ok, AIJRI_1, "x") == []
    assert sum(t.time_share for t in ok.tasks) == Decimal(100)


def test_every_check_is_named_by_a_documented_code() -> None:
    schemas = [sheets.task_schema(AIJRI_1), *sheets.rated_schemas(AIJRI_1.scales).values(),
               sheets.ROLE_SCHEMA, sheets.override_schema(AIJRI_1), sheets.NOTES_SCHEMA]
    names = set()
    for schema in schemas:
        names |= {check.name for check in schema.checks}
        for column in schema.columns.values():
            names |= {check.name for check in column.checks}
    # a range check also names its scale (JZ204:1..5), which its message quotes
    assert {name.partition(":")[0] for name in names} <= set(SCHEMA_CODES)
    assert {name for name in names if ":" in name} == {
        "JZ204:1..5", "JZ208:0..3", "JZ209:-2..+2", "JZ210:-2..+2", "JZ211:0..2"}
    assert all(rule.title and rule.severity for rule in SCHEMA_RULES)
    assert isinstance(schemas[0], pa.DataFrameSchema)
