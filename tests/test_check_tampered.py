"""Tampered copies of the example: each yields its code at its cell and exit 1; the example exits 0.

Every run also proves the input is never modified (its bytes hash the same).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jobzone.engine.cli.app import build_app
from jobzone.workbooks import layout as L
from tests.conftest import REFERENCE_WORKBOOK
from tests.libreoffice import recalculate
from tests.tampering import (
    SCORE,
    TAMPERS,
    Tamper,
    libreoffice_delete_row,
    tampered_copy,
    uno_available,
    with_input_changed,
)


@pytest.fixture(autouse=True)
def patient_formulas(monkeypatch: pytest.MonkeyPatch) -> None:
    """Edited formulas are compiled and evaluated; a busy machine must not time them out."""
    monkeypatch.setenv("JOBZONE_FORMULA_SECONDS", "600")


def check(*args: str) -> tuple[int, dict[str, Any], str]:
    """`jobzone check --format json ARGS`, in process; the input bytes must not change."""
    files = [Path(a) for a in args if Path(a).is_file()]
    before = {f: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    done = CliRunner().invoke(build_app(), ["check", "--format", "json", *args])
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    assert {f: hashlib.sha256(f.read_bytes()).hexdigest() for f in files} == before
    return done.exit_code, json.loads(done.stdout), done.stderr


def located(report: dict[str, Any]) -> set[tuple[str, str | None, str | None]]:
    return {(f["code"], f["sheet"], f["cell"]) for f in report["findings"]}


def test_the_untouched_example_is_clean() -> None:
    code, output, _ = check(str(REFERENCE_WORKBOOK))
    assert code == 0
    [report] = output["files"]
    assert {f["severity"] for f in report["findings"]} == {"info"}
    assert report["result"]["score"] == 41.2
    assert output["summary"]["errors"] == output["summary"]["warnings"] == 0


@pytest.mark.parametrize("tamper", TAMPERS, ids=lambda t: t.name)
def test_each_tampered_copy_is_found_at_its_cell(tamper: Tamper, tmp_path: Path) -> None:
    copy = tampered_copy(tamper, tmp_path)
    code, output, stderr = check(str(copy))
    assert code == 1, stderr
    [report] = output["files"]
    assert (tamper.code, tamper.sheet, tamper.cell) in located(report), report["findings"]
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert all(f["cell"] for f in errors), "every error points at a cell"


def test_rules_drift_gives_old_and_new_values(tmp_path: Path) -> None:
    [rules] = [t for t in TAMPERS if t.name == "rules-changed"]
    _, output, _ = check(str(tampered_copy(rules, tmp_path)))
    [drift] = [f for f in output["files"][0]["findings"] if f["code"] == "JZ320"]
    assert drift["message"] == "EvidenceWeight differs from aijri-1: 0.04 -> 0.05"


def test_typed_score_is_one_finding_not_three(tmp_path: Path) -> None:
    """The typed number is reported as such; its stale-looking value is not reported again."""
    [typed] = [t for t in TAMPERS if t.name == "typed-score"]
    _, output, _ = check(str(tampered_copy(typed, tmp_path)))
    at_score = [f["code"] for f in output["files"][0]["findings"] if f["cell"] == SCORE[1]]
    assert at_score == ["JZ301"]


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as LibreOffice saves it: every formula with a cached value."""
    out = tmp_path_factory.mktemp("recalculated")
    [saved] = recalculate([REFERENCE_WORKBOOK], out)
    return saved


@pytest.mark.libreoffice
def test_a_recalculated_copy_is_clean(recalculated: Path) -> None:
    code, output, _ = check(str(recalculated))
    assert code == 0
    assert "JZ413" not in {c for c, _, _ in located(output["files"][0])}


@pytest.mark.libreoffice
def test_stale_cached_values(recalculated: Path, tmp_path: Path) -> None:
    """A task score changed inside the zip: the cached score (41.2) no longer follows."""
    stale = with_input_changed(recalculated, tmp_path / "stale.xlsx", L.TASKS, "C4", "5")
    code, output, _ = check(str(stale))
    assert code == 1
    [report] = output["files"]
    assert ("JZ410", *SCORE) in located(report)
    [score] = [f for f in report["findings"] if (f["code"], f["cell"]) == ("JZ410", SCORE[1])]
    assert score["message"].startswith("Score: the file shows 41.2, jobzone computes ")
    assert report["result"]["score"] != 41.2


