"""Input scales are ruleset data: a method revised to a 0-10 automation scale (and
"share of task time scoring 6+") needs no code. The workbook's drop-downs and its
Score-sheet distribution follow the ruleset, `check` accepts what the ruleset's scales
accept and names the scale in what it refuses, LibreOffice recalculates the workbook to
native evaluation, and what-if moves a score within the ruleset's scale."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment, Override
from jobzone.engine.core.ruleset import AIJRI_1, Ruleset, Scale
from jobzone.engine.core.ruleset_file import builtin_text, parse_ruleset
from jobzone.engine.core.ruleset_verify import max_score, verify
from jobzone.engine.core.scenario import Edit, Scenario, ScenarioError, apply
from jobzone.engine.report.collect import time_by_score
from jobzone.workbooks import layout as L
from jobzone.workbooks.builder import save_workbook
from jobzone.workbooks.named_results import (
    compare_named,
    expected_named_values,
    read_named_values,
)
from jobzone.workbooks.reader import read_assessment
from tests.conftest import REFERENCE_WORKBOOK

TEN_POINT = (builtin_text("aijri-1")
             .replace('name = "aijri-1"', 'name = "aijri-10pt"')
             .replace("task = [1, 5]", "task = [0, 10]")
             .replace("task_resistance_base = 6.00", "task_resistance_base = 11.00")
             .replace("high_automation_score = 3", "high_automation_score = 6"))


def jobzone(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobzone", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, check=False)


def ten_point() -> Ruleset:
    return parse_ruleset(TEN_POINT, "aijri-10pt.toml")


def doubled(a: Assessment) -> Assessment:
    """The example's tasks rescored on the 0-10 scale (each score doubled), without its
    narrative and override reason (whose figures, cited from the published score, no
    longer hold)."""
    return dataclasses.replace(a, narrative=(), override=Override(None, ""), tasks=tuple(
        dataclasses.replace(t, score=2 * t.score) for t in a.tasks))


@pytest.fixture()
def project(tmp_path: Path) -> tuple[Path, Path, Assessment]:
    """A project whose configuration knows the 0-10 ruleset, and a workbook made under it."""
    (tmp_path / "aijri-10pt.toml").write_text(TEN_POINT, encoding="utf-8")
    (tmp_path / "jobzone.toml").write_text('rulesets = ["aijri-10pt.toml"]\n', encoding="utf-8")
    a = doubled(read_assessment(REFERENCE_WORKBOOK))
    path = tmp_path / "ten.xlsx"
    save_workbook(a, ten_point(), path)
    return tmp_path, path, a


def test_the_ruleset_file_carries_the_scales() -> None:
    rules = ten_point()
    assert rules.scales.task == Scale(0, 10) and rules.scales == dataclasses.replace(
        AIJRI_1.scales, task=Scale(0, 10))
    assert AIJRI_1.scales.principle == Scale(0, 3) and AIJRI_1.scales.growth == Scale(-2, 2)
    # every task at 0 leaves task resistance at its base: 11 x 1.4 x 1.2 x 1.1
    assert max_score(rules) == Decimal("249.5") and max_score(AIJRI_1) == Decimal("109.7")
    assert verify(rules) == []


def test_the_workbook_follows_the_scales(project: tuple[Path, Path, Assessment]) -> None:
    _, path, _ = project
    workbook = openpyxl.load_workbook(path)
    assert L.tables_of(workbook).task_scores == (0, 10)
    score = workbook[L.SCORE]
    assert [score.cell(row=row, column=1).value for row, _ in
            L.distribution_rows(L.tables_of(workbook))] == list(range(11))
    lists = [dv.formula1 for dv in workbook[L.TASKS].data_validations.dataValidation
             if dv.type == "list"]
    assert '"0,1,2,3,4,5,6,7,8,9,10"' in lists
    assert workbook[L.TASKS][f"{L.TASK_COLUMNS.score}{L.HEADER_ROW}"].value == "Score (0-10)"
    share_row = L.SCORE_LINE_ROW["ShareScoring3Plus"]
    assert score[f"A{share_row}"].value == "Share of task time scoring 6+"
    default = openpyxl.load_workbook(REFERENCE_WORKBOOK)
    assert L.tables_of(default) is L.DEFAULT_TABLES


def test_check_accepts_the_scale_it_declares_and_names_the_one_it_is_forced_to(
        project: tuple[Path, Path, Assessment]) -> None:
    folder, path, a = project
    done = jobzone("check", path, "-f", "json", cwd=folder)
    record = json.loads(done.stdout)["files"][0]
    assert done.returncode == 0, done.stdout
    assert [f["code"] for f in record["findings"] if f["severity"] != "info"] == []
    native = evaluate(a, ten_point())
    assert (record["ruleset"], record["result"]["score"]) == ("aijri-10pt", float(native.score))

    forced = jobzone("check", path, "--rules", "aijri-1", cwd=folder)
    assert forced.returncode == 1
    assert f"{path}:Tasks!C4: error JZ204 task score outside 1..5 (found" in forced.stdout


@pytest.mark.libreoffice
def test_libreoffice_recalculates_a_ten_point_workbook_to_native(
        project: tuple[Path, Path, Assessment], tmp_path: Path) -> None:
    from tests.libreoffice import recalculate

    folder, path, a = project
    [again] = recalculate([path], tmp_path / "lo")
    named = read_named_values(openpyxl.load_workbook(again, data_only=True))
    rules = ten_point()
    assert compare_named(expected_named_values(evaluate(a, rules), rules), named) == []
    resaved = openpyxl.load_workbook(again, data_only=True)
    tables = L.tables_of(resaved)  # the layout read back from LibreOffice's file
    assert tables.task_scores == (0, 10)
    by_score = {resaved[L.SCORE].cell(row=row, column=1).value:
                resaved[L.SCORE].cell(row=row, column=2).value
                for row, _ in L.distribution_rows(tables)}
    native = time_by_score(a, rules.scales.task)  # percent of task time at each score
    assert by_score == pytest.approx({score: float(share) / 100 for score, share in native})
    moved = folder / "resaved.xlsx"
    moved.write_bytes(again.read_bytes())
    checked = jobzone("check", moved, "-f", "json", cwd=folder)
    assert checked.returncode == 0, checked.stdout
    assert [f["code"] for f in json.loads(checked.stdout)["files"][0]["findings"]
            if f["severity"] != "info"] == []


def test_a_layout_written_as_decimals_reads_back_and_a_foreign_one_is_drift(
        project: tuple[Path, Path, Assessment], tmp_path_factory: pytest.TempPathFactory
) -> None:
    _, path, _ = project
    workbook = openpyxl.load_workbook(path)
    for row, score in L.distribution_rows(L.tables_of(workbook)):
        workbook[L.SCORE].cell(row=row, column=1).value = float(score)  # 0.0 .. 10.0
    assert L.tables_of(workbook).task_scores == (0, 10)
    # where aijri-10pt is unknown, the workbook is compared with the default, aijri-1:
    # its 0..10 distribution rows are drift, as its Rules cells are
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "ten.xlsx"
    workbook.save(elsewhere)
    path = elsewhere
    done = jobzone("check", path)
    first = L.DISTRIBUTION_FIRST_ROW
    assert (f"{path}:Score!A{first}: error JZ320 the Score sheet charts task time at scores "
            "0..10; aijri-1 scores tasks 1 to 5") in done.stdout


def test_what_if_moves_a_score_within_the_rulesets_scale() -> None:
    a = doubled(read_assessment(REFERENCE_WORKBOOK))
    name = a.tasks[0].name
    to_nine = Scenario("nine", (Edit.parse(f"task[{name}].score", "9"),))
    changed, _ = apply(a, to_nine, ten_point())
    assert changed.tasks[0].score == 9
    with pytest.raises(ScenarioError, match=r"outside its scale 1\.\.5"):
        apply(read_assessment(REFERENCE_WORKBOOK), to_nine, AIJRI_1)


def test_the_portfolio_report_spans_a_wider_scale() -> None:
    """A portfolio under the 0-10 ruleset: time columns at every score 0..10 (a role's
    share at each), the HTML's chart axis stating 0..10 and its score colours spread
    from s1 to s5; the resistance axis widened to the roles' values."""
    from jobzone.engine.report.collect import make_row, portfolio
    from jobzone.engine.report.render_html import render_html
    from jobzone.engine.report.render_json import render_json

    rules = ten_point()
    a = doubled(read_assessment(REFERENCE_WORKBOOK))
    row = make_row(1, "ten.xlsx", (), rules, a, evaluate(a, rules))
    p = portfolio([row], rules, "ten", "2026-01-01T00:00:00Z")
    assert p.task_scores == tuple(range(11))
    shares = json.loads(render_json(p))["files"][0]["time_by_score"]
    assert list(shares) == [str(n) for n in range(11)] and shares["0"] == 0
    assert sum(shares.values()) == pytest.approx(100)
    html = render_html(p)
    assert "Automation score (0 irreducibly human … 10 fully automatable)" in html
    for n in range(1, 6):  # the eleven bars coloured across all five classes
        assert f'class="s{n}"' in html
    # the role's task resistance, 11 - 6.70 = 4.30, sits inside aijri-1's 1..5 axis; a
    # value outside it widens the axis
    assert "Task resistance (1 = fully automatable … 5 = human)" in html
    wide = dataclasses.replace(row, record={**(row.record or {}), "task_resistance": 10.5})
    assert "Task resistance (higher = more human)" in render_html(
        portfolio([wide], rules, "ten", "2026-01-01T00:00:00Z"))


def test_a_write_up_under_the_ten_point_ruleset_reads_back_whole() -> None:
    """Its "% of task time scoring 6+" line is the share figure, not a stray row."""
    from jobzone.engine.importer.published import compare_published
    from jobzone.workbooks.legacy.writeup import parse_writeup
    from jobzone.workbooks.legacy.writeup_render import render_writeup

    rules = ten_point()
    a = doubled(read_assessment(REFERENCE_WORKBOOK))
    text = render_writeup(a, evaluate(a, rules), rules)
    assert "| % of task time scoring 6+ |" in text and "4.30/11.0" in text
    imported = parse_writeup(text, "ten.md")
    assert imported.unmapped == [] and imported.assessment == a
    compared = compare_published(imported.published, evaluate(a, rules), rules)
    assert "share_scoring_3_plus" in {c.key for c in compared}
    assert [c.key for c in compared if not c.agrees] == []
