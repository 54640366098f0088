"""The whole hostile corpus through check, import and report: every input byte unchanged.

Also the places a run must not reach: a symlink in the corpus that leads out of
it (to a real workbook and to a directory) is reported and never followed, and
nothing is written inside the corpus.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile_corpus import CASES, ROOT, example_bytes, write_corpus


def fingerprint(folder: Path) -> dict[str, str]:
    """sha256 of every regular file below `folder` (links are listed, not followed)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path.relative_to(folder))] = "link -> " + str(path.readlink())
        elif path.is_file():
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def jobzone(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobzone", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("corpus-run")
    corpus = root / "corpus"
    write_corpus(corpus)
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.xlsx").write_bytes(example_bytes())
    (outside / "secret.txt").write_text("not for jobzone\n", encoding="utf-8")
    (corpus / "escape.xlsx").symlink_to(outside / "secret.xlsx")
    (corpus / "escape-dir").symlink_to(outside, target_is_directory=True)
    for path in [*corpus.iterdir(), *outside.iterdir()]:
        if not path.is_symlink():
            path.chmod(0o444)  # read-only too: a write attempt would fail loudly
    return corpus, outside


def test_check_import_and_report_leave_every_input_byte_unchanged(
        corpus: tuple[Path, Path], tmp_path: Path) -> None:
    folder, outside = corpus
    before = fingerprint(folder), fingerprint(outside)

    check = jobzone("check", folder, "--format", "json")
    imported = jobzone("import", folder, "--out", tmp_path / "out", "--jobs", "2", "-q")
    report = jobzone("report", folder, "--out", tmp_path / "report.html", "--jobs", "2")

    assert (fingerprint(folder), fingerprint(outside)) == before
    for run in (check, imported, report):
        assert run.returncode in (1, 2), run.stderr  # hostile files are findings, not crashes
        assert "Traceback" not in run.stderr
        assert "symlink leads out of" in run.stdout  # reported (JZ008), not followed

    entries = json.loads(check.stdout)["files"]
    assert not any(f["code"] == "JZ000" for entry in entries for f in entry["findings"])
    # a link out of the tree is named by a JZ008 finding, never read
    files = [e for e in entries if not any(f["code"] == "JZ008" for f in e["findings"])]
    assert not any("secret" in entry["file"] or "escape" in entry["file"] for entry in files)
    report = tmp_path / "out" / "import-report.json"
    records = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert len(records) == len(CASES)
    assert not any("secret" in r["source"] or "escape" in r["source"] for r in records)
    assert not any(f["code"] in ("JZ000", "JZ510") for r in records for f in r["findings"])