@pytest.mark.libreoffice
@pytest.mark.skipif(not uno_available(), reason="python3-uno (system python) not installed")
def test_ref_error_after_a_deleted_row(tmp_path: Path) -> None:
    """LibreOffice deletes the EvidenceTotal row: its name becomes #REF!, results error."""
    source = tmp_path / "source.xlsx"
    shutil.copyfile(REFERENCE_WORKBOOK, source)
    row = L.SCORE_LINE_ROW["EvidenceTotal"]
    deleted = libreoffice_delete_row(source, tmp_path / "deleted-row.xlsx", L.SCORE, row)
    code, output, _ = check(str(deleted))
    assert code == 1
    found = located(output["files"][0])
    assert ("JZ305", L.SCORE, f"B{row}") in found  # the name's target is gone
    assert ("JZ304", L.SCORE, f"B{row}") in found  # the rows below moved up
    # The score now sits one row higher, and shows an error value.
    assert ("JZ412", L.SCORE, f"B{L.SCORE_LINE_ROW['Score'] - 1}") in found


@pytest.mark.libreoffice
@pytest.mark.skipif(not uno_available(), reason="python3-uno (system python) not installed")
def test_a_task_row_deleted_in_a_spreadsheet_program_is_named_as_such(tmp_path: Path) -> None:
    """LibreOffice deletes a task row: one finding says so, with what follows from it, and
    no follow-on finding advises typing over the moved totals (issue 16)."""
    source = tmp_path / "source.xlsx"
    shutil.copyfile(REFERENCE_WORKBOOK, source)
    deleted = libreoffice_delete_row(source, tmp_path / "deleted-task.xlsx", L.TASKS, 6)
    code, output, _ = check(str(deleted))
    assert code == 1
    [finding] = output["files"][0]["findings"]
    totals = L.TASK_TOTAL_ROW - 1
    assert (finding["code"], finding["sheet"], finding["cell"]) == ("JZ304", L.TASKS,
                                                                    f"A{totals}")
    assert finding["message"].startswith(
        f"1 row deleted inside the task table: its totals moved up from row "
        f"{L.TASK_TOTAL_ROW} to row {totals}")
    shares_left = 100 - 15  # the example's third task (row 6) had 15 % of the time
    assert f"the time shares left in the table sum to {shares_left}%" in finding["message"]
    assert ", while the sheet shows " in finding["message"]  # LibreOffice's recalculation
    assert "type the value itself" not in json.dumps(output)


def test_edited_formulas_are_evaluated_and_disagree(tmp_path: Path) -> None:
    """The three-way comparison: an edited weight makes the workbook compute another score."""
    [edited] = [t for t in TAMPERS if t.name == "edited-weight"]
    _, output, _ = check(str(tampered_copy(edited, tmp_path)))
    messages = {(f["code"], f["cell"]): f["message"] for f in output["files"][0]["findings"]}
    modifier = L.result_cell("EvidenceModifier")[1]
    assert messages[("JZ411", modifier)] == (
        "EvidenceModifier: the workbook's formulas give 1.35, jobzone gives 1.28")
    assert ("JZ411", SCORE[1]) in messages
    code, output, _ = check("--formulas", "never", str(tampered_copy(edited, tmp_path)))
    assert code == 1 and "JZ411" not in {f["code"] for f in output["files"][0]["findings"]}


def test_an_error_value_is_found_where_it_starts(tmp_path: Path) -> None:
    """A division by zero typed into a formula: the evaluator names the cell it starts at."""
    modifier = L.result_cell("EvidenceModifier")
    broken = Tamper("divide-by-zero", "JZ401", *modifier, lambda wb: wb[modifier[0]].__setitem__(
        modifier[1], "=ROUND(ModifierBase+EvidenceWeight*EvidenceTotal/0,ExactDecimals)"))
    code, output, _ = check(str(tampered_copy(broken, tmp_path)))
    assert code == 1
    messages = {(f["code"], f["cell"]): f["message"] for f in output["files"][0]["findings"]}
    assert messages[("JZ401", modifier[1])] == f"{L.SCORE}!{modifier[1]} evaluates to #DIV/0!"
    assert ("JZ401", SCORE[1]) in messages  # and the score it reaches
