"""One contract for every command (README, "One contract for every command"), each clause
run against the real commands in subprocesses, as a user's shell or CI runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest

from jobzone.workbooks import layout as L
from tests.conftest import REFERENCE_WORKBOOK
from tests.tampering import TAMPERS, tampered_copy

COMMANDS = ("check", "import", "new", "render", "report", "rules", "schema", "score")
TYPER_INTERNALS = ("<bool>", "<str>", "<int>", "<list[", "{paths}", "Value error")
ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas" / "output.schema.json").read_text(encoding="utf-8"))
WRITEUP = ROOT / "examples" / "llmops-engineer.txt"


def jobzone(*args: str | Path, stdin: bytes | None = None, **env: str
            ) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    done = subprocess.run([sys.executable, "-m", "jobzone", *map(str, args)],
                          input=stdin, capture_output=True, check=False,
                          env={**environment, **env})
    return subprocess.CompletedProcess(done.args, done.returncode,
                                       done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))


def valid(document: Any) -> None:
    jsonschema.validate(document, SCHEMA)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_in_jobzones_own_words(command: str) -> None:
    for flag in ("--help", "-h"):
        done = jobzone(command, flag, COLUMNS="100")
        assert done.returncode == 0, done.stderr
        assert "Usage: jobzone" in done.stdout
        assert not [word for word in TYPER_INTERNALS if word in done.stdout], done.stdout
        assert "\\[" not in done.stdout, done.stdout  # rich's escapes, in plain help


def test_the_app_lists_every_command_and_says_its_version() -> None:
    done = jobzone("--help", COLUMNS="120")
    assert all(f" {command} " in done.stdout for command in COMMANDS)
    for flag in ("--version", "-V"):
        version = jobzone(flag)
        assert version.returncode == 0 and version.stdout.startswith("jobzone ")


def test_a_wrong_choice_is_refused_in_jobzones_words_and_any_case_is_accepted() -> None:
    done = jobzone("check", REFERENCE_WORKBOOK, "--format", "xml", COLUMNS="200")
    assert done.returncode == 2
    assert "'xml' is not a format: use text, json, sarif, jsonl or github" in done.stderr
    assert "Value error" not in done.stderr
    assert jobzone("check", REFERENCE_WORKBOOK, "--format", "JSON").returncode == 0


def test_severity_is_a_word_on_every_plain_line(tmp_path: Path) -> None:
    [tamper] = [t for t in TAMPERS if t.name == "task-score-7"]
    path = tampered_copy(tamper, tmp_path)
    for command in ("check", "score"):
        done = jobzone(command, path)
        assert done.returncode == 1
        assert f"{path}:Tasks!C4: error JZ204 task score outside 1..5 (found 7)" in done.stdout
        assert "\x1b[" not in done.stdout + done.stderr


@pytest.mark.parametrize("tamper", ["typed-score", "edited-weight", "rules-changed"])
def test_score_refuses_a_number_check_rejects(tmp_path: Path, tamper: str) -> None:
    [chosen] = [t for t in TAMPERS if t.name == tamper]
    path = tampered_copy(chosen, tmp_path)
    scored, checked = jobzone("score", path), jobzone("check", path)
    assert scored.returncode == checked.returncode == 1, (scored.stdout, checked.stdout)
    assert f"error {chosen.code}" in scored.stdout and f"error {chosen.code}" in checked.stdout
    assert "JobZone Score" not in scored.stdout  # no scorecard for a number it cannot back
    assert f"{path}: not scored" in scored.stderr


def test_an_invalid_override_fails_score_as_it_fails_check(example_copy: Path) -> None:
    workbook = openpyxl.load_workbook(example_copy)
    sheet = workbook[L.OVERRIDE]
    sheet[f"{L.OVERRIDE_VALUE_COLUMN}{L.OVERRIDE_ZONE_ROW}"] = "Green"
    sheet[f"{L.OVERRIDE_VALUE_COLUMN}{L.OVERRIDE_REASON_ROW}"] = "we like it"
    workbook.save(example_copy)
    scored, checked = jobzone("score", example_copy), jobzone("check", example_copy)
    assert scored.returncode == checked.returncode == 1
    assert "INVALID" not in scored.stdout and " error JZ6" in scored.stdout


def test_quiet_leaves_findings_only_and_exit_zero_keeps_could_not_run(tmp_path: Path) -> None:
    [tamper] = [t for t in TAMPERS if t.name == "task-score-7"]
    path = tampered_copy(tamper, tmp_path)
    for command in ("check", "score"):
        quiet = jobzone(command, path, "--quiet")
        assert quiet.returncode == 1 and quiet.stderr == "" and "error JZ204" in quiet.stdout
        assert jobzone(command, path, "--exit-zero").returncode == 0
        assert jobzone(command, tmp_path / "gone.xlsx", "--exit-zero").returncode == 2


def test_colour_follows_force_color_then_no_color() -> None:
    assert "\x1b[" in jobzone("check", REFERENCE_WORKBOOK, FORCE_COLOR="1").stdout
    assert "\x1b[" in jobzone("check", REFERENCE_WORKBOOK, FORCE_COLOR="1", NO_COLOR="1").stdout
    assert "\x1b[" not in jobzone("check", REFERENCE_WORKBOOK, NO_COLOR="1").stdout
    assert "\x1b[" not in jobzone("check", REFERENCE_WORKBOOK).stdout  # not a terminal


def test_a_dash_reads_the_workbook_from_standard_input() -> None:
    data = REFERENCE_WORKBOOK.read_bytes()
    checked = jobzone("check", "-", "--format", "json", stdin=data)
    assert checked.returncode == 0, checked.stdout
    [record] = json.loads(checked.stdout)["files"]
    assert record["file"] == "-" and record["result"]["score"] == 41.2
    scored = jobzone("score", "-", stdin=data)
    assert scored.returncode == 0 and "41.2/100" in scored.stdout


def test_score_takes_directories_and_globs_as_check_does(tmp_path: Path) -> None:
    for name in ("a.xlsx", "b.xlsx"):
        shutil.copyfile(REFERENCE_WORKBOOK, tmp_path / name)
    for source in (tmp_path, tmp_path / "*.xlsx"):
        done = jobzone("score", source, "--format", "json")
        assert done.returncode == 0
        assert [Path(f["file"]).name for f in json.loads(done.stdout)["files"]] == [
            "a.xlsx", "b.xlsx"]
    empty = tmp_path / "empty"
    empty.mkdir()
    done = jobzone("score", empty)
    assert done.returncode == 2 and f"{empty}: error JZ008 " in done.stdout


def test_every_command_writes_the_one_published_json_shape(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    sources = (REFERENCE_WORKBOOK, broken)
    for command in ("score", "check"):
        done = jobzone(command, *sources, "--format", "json")
        document = json.loads(done.stdout)
        valid(document)
        assert document["command"] == command and done.returncode == 2
    lines = jobzone("check", *sources, "--format", "jsonl").stdout.splitlines()
    for line in lines:
        valid(json.loads(line))
    imported = jobzone("import", WRITEUP, broken,
                       "--out", tmp_path / "out", "-q")
    assert imported.returncode == 1
    report = json.loads((tmp_path / "out" / "import-report.json").read_text(encoding="utf-8"))
    valid(report)
    statuses = {Path(r["file"]).name: r["status"] for r in report["files"]}
    assert statuses == {"broken.xlsx": "failed", "llmops-engineer.txt": "imported"}
    portfolio = tmp_path / "portfolio.json"
    jobzone("report", *sources, "--out", portfolio, "-q")
    document = json.loads(portfolio.read_text(encoding="utf-8"))
    valid(document)
    scored = [f for f in document["files"] if f["result"]]
    check = json.loads(jobzone("check", REFERENCE_WORKBOOK, "--format", "json").stdout)
    # the same file, the same record, whichever command described it
    assert scored[0]["result"] == check["files"][0]["result"] == next(
        r for r in report["files"] if r["status"] == "imported")["result"]
    assert json.loads(jobzone("schema").stdout) == SCHEMA  # the file it ships
    edited = tmp_path / "edited.xlsx"
    workbook = openpyxl.load_workbook(REFERENCE_WORKBOOK)
    workbook[L.TASKS]["C4"] = 4
    workbook.save(edited)
    diffed = json.loads(jobzone("diff", REFERENCE_WORKBOOK, edited, "--format", "json").stdout)
    valid(diffed)
    assert diffed["new"]["result"]["score"] == 37.6 and diffed["command"] == "diff"


def test_the_schema_rejects_what_it_does_not_describe() -> None:
    document = json.loads(jobzone("check", REFERENCE_WORKBOOK, "--format", "json").stdout)
    document["files"][0]["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        valid(document)


def test_progress_bars_are_drawn_only_on_a_terminal(tmp_path: Path) -> None:
    sources = tmp_path / "src"
    sources.mkdir()
    text = WRITEUP.read_text(encoding="utf-8")
    for n in range(8):
        (sources / f"role-{n}.txt").write_text(text.replace("LLMOps Engineer", f"Role {n}", 1),
                                               encoding="utf-8")
    done = jobzone("import", sources, "--out", tmp_path / "out", "--jobs", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "━" not in done.stderr and "\r" not in done.stderr
    assert done.stderr.startswith("8 imported, 0 skipped, 0 failed")


def test_shell_completion_can_be_installed() -> None:
    # the shell named, not detected from the process tree (a run started outside a shell
    # has none to detect: typer's own switch for that)
    done = jobzone("--show-completion", "bash", _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert done.returncode == 0 and "_jobzone_completion" in done.stdout
    assert "complete " in done.stdout  # the line `--install-completion` adds to ~/.bashrc


def test_sarif_fingerprints_survive_an_inserted_row() -> None:
    """An alert keeps its key when a row inserted above moves its cell (C4 -> C5); two
    alike findings keep distinct keys; a different finding has another key."""
    from jobzone.engine.check.render_sarif import fingerprints
    from jobzone.engine.core.findings import Finding, Severity

    def at(cell: str, message: str = "task score outside 1..5 (found 7)") -> Finding:
        return Finding("JZ204", Severity.error, message, "role.xlsx", L.TASKS, cell)

    before = fingerprints([at("C4"), at("C9")])
    after = fingerprints([at("C5"), at("C10")])
    assert before == after and len(set(before)) == 2
    assert fingerprints([at("C4", "task score outside 1..5 (found 8)")])[0] != before[0]
    assert fingerprints([at("D4")])[0] != before[0]  # another column is another finding


def test_a_bad_limit_or_a_closed_stdout_is_said_not_a_traceback() -> None:
    """JOBZONE_MAX_CELLS=abc and `>&-`: one line on stderr, exit 2 (both were tracebacks)."""
    from tests.conftest import ROOT

    environment = {**os.environ, "JOBZONE_MAX_CELLS": "abc", "JOBZONE_NO_SERVER": "1"}
    bad = subprocess.run([sys.executable, "-m", "jobzone", "check", str(REFERENCE_WORKBOOK)],
                         capture_output=True, env=environment, cwd=ROOT, check=False)
    assert bad.returncode == 2
    assert bad.stderr.decode().splitlines() == [
        "jobzone: JOBZONE_MAX_CELLS='abc': expected a positive whole number"]
    closed = subprocess.run(
        ["bash", "-c", f'"{sys.executable}" -m jobzone check "{REFERENCE_WORKBOOK}" >&-'],
        stderr=subprocess.PIPE, cwd=ROOT, check=False,
        env={**os.environ, "JOBZONE_NO_SERVER": "1"})
    assert closed.returncode == 2
    assert closed.stderr.decode().splitlines() == ["jobzone: standard output is closed"]
