"""Rows from real files: scored, invalid and unreadable workbooks each become one row."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jobzone.engine.check.pipeline import Checker
from jobzone.engine.core.derivation import score_record, scorecard_text
from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.report.collect import collect_rows, make_row, time_by_score
from jobzone.engine.report.preload import PRELOAD
from jobzone.engine.report.rows import Status
from jobzone.engine.runtime.runner import make_runner
from tests import factories
from tests.conftest import REFERENCE_WORKBOOK
from tests.portfolio import portfolio_assessments, write_broken_files, write_portfolio


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], dict[str, Path]]:
    directory = tmp_path_factory.mktemp("mixed")
    good = write_portfolio(directory, portfolio_assessments(3))
    return good, write_broken_files(directory)


def test_every_file_is_a_row_in_order(mixed: tuple[list[Path], dict[str, Path]]) -> None:
    good, broken = mixed
    paths = [*good, broken["empty"], broken["text"], broken["invalid"]]
    seen: list[None] = []
    rows = collect_rows(paths, AIJRI_1, advance=lambda: seen.append(None))
    assert [row.number for row in rows] == [1, 2, 3, 4, 5, 6] and len(seen) == 6
    assert [row.status for row in rows] == [Status.scored] * 3 + [
        Status.unreadable, Status.unreadable, Status.invalid]
    assert [row.file for row in rows] == [str(p) for p in paths]


def test_broken_rows_carry_their_findings(mixed: tuple[list[Path], dict[str, Path]]) -> None:
    _, broken = mixed
    empty, text, invalid = collect_rows([broken["empty"], broken["text"], broken["invalid"]],
                                        AIJRI_1)
    assert [f.code for f in empty.findings] == ["JZ004"] and empty.title == "zz-empty.xlsx"
    assert "not a zip archive" in text.findings[0].message
    [short] = [f for f in invalid.findings if f.severity.value == "error"]
    assert (short.code, short.sheet, short.severity.value) == ("JZ206", "Tasks", "error")
    assert invalid.title == "zz-shares-short.xlsx"  # not scored: no assessment to name it
    assert invalid.record is None and invalid.derivation is None and not invalid.time_by_score


def test_a_scored_row_holds_the_record_and_derivation_of_score() -> None:
    [row] = collect_rows([REFERENCE_WORKBOOK], AIJRI_1)
    assert row.status is Status.scored and not row.problems
    assert row.findings == Checker().check(REFERENCE_WORKBOOK).findings  # as `jobzone check`
    assert (row.title, row.seniority, row.score, row.final_zone, row.sub_label) == (
        "LLMOps Engineer", "Mid-level", 41.2, "Yellow", "Yellow (Urgent)")
    assert row.derivation is not None and "= 3.8058" in row.derivation
    assert sum(share for _, share in row.time_by_score) == 100


def test_make_row_is_pure_and_matches_the_scorecard() -> None:
    a = factories.assessment(tasks=[("60", 4, "DISPLACEMENT"), ("40", 2, "NOT INVOLVED")],
                             title="  ")
    r = evaluate(a, AIJRI_1)
    row = make_row(7, "dir/role.xlsx", (), AIJRI_1, a, r)
    assert row.number == 7 and row.title == "role.xlsx"  # a blank title falls back to the file
    assert row.record == score_record("dir/role.xlsx", a, r, AIJRI_1)
    assert row.derivation == scorecard_text("dir/role.xlsx", a, r, AIJRI_1)
    assert row.time_by_score == ((1, 0), (2, Decimal(40)), (3, 0), (4, Decimal(60)), (5, 0))


def test_time_by_score_adds_shares_of_equal_scores() -> None:
    a = factories.assessment(tasks=[("12.5", 3, "AUGMENTATION"), ("37.5", 3, "AUGMENTATION"),
                                    ("50", 5, "DISPLACEMENT")])
    assert time_by_score(a, AIJRI_1.scales.task) == (
        (1, 0), (2, 0), (3, Decimal("50.0")), (4, 0), (5, Decimal(50)))


def test_a_process_pool_gives_the_same_rows_in_order(
        mixed: tuple[list[Path], dict[str, Path]]) -> None:
    good, broken = mixed
    paths = [broken["text"], *good, broken["invalid"]]
    runner = make_runner(len(paths), jobs=2, preload=PRELOAD)
    try:
        pooled = collect_rows(paths, AIJRI_1, runner)
    finally:
        runner.close()
    assert pooled == collect_rows(paths, AIJRI_1)
