"""The canonical workbook: lossless round trip, and what an analyst expects to find."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from jobzone.engine.core.model import Assessment, NarrativeSection, Override
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.workbooks import layout as L
from jobzone.workbooks.builder import build_workbook, save_workbook
from jobzone.workbooks.reader import AssessmentReadError, read_assessment
from tests.factories import assessment, replace_task

REQUIRED_NAMES = ("Score", "Zone", "SubLabel", "FinalZone", "RawScore", "TaskResistance",
                  "ShareScoring3Plus")


def roundtrip(a: Assessment, tmp_path: Path) -> Assessment:
    path = tmp_path / "a.xlsx"
    save_workbook(a, AIJRI_1, path)
    return read_assessment(path)


def test_reference_round_trips_losslessly(reference: Assessment, tmp_path: Path) -> None:
    assert roundtrip(reference, tmp_path) == reference


def test_awkward_text_and_shares_round_trip(tmp_path: Path) -> None:
    a = assessment(tasks=[("12.35", 2, "NOT INVOLVED"), ("0.01", 5, "DISPLACEMENT"),
                          ("87.64", 3, "AUGMENTATION")],
                   override=Override("Green", "=SUM(A1) looks like a formula"))
    a = replace_task(a, 0, name="=1+1", rationale="line one\nline two  ")
    import dataclasses
    a = dataclasses.replace(a, narrative=(NarrativeSection("Timeline", "+3 years"),
                                          NarrativeSection("-", "@risk é ✓")))
    back = roundtrip(a, tmp_path)
    assert back == a
    assert back.tasks[0].time_share == Decimal("12.35")


def test_blank_rows_between_tasks_are_ignored(reference: Assessment, tmp_path: Path) -> None:
    path = tmp_path / "gap.xlsx"
    save_workbook(reference, AIJRI_1, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[L.TASKS]
    ws.move_range(f"A12:F{L.TASK_LAST_ROW - 3}", rows=3)  # three blank rows inside the table
    wb.save(path)
    assert read_assessment(path).tasks == reference.tasks


def test_defined_names_are_workbook_scoped_and_complete() -> None:
    wb = build_workbook(None, AIJRI_1)
    names = set(wb.defined_names.keys())
    assert set(REQUIRED_NAMES) <= names
    assert set(L.defined_names()) == names
    for ws in wb.worksheets:
        assert not ws.defined_names  # no sheet-scoped names: formulas only loads global ones


def _formulas(wb: openpyxl.Workbook) -> list[tuple[str, str, str]]:
    return [(ws.title, c.coordinate, c.value) for ws in wb.worksheets for row in ws.iter_rows()
            for c in row if c.data_type == "f"]


def test_formulas_hold_no_literals_of_the_method() -> None:
    wb = build_workbook(None, AIJRI_1)
    for sheet, ref, formula in _formulas(wb):
        body = re.sub(r'"[^"]*"', '""', formula)  # string literals are vocabulary, not numbers
        body = re.sub(r"\$?[A-Z]{1,3}\$?\d+", "", body)  # A1 references
        numbers = re.findall(r"(?<![A-Za-z_])\d+(?:\.\d+)?", body)
        assert set(numbers) <= {"0"}, f"{sheet}!{ref} has literals {numbers}: {formula}"
        assert "[" not in formula, f"{sheet}!{ref} uses a structured reference"


def test_every_score_line_is_a_live_formula() -> None:
    wb = build_workbook(None, AIJRI_1)
    for line in L.SCORE_LINES:
        sheet, ref = L.result_cell(line.name)
        assert wb[sheet][ref].data_type == "f"
        assert wb[sheet][ref].protection.locked


def test_analyst_affordances(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    save_workbook(None, AIJRI_1, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(L.SHEET_ORDER)
    tasks = wb[L.TASKS]
    assert tasks.protection.sheet and not tasks.protection.password
    assert tasks.freeze_panes == "B4"
    first = L.TASK_FIRST_ROW
    assert not tasks[f"B{first}"].protection.locked  # input
    assert tasks[f"D{first}"].protection.locked  # formula
    assert tasks[f"B{first}"].number_format == L.FMT_PERCENT_2
    validated = {str(dv.sqref): dv for dv in tasks.data_validations.dataValidation}
    assert validated[f"C{first}:C{L.TASK_LAST_ROW}"].formula1 == '"1,2,3,4,5"'
    assert "AUGMENTATION" in validated[f"E{first}:E{L.TASK_LAST_ROW}"].formula1
    for sheet in (L.PRINCIPLES, L.EVIDENCE, L.BARRIERS):
        assert wb[sheet].data_validations.dataValidation, sheet
    score = wb[L.SCORE]
    assert score.conditional_formatting, "zones are coloured"
    assert len(score._charts) == 1
    assert score["B" + str(L.SCORE_LINE_ROW["RawScore"])].number_format == L.FMT_4
    assert tasks.column_dimensions["F"].width >= 60


def test_reading_reports_cells_not_tracebacks(example_copy: Path) -> None:
    wb = openpyxl.load_workbook(example_copy)
    wb[L.TASKS]["C5"] = "four"
    wb[L.EVIDENCE]["B6"] = 1.5
    wb[L.TASKS]["B6"] = None
    wb.save(example_copy)
    with pytest.raises(AssessmentReadError) as caught:
        read_assessment(example_copy)
    located = {(p.location.sheet, p.location.cell) for p in caught.value.problems}
    assert located == {("Tasks", "C5"), ("Evidence", "B6"), ("Tasks", "B6")}
    assert all(str(p).startswith(str(example_copy)) for p in caught.value.problems)


def test_missing_sheet_is_named(example_copy: Path) -> None:
    wb = openpyxl.load_workbook(example_copy)
    del wb[L.BARRIERS]
    wb.save(example_copy)
    with pytest.raises(AssessmentReadError, match="sheet 'Barriers' is missing"):
        read_assessment(example_copy)
