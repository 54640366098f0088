"""`jobzone check` on bad input and its options: a finding or a one-line error, never a traceback.

Exit 0 clean, 1 findings at the failing severity, 2 could not run. Inputs are
hashed before and after: a check never changes a byte of what it reads.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from jobzone.engine.check.pipeline import Checker
from jobzone.engine.cli.app import build_app
from jobzone.workbooks import layout as L
from tests.conftest import REFERENCE_WORKBOOK


def digest(paths: list[Path]) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}


def run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(build_app(), ["check", *args])
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    return done.exit_code, done.stdout, done.stderr


def json_run(*args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run("--format", "json", *args)
    return code, json.loads(out), err


def edited(tmp_path: Path, name: str, **cells: object) -> Path:
    """A copy of the example with `Sheet__C7=value` cells set."""
    workbook = openpyxl.load_workbook(REFERENCE_WORKBOOK)
    for key, value in cells.items():
        sheet, ref = key.split("__")
        workbook[sheet][ref] = value
    target = tmp_path / name
    workbook.save(target)
    return target


def codes_at(report: dict[str, Any]) -> set[tuple[str, str | None, str | None]]:
    return {(f["code"], f["sheet"], f["cell"]) for f in report["findings"]}


def test_real_process_has_no_traceback_and_separates_streams(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(REFERENCE_WORKBOOK.read_bytes()[:5000])  # truncated archive
    done = subprocess.run([sys.executable, "-m", "jobzone", "check", "--format", "json",
                           str(broken), str(REFERENCE_WORKBOOK)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    output = json.loads(done.stdout)  # stdout is the JSON document and nothing else
    assert [f["code"] for f in output["files"][0]["findings"]] == ["JZ004"]
    assert output["files"][1]["result"]["score"] == 41.2
    assert done.stderr.strip().endswith("1 file could not be checked.")


@pytest.mark.parametrize(("name", "content", "code", "words"), [
    ("empty.xlsx", b"", "JZ004", "is empty"),
    ("notes.xlsx", b"just some text", "JZ004", "not a zip archive"),
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "JZ005",
     "password-protected"),
    ("legacy.xls", b"\xd0\xcf\x11\xe0" + bytes(100), "JZ002", "jobzone import"),
    ("calc.ods", b"PK\x03\x04", "JZ002", "jobzone import"),
])
def test_unreadable_files_are_findings_with_exit_2(tmp_path: Path, name: str, content: bytes,
                                                   code: str, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = digest([path])
    status, output, _ = json_run(str(path))
    assert status == 2
    [finding] = output["files"][0]["findings"]
    assert finding["code"] == code and words in finding["message"]
    assert output["files"][0]["result"] is None
    assert digest([path]) == before


def test_truncated_workbook(tmp_path: Path) -> None:
    data = REFERENCE_WORKBOOK.read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    status, out, err = run(str(path))
    assert status == 2 and out.startswith(f"{path}: error JZ004 ")
    assert "Traceback" not in err


def test_missing_and_renamed_sheets(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(REFERENCE_WORKBOOK)
    del workbook[L.NOTES]
    workbook[L.TASKS].title = "Task List"
    path = tmp_path / "sheets.xlsx"
    workbook.save(path)
    status, output, _ = json_run(str(path))
    assert status == 1
    [report] = output["files"]
    assert {("JZ102", L.TASKS, None), ("JZ102", L.NOTES, None)} <= codes_at(report)
    [tasks] = [f for f in report["findings"] if f["sheet"] == L.TASKS]
    assert "unknown sheets: 'Task List'" in tasks["message"]
    assert report["result"] is None


def test_some_other_spreadsheet_gets_one_finding(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "budget"
    path = tmp_path / "budget.xlsx"
    workbook.save(path)
    status, output, _ = json_run(str(path))
    [finding] = output["files"][0]["findings"]
    assert status == 1 and finding["code"] == "JZ102" and "jobzone import" in finding["message"]


def test_every_input_problem_in_one_run(tmp_path: Path) -> None:
    path = edited(tmp_path, "inputs.xlsx", Tasks__C5="three", Tasks__C7=7, Tasks__B8="=0.1",
                  Evidence__B6="high", Principles__B5=2.5, Tasks__C3="Score",
                  Override__B4="Purple")
    status, output, _ = json_run(str(path))
    assert status == 1
    found = codes_at(output["files"][0])
    assert {("JZ215", L.TASKS, "C3"), ("JZ103", L.TASKS, "B8"),
            ("JZ105", L.EVIDENCE, "B6"), ("JZ105", L.PRINCIPLES, "B5"),
            ("JZ213", L.OVERRIDE, "B4")} <= found
    messages = {(f["sheet"], f["cell"]): f["message"] for f in output["files"][0]["findings"]}
    assert messages[(L.EVIDENCE, "B6")] == "expected a number, found text 'high'"
    assert messages[(L.PRINCIPLES, "B5")] == "expected a whole number, found 2.5"
    assert "column header 'Score (1-5)' expected here, found 'Score'" in messages[(L.TASKS, "C3")]


def test_text_in_a_number_cell_and_an_out_of_range_score_together(tmp_path: Path) -> None:
    path = edited(tmp_path, "scores.xlsx", Tasks__C5="three", Tasks__C7=7)
    _, output, _ = json_run(str(path))
    assert {("JZ105", L.TASKS, "C5"), ("JZ204", L.TASKS, "C7")} <= codes_at(output["files"][0])


def test_directories_globs_and_empty_directories(tmp_path: Path) -> None:
    folder = tmp_path / "roles"
    folder.mkdir()
    shutil.copyfile(REFERENCE_WORKBOOK, folder / "a.xlsx")
    shutil.copyfile(REFERENCE_WORKBOOK, folder / "b.xlsx")
    status, output, _ = json_run(str(folder))
    assert status == 0 and [Path(f["file"]).name for f in output["files"]] == ["a.xlsx", "b.xlsx"]
    status, output, _ = json_run(str(folder / "*.xlsx"))
    assert status == 0 and len(output["files"]) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    status, out, err = run(str(empty))
    # a path that names nothing to check is a finding on stdout like any other (JZ008)
    assert status == 2 and out == f"{empty}: error JZ008 directory holds no .xlsm/.xlsx files\n"
    assert "1 file could not be checked" in err
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    status, out, _ = run(str(legacy))
    assert status == 2 and "convert them with `jobzone import`" in out


def test_a_file_that_vanishes_mid_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    shutil.copyfile(REFERENCE_WORKBOOK, first)
    shutil.copyfile(REFERENCE_WORKBOOK, second)
    check = Checker.check_many

    def check_then_delete(self: Checker, items: list[tuple[bytes | None, str]]) -> Any:
        reports = check(self, items)
        if any(Path(file) == first for _, file in items):
            second.unlink()  # gone after the directory was listed, before it is read
        return reports

    monkeypatch.setattr(Checker, "check_many", check_then_delete)
    status, output, _ = json_run(str(tmp_path))
    assert status == 2
    assert output["files"][0]["result"]["score"] == 41.2
    assert output["files"][1]["findings"][0]["code"] == "JZ003"


def test_select_ignore_and_strict(tmp_path: Path) -> None:
    misfit = edited(tmp_path, "misfit.xlsx", Tasks__E4="DISPLACEMENT")  # score 3: usually AUG
    status, output, _ = json_run(str(misfit))
    assert status == 0 and ("JZ604", L.TASKS, "E4") in codes_at(output["files"][0])
    assert json_run("--strict", str(misfit))[0] == 1
    assert json_run("--strict", "--ignore", "JZ604", str(misfit))[0] == 0
    _, output, _ = json_run("--select", "JZ60", str(misfit))
    assert {c for c, _, _ in codes_at(output["files"][0])} == {"JZ604", "JZ605"}
    status, out, err = run("--select", "JZ999", str(misfit))
    assert status == 2 and out == "" and "unknown code(s): JZ999" in err


def test_no_paths_is_a_usage_error() -> None:
    status, _, err = run()
    assert status == 2 and "Missing argument" in err


def test_text_output_is_plain_when_not_a_terminal(tmp_path: Path) -> None:
    path = edited(tmp_path, "seven.xlsx", Tasks__C4=7)
    status, out, err = run(str(path))
    assert status == 1 and "\x1b[" not in out
    assert f"{path}:Tasks!C4: error JZ204 task score outside 1..5 (found 7)\n" in out
    assert err == "Found 1 error, 0 warnings and 1 info in 1 file.\n"  # no score: no JZ605


def test_spreadsheet_risks_are_warnings(tmp_path: Path) -> None:
    """Macros, manual calculation and links: reported (never run or followed), not failed."""
    from tests.hostile_corpus import rezip

    workbook = openpyxl.load_workbook(REFERENCE_WORKBOOK)
    workbook.calculation.calcMode = "manual"
    workbook[L.SCORE]["E40"] = "=[1]Sheet1!A1"
    plain = tmp_path / "plain.xlsx"
    workbook.save(plain)
    macros = tmp_path / "role.xlsm"
    macros.write_bytes(rezip(plain.read_bytes(), add=[("xl/vbaProject.bin", b"\0" * 64)]))
    status, output, _ = json_run(str(macros))
    assert status == 0
    found = {(f["code"], f["severity"], f["cell"]) for f in output["files"][0]["findings"]}
    assert {("JZ032", "warning", None), ("JZ311", "warning", None),
            ("JZ030", "warning", "E40")} <= found
    assert json_run("--strict", str(macros))[0] == 1
