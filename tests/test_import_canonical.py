"""A canonical workbook given to `jobzone import` is read by its layout, losing nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from jobzone.workbooks.reader import read_assessment
from tests.conftest import REFERENCE_WORKBOOK


def test_importing_a_canonical_workbook_keeps_the_assessment(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "jobzone", "import", str(REFERENCE_WORKBOOK),
                           "--out", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    [row] = json.loads((out / "import-report.json").read_text(encoding="utf-8"))["files"]
    assert (row["status"], row["score"], row["sub_label"]) == (
        "imported", 41.2, "Yellow (Urgent)")
    assert read_assessment(out / "llmops-engineer-mid-level.xlsx") == read_assessment(
        REFERENCE_WORKBOOK)
