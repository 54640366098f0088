"""`jobzone new` and `jobzone score` driven as a user would, in a subprocess."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import openpyxl

from jobzone.workbooks import layout as L
from tests.conftest import REFERENCE_WORKBOOK


def jobzone(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobzone", *args], capture_output=True,
                          text=True, check=False)


def test_score_json_reproduces_the_reference() -> None:
    done = jobzone("score", str(REFERENCE_WORKBOOK), "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert (document["schema_version"], document["command"]) == (1, "score")
    [file] = document["files"]
    assert file["file"] == str(REFERENCE_WORKBOOK) and file["ruleset"] == "aijri-1"
    assert file["role"] == {"job_title": "LLMOps Engineer", "seniority": "Mid-level"}
    record = file["result"]
    assert record["override_valid"] is None  # no override was made: no verdict on one
    expected = {
        "weighted_sum": 3.35, "task_resistance": 2.65,
        "evidence_total": 7, "barrier_total": 1, "growth_correlation": 2,
        "evidence_modifier": 1.28, "barrier_modifier": 1.02, "growth_modifier": 1.10,
        "raw": 3.805824, "score": 41.2, "zone": "Yellow", "sub_label": "Yellow (Urgent)",
        "final_zone": "Yellow", "share_scoring_3_plus": 85,
        "label_split": {"displacement": 50, "augmentation": 35, "not_involved": 15},
        "protective_total": 1, "quick_screen": "Likely Green (Accelerated)",
    }
    assert {key: record[key] for key in expected} == expected


def test_score_text_shows_the_derivation() -> None:
    done = jobzone("score", str(REFERENCE_WORKBOOK))
    assert done.returncode == 0
    assert "Raw                  2.65 x 1.28 x 1.02 x 1.10 = 3.8058" in done.stdout
    assert "(3.8058 - 0.54) / 7.93 x 100 = 41.2/100" in done.stdout
    assert "Yellow (Urgent)" in done.stdout


def test_new_writes_a_blank_workbook_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "role.xlsx"
    assert jobzone("new", str(target)).returncode == 0
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == list(L.SHEET_ORDER)
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    refused = jobzone("new", str(target))
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert jobzone("new", str(target), "--force").returncode == 0


def test_blank_workbook_cannot_be_scored_and_says_where(tmp_path: Path) -> None:
    target = tmp_path / "role.xlsx"
    jobzone("new", str(target))
    done = jobzone("score", str(target))
    assert done.returncode == 1
    assert f"{target}:Principles!B4: error JZ104" in done.stdout
    assert f"{target}: not scored" in done.stderr
    assert "Traceback" not in done.stderr


def test_invalid_inputs_are_located(example_copy: Path) -> None:
    wb = openpyxl.load_workbook(example_copy)
    wb[L.TASKS]["C4"] = 7
    wb[L.TASKS]["B5"] = 0.10
    wb.save(example_copy)
    digest = hashlib.sha256(example_copy.read_bytes()).hexdigest()
    done = jobzone("score", str(example_copy), "--format", "json")
    assert done.returncode == 1
    [record] = json.loads(done.stdout)["files"]
    assert {f["code"] for f in record["findings"] if f["severity"] == "error"} == {
        "JZ204", "JZ206"}
    assert record["result"] is None
    text = jobzone("score", str(example_copy))
    assert text.returncode == 1
    assert f"{example_copy}:Tasks!C4: error JZ204" in text.stdout
    assert f"{example_copy}:Tasks!B{L.TASK_TOTAL_ROW}: error JZ206" in text.stdout
    assert "they sum to 95%" in text.stdout
    assert hashlib.sha256(example_copy.read_bytes()).hexdigest() == digest


def test_unreadable_files_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook")
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    for path, message in ((empty, "is empty"), (text, "not a zip archive"),
                          (legacy, "jobzone import"), (tmp_path / "gone.xlsx", "no such file")):
        done = jobzone("score", str(path))
        assert done.returncode == 2, path
        assert message in done.stdout and "Traceback" not in done.stderr
