"""The published reference write-up through `jobzone import`, as a user runs it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.workbooks.reader import read_assessment
from tests.conftest import REFERENCE_TEXT, ROOT

# Every intermediate the reference prints, as the import report must confirm it.
PUBLISHED = {
    "weighted:0": "0.60", "weighted:1": "0.45", "weighted:2": "0.60", "weighted:3": "0.40",
    "weighted:4": "0.60", "weighted:5": "0.40", "weighted:6": "0.20", "weighted:7": "0.10",
    "shares_total": "100", "weighted_sum": "3.35", "task_resistance": "2.65",
    "protective_total": "1", "evidence_total": "7", "barrier_total": "1",
    "evidence_modifier": "1.28", "barrier_modifier": "1.02", "growth_modifier": "1.10",
    "raw": "3.8058", "score": "41.2", "zone": "Yellow", "share_scoring_3_plus": "85",
    "sub_label": "Yellow (Urgent)",
    "label_split": "50% displacement, 35% augmentation, 15% not involved",
}


def jobzone(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "jobzone", *args], capture_output=True,
                          text=True, check=False, cwd=cwd, env=env)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reference_imports_to_41_2_yellow_urgent_with_every_intermediate(tmp_path: Path) -> None:
    before = _digest(REFERENCE_TEXT)
    done = jobzone("import", str(REFERENCE_TEXT), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert _digest(REFERENCE_TEXT) == before
    [record] = json.loads((tmp_path / "out" / "import-report.json").read_text())["files"]
    assert record["status"] == "imported"
    assert (record["score"], record["zone"], record["sub_label"]) == (41.2, "Yellow",
                                                                      "Yellow (Urgent)")
    assert record["findings"] == [] and record["unmapped"] == []
    checked = {p["figure"]: p for p in record["published"]}
    assert set(checked) == set(PUBLISHED)
    assert all(p["agrees"] for p in record["published"])
    assert {k: checked[k]["recomputed"] for k in PUBLISHED} == PUBLISHED
    output = Path(record["output"])
    assert output.name == "llmops-engineer-mid-level.xlsx"
    a = read_assessment(output)
    r = evaluate(a, AIJRI_1)
    assert (r.score, r.zone, r.sub_label, r.raw) == (Decimal("41.2"), "Yellow",
                                                     "Yellow (Urgent)", Decimal("3.805824"))
    notes = openpyxl.load_workbook(output)["Notes"]
    titles = [notes[f"A{row}"].value for row in range(4, notes.max_row + 1)]
    assert titles == ["Quick screen result", "Reinstatement check (Acemoglu)",
                      "Reframed question", "AI Growth Correlation Check", "Assessor Commentary",
                      "Score vs Reality Check", "What the Numbers Don't Capture",
                      "Who Should Worry (and Who Shouldn't)", "What This Means"]


def test_the_import_equals_the_bundled_example_workbook(tmp_path: Path) -> None:
    done = jobzone("import", str(REFERENCE_TEXT), "--out", str(tmp_path), "--quiet")
    assert done.returncode == 0, done.stderr
    assert read_assessment(tmp_path / "llmops-engineer-mid-level.xlsx") == \
        read_assessment(ROOT / "examples" / "llmops-engineer.xlsx")
