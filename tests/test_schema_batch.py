"""A batch of workbooks validated together gives each the findings it gets alone.

`jobzone.schemas.batch` joins the input tables of many workbooks into one frame per table
and runs each schema once; a file with any failure is validated again on its own.
The property: for any batch of workbooks, clean or broken anywhere an analyst can
type (wrong types, blanks, formulas, out-of-range scores, duplicate task names,
shares off 100 %, an unknown override zone, a missing reason, renamed headers,
every task deleted), the batch's findings for each file are exactly those of
`validate_tables` on that file alone. A wrong frame-wide check (a duplicate name
counted across files, one file's shares added to another's) fails it.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.schemas.batch import validate_batch
from jobzone.schemas.sheet_frames import sheet_tables
from jobzone.schemas.validate import validate_tables
from jobzone.workbooks import layout as L
from jobzone.workbooks.builder import build_workbook
from tests.strategies import assessments

TC = L.TASK_COLUMNS
TASK_ROWS = range(L.TASK_FIRST_ROW, L.TASK_FIRST_ROW + 8)
BAD_VALUES = st.sampled_from([None, "", " ", "text", "=1+2", 7, 0, -1, 2.5, 0.333, 1, 3,
                              "Purple", "Yellow", "Red", "AUGMENTATION", "dup"])
CELLS = st.one_of(
    st.tuples(st.just(L.TASKS), st.sampled_from([TC.name, TC.time_share, TC.score, TC.label,
                                                 TC.rationale]), st.sampled_from(TASK_ROWS)),
    *(st.tuples(st.just(block.sheet), st.sampled_from(["A", "B", "C"]),
                st.sampled_from(block.rows()))
      for block in (L.PRINCIPLES_BLOCK, L.GROWTH_BLOCK, L.EVIDENCE_BLOCK, L.BARRIERS_BLOCK)),
    st.tuples(st.just(L.ROLE), st.just(L.ROLE_VALUE_COLUMN),
              st.sampled_from([f.row for f in L.ROLE_FIELDS])),
    st.tuples(st.just(L.OVERRIDE), st.just(L.OVERRIDE_VALUE_COLUMN),
              st.sampled_from([L.OVERRIDE_ZONE_ROW, L.OVERRIDE_REASON_ROW])),
    st.tuples(st.just(L.NOTES), st.sampled_from([L.NOTES_TITLE_COLUMN, L.NOTES_TEXT_COLUMN]),
              st.integers(L.NOTES_FIRST_ROW, L.NOTES_FIRST_ROW + 3)),
    st.tuples(st.just(L.TASKS), st.sampled_from([TC.name, TC.score]), st.just(L.HEADER_ROW)),
)
EDITS = st.lists(st.tuples(CELLS, BAD_VALUES), max_size=3)


def _apply(workbook: Any, edits: list[tuple[tuple[str, str, int], Any]],
           clear_tasks: bool) -> Any:
    if clear_tasks:
        for row in L.task_rows():
            for column in (TC.name, TC.time_share, TC.score, TC.label, TC.rationale):
                workbook[L.TASKS][f"{column}{row}"].value = None
    for (sheet, column, row), value in edits:
        workbook[sheet][f"{column}{row}"].value = value
    return workbook


def _shown(problems: list[Any]) -> list[tuple[str, str]]:
    return [(problem.code, str(problem)) for problem in problems]


@st.composite
def batches(draw: st.DrawFn) -> list[Any]:
    count = draw(st.integers(1, 5))
    return [_apply(build_workbook(draw(assessments(max_tasks=8)), AIJRI_1), draw(EDITS),
                   draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans()))
            for _ in range(count)]


@settings(max_examples=min(settings().max_examples, 250))
@given(batches())
def test_a_batch_gives_each_workbook_its_own_findings(workbooks: list[Any]) -> None:
    tables = [sheet_tables(workbook) for workbook in workbooks]
    files = [f"w{number}.xlsx" for number in range(len(workbooks))]
    alone = [validate_tables(own, AIJRI_1, file) for own, file in zip(tables, files,
                                                                      strict=True)]
    together = validate_batch(tables, AIJRI_1, files)
    assert [_shown(p) for p in together] == [_shown(p) for p in alone]


@pytest.fixture()
def clean() -> list[Any]:
    from tests.factories import assessment

    return [build_workbook(assessment(), AIJRI_1) for _ in range(3)]


def test_frame_wide_checks_keep_files_apart(clean: list[Any]) -> None:
    """Same task names in different files, shares short of 100 % in one file only,
    a reason in one file for another's override: none is a failure in a batch."""
    first, second, third = clean
    for row in TASK_ROWS[:2]:  # the same names in two files: unique within each
        second[L.TASKS][f"{TC.name}{row}"].value = first[L.TASKS][f"{TC.name}{row}"].value
    first[L.OVERRIDE][f"{L.OVERRIDE_VALUE_COLUMN}{L.OVERRIDE_ZONE_ROW}"].value = "Green"
    first[L.OVERRIDE][f"{L.OVERRIDE_VALUE_COLUMN}{L.OVERRIDE_REASON_ROW}"].value = "audited"
    third[L.TASKS][f"{TC.time_share}{L.TASK_FIRST_ROW}"].value = 0.9  # shares 90 %
    tables = [sheet_tables(workbook) for workbook in clean]
    found = validate_batch(tables, AIJRI_1, ["a", "b", "c"])
    assert [[p.code for p in problems] for problems in found] == [[], [], ["JZ206"]]
    assert found[2][0].location.cell == f"{TC.time_share}{L.TASK_TOTAL_ROW}"


def test_the_batch_runs_each_schema_once_for_valid_files(
        clean: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    import pandera.pandas as pa

    calls: list[int] = []
    real = pa.DataFrameSchema.validate

    def counted(self: pa.DataFrameSchema, frame: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(len(frame))
        return real(self, frame, *args, **kwargs)

    monkeypatch.setattr(pa.DataFrameSchema, "validate", counted)
    first, second, _ = clean  # what only a check blind to files would flag
    for row in TASK_ROWS[:2]:
        second[L.TASKS][f"{TC.name}{row}"].value = first[L.TASKS][f"{TC.name}{row}"].value
    first[L.OVERRIDE][f"{L.OVERRIDE_VALUE_COLUMN}{L.OVERRIDE_ZONE_ROW}"].value = "Green"
    first[L.OVERRIDE][f"{L.OVERRIDE_VALUE_COLUMN}{L.OVERRIDE_REASON_ROW}"].value = "audited"
    tables = [sheet_tables(workbook) for workbook in clean]
    assert validate_batch(tables, AIJRI_1, ["a", "b", "c"]) == [[], [], []]
    assert len(calls) == len(tables[0])  # one call per table, not per table per file
    single = sum(len(t.rows) for t in tables[0])
    assert sum(calls) == 3 * single
