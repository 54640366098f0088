"""Every legacy family, in several styles each, imports to the assessment it holds.

Fixtures are generated here: the same assessments laid out tidy and messy, in one
sheet or many, written as .xlsx, .xlsm, .xls, .ods, one CSV, and per-section CSVs.
Each must import to its expected score with nothing lost: the mess beside the
tables lands in the Notes sheet and the report, and a wrong published score is a
finding.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment, Override
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.importer.job import ReadJob, ReadOutcome, SourceFile, read_source
from jobzone.workbooks.legacy.draft import UNMAPPED_TITLE
from tests import factories
from tests.legacy_shapes import STYLES, Style, expected_unmapped, legacy_sheets
from tests.legacy_writers import WRITERS, write_csv_sections


def _assessments(reference: Assessment) -> list[Assessment]:
    low = factories.assessment(
        tasks=[("12.5", 5, "DISPLACEMENT"), ("37.25", 4, "DISPLACEMENT"),
               ("50.25", 2, "NOT INVOLVED")],
        evidence=[-2, -1, 0, -1, -2], barriers=[0, 0, 1, 0, 0], growth=-1,
        principles=[0, 1, 0], title="Claims Processor")
    high = dataclasses.replace(
        factories.assessment(tasks=[("60", 1, "NOT INVOLVED"), ("40", 3, "AUGMENTATION")],
                             evidence=[2, 1, 2, 1, 1], barriers=[2, 1, 1, 2, 1], growth=1,
                             principles=[3, 2, 2], title="Care Coordinator"),
        override=Override("Yellow", "regulatory risk is rising"))
    return [reference, low, high]


def _job(paths: list[Path], kind: str = "spreadsheet") -> ReadJob:
    name = str(paths[0]) if len(paths) == 1 else str(paths[0].parent / "role-*.csv")
    return ReadJob(name, kind, tuple(SourceFile(str(p), p.read_bytes()) for p in paths))


def _check(outcome: ReadOutcome, a: Assessment, style: Style) -> None:
    errors = [f for f in outcome.findings if f.severity == "error"]
    assert not errors, errors
    got = outcome.assessment
    assert got is not None
    assert dataclasses.replace(got, narrative=()) == dataclasses.replace(a, narrative=())
    expected = evaluate(a, AIJRI_1)
    assert outcome.score == f"{expected.score:f}"
    assert (outcome.zone, outcome.sub_label) == (expected.zone, expected.sub_label)
    kept = sorted(s.text for s in got.narrative if s.title.startswith(UNMAPPED_TITLE))
    assert kept == sorted(expected_unmapped(a, style))
    assert sorted(u.text for u in outcome.unmapped) == kept
    mismatches = [f for f in outcome.findings if f.code == "JZ507"]
    if style.published_score == "wrong":
        assert [f.message.split(":")[0] for f in mismatches] == ["score"]
    else:
        assert mismatches == []
    assert outcome.comparisons and all(c.agrees for c in outcome.comparisons
                                       if c.key != "score" or style.published_score != "wrong")


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm", ".xls", ".ods", ".csv"])
@pytest.mark.parametrize("style_index", range(len(STYLES)))
def test_each_family_and_style_imports_to_the_expected_score(
        tmp_path: Path, reference: Assessment, suffix: str, style_index: int) -> None:
    style = STYLES[style_index]
    for number, a in enumerate(_assessments(reference)):
        path = tmp_path / f"role{number}{suffix}"
        WRITERS[suffix](legacy_sheets(a, style, seed=number), path)
        _check(read_source(_job([path])), a, style)


@pytest.mark.parametrize("style_index", range(len(STYLES)))
def test_one_csv_per_section_imports_as_one_source(
        tmp_path: Path, reference: Assessment, style_index: int) -> None:
    style = dataclasses.replace(STYLES[style_index], split=True)
    for number, a in enumerate(_assessments(reference)):
        folder = tmp_path / str(number)
        folder.mkdir()
        paths = write_csv_sections(legacy_sheets(a, style, seed=number), folder, "role")
        _check(read_source(_job(paths)), a, style)


@pytest.mark.parametrize("seed", range(8))
def test_sections_stacked_in_any_order_in_one_file(tmp_path: Path, reference: Assessment,
                                                   seed: int) -> None:
    """Labelled rows (role, override, figures) right under a table are not read as tasks."""
    style = dataclasses.replace(STYLES[2], split=True)
    path = tmp_path / "stacked.csv"
    WRITERS[".csv"](legacy_sheets(reference, style, seed=seed), path)
    _check(read_source(_job([path])), reference, style)


def test_invalid_inputs_point_at_the_source_row(tmp_path: Path, reference: Assessment) -> None:
    [sheet] = legacy_sheets(reference, STYLES[0])
    row = next(i for i, r in enumerate(sheet.rows) if r and r[0] == reference.tasks[2].name)
    sheet.rows[row][2] = 7
    path = tmp_path / "bad.xlsx"
    WRITERS[".xlsx"]([sheet], path)
    outcome = read_source(_job([path]))
    assert outcome.failed and outcome.score is None
    [problem] = [f for f in outcome.findings if f.code == "JZ204"]
    assert (problem.sheet, problem.cell) == ("Assessment", f"A{row + 1}")
    assert "canonical cell Tasks!C6" in problem.message


def test_an_output_the_check_rejects_fails_its_source(reference: Assessment) -> None:
    from jobzone.engine.importer.job import build_output

    clean = build_output(reference, "ref.txt")
    assert clean.findings == [] and clean.data[:2] == b"PK"
    crossing = dataclasses.replace(reference, override=Override("Red", "two zones away"))
    rejected = build_output(crossing, "ref.txt")
    assert rejected.failed and [f.code for f in rejected.findings] == ["JZ601"]
    assert rejected.findings[0].file == "ref.txt"


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_a_two_row_header_with_merged_cells(tmp_path: Path, reference: Assessment,
                                            suffix: str) -> None:
    """'Task' and 'Label' span both header rows; 'Assessment' spans the share and score."""
    [sheet] = legacy_sheets(reference, STYLES[0])
    start = next(i for i, r in enumerate(sheet.rows) if r and r[0] == "Task")
    sheet.rows[start:start + 1] = [["Task", "Assessment", None, "Weighted", "Aug/Disp",
                                    "Rationale"],
                                   [None, "Time %", "Score (1-5)"]]
    top = start + 1
    sheet.merged += [f"A{top}:A{top + 1}", f"B{top}:C{top}", f"D{top}:D{top + 1}",
                     f"E{top}:E{top + 1}", f"F{top}:F{top + 1}"]
    path = tmp_path / f"merged{suffix}"
    WRITERS[suffix]([sheet], path)
    _check(read_source(_job([path])), reference, STYLES[0])


def test_macros_in_an_xlsm_source_are_reported_never_run(tmp_path: Path,
                                                         reference: Assessment) -> None:
    import zipfile

    path = tmp_path / "with-macros.xlsm"
    WRITERS[".xlsm"](legacy_sheets(reference, STYLES[0]), path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really VBA")
    outcome = read_source(_job([path]))
    assert outcome.score == "41.2"
    macro = [f for f in outcome.findings if "macro" in f.message.lower()]
    assert macro and macro[0].code.startswith("JZ0") and macro[0].severity != "error"


def test_an_override_reason_may_come_before_its_zone(tmp_path: Path, reference: Assessment) -> None:
    a = dataclasses.replace(reference, override=Override("Green", "demand outruns the tools"))
    [sheet] = legacy_sheets(a, STYLES[0])
    zone = next(i for i, r in enumerate(sheet.rows) if r and r[0] == "Override zone")
    sheet.rows[zone], sheet.rows[zone + 1] = sheet.rows[zone + 1], sheet.rows[zone]
    path = tmp_path / "reason-first.xlsx"
    WRITERS[".xlsx"]([sheet], path)
    outcome = read_source(_job([path]))
    assert outcome.assessment is not None and outcome.assessment.override == a.override
