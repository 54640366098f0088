"""examples/legacy/ imports at once, as the README shows, and stays in step with its builder."""

from __future__ import annotations

import json
from pathlib import Path

from examples.build_legacy import build
from jobzone.engine.importer.job import ReadJob, SourceFile, read_source
from jobzone.workbooks.legacy.aliases import load_aliases
from jobzone.workbooks.legacy.sources import group_sources
from tests.conftest import EXAMPLES
from tests.test_import_cli import jobzone

EXPECTED = {
    "care-coordinator.xls": (64.4, "Green (Transforming)"),
    "claims-processor.xlsx": (11.1, "Red"),
    "data-steward.ods": (35.4, "Yellow (Urgent)"),
    "field-technician-*.csv": (48.3, "Green (Transforming)"),
    "reporting-analyst.csv": (18.9, "Red"),
}


def test_the_readme_command_imports_every_legacy_example(tmp_path: Path) -> None:
    done = jobzone("import", str(EXAMPLES / "legacy"), "--out", str(tmp_path), "--quiet")
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "import-report.json").read_text())["files"]
    assert {Path(r["source"]).name: (r["score"], r["sub_label"]) for r in report} == EXPECTED
    steward = next(r for r in report if r["source"].endswith("data-steward.ods"))
    assert [f["code"] for f in steward["findings"]].count("JZ507") == 1  # its score is wrong


def _assessments(folder: Path) -> dict[str, object]:
    files = sorted(p for p in folder.iterdir() if p.is_file())
    out = {}
    for source in group_sources(files, load_aliases()):
        job = ReadJob(source.name, source.kind,
                      tuple(SourceFile(str(p), p.read_bytes()) for p in source.files))
        out[Path(source.name).name] = read_source(job).assessment
    return out


def test_examples_are_what_the_builder_makes(tmp_path: Path) -> None:
    build(tmp_path)
    assert _assessments(tmp_path) == _assessments(EXAMPLES / "legacy"), (
        "examples/legacy is stale: run python -m examples.build_legacy")
