"""The issue's demonstration, end to end through the command line: a revised method
(examples/rulesets/aijri-2.toml: evidence weighted 0.05, Yellow (Urgent) split at 80 %)
applied to the bundled example. `score --rules` gives its score; `import --rules` makes
a workbook under it that LibreOffice recalculates to the same named results; `check`,
told of the ruleset by the project's configuration, finds no error in it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from jobzone.workbooks.named_results import read_named_values
from tests.libreoffice import recalculate

ROOT = Path(__file__).resolve().parent.parent
REVISED = ROOT / "examples" / "rulesets" / "aijri-2.toml"


def jobzone(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobzone", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, check=False)


@pytest.mark.libreoffice
def test_a_revised_method_applied_to_the_example(tmp_path: Path) -> None:
    scored = jobzone("score", ROOT / "examples" / "llmops-engineer.xlsx", "--rules", REVISED,
                     "-f", "json")
    record = json.loads(scored.stdout)["files"][0]
    assert (record["result"]["score"], record["result"]["sub_label"]) == (43.8, "Yellow (Acute)")
    assert record["ruleset"] == "aijri-2" and record["ruleset_hash"].startswith("sha256:")

    project = tmp_path / "project"
    project.mkdir()
    (project / "jobzone.toml").write_text(f'rulesets = ["{REVISED.as_posix()}"]\n',
                                          encoding="utf-8")
    imported = jobzone("import", ROOT / "examples" / "llmops-engineer.txt", "--rules", REVISED,
                       "--out", project / "out", "-q")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    made = next((project / "out").glob("*.xlsx"))
    report = json.loads((project / "out" / "import-report.json").read_text(encoding="utf-8"))
    assert report["files"][0]["ruleset_hash"] == record["ruleset_hash"]

    [again] = recalculate([made], tmp_path / "lo")
    named = read_named_values(openpyxl.load_workbook(again, data_only=True))
    assert (named["Score"], named["SubLabel"], named["FinalZone"]) == (
        43.8, "Yellow (Acute)", "Yellow")

    checked = jobzone("check", made, "-f", "json", cwd=project)
    file = json.loads(checked.stdout)["files"][0]
    assert checked.returncode == 0, checked.stdout
    assert (file["ruleset"], file["result"]["score"]) == ("aijri-2", 43.8)
    assert [f["code"] for f in file["findings"] if f["severity"] == "error"] == []
