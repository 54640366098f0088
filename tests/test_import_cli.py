"""`jobzone import` driven as a user would: sources, exit codes, reports, re-runs, names."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from jobzone.engine.core.model import Assessment, Role
from jobzone.engine.importer.output_names import assign_names
from tests import factories
from tests.conftest import REFERENCE_TEXT, ROOT
from tests.legacy_shapes import STYLES, legacy_sheets
from tests.legacy_writers import write_xls, write_xlsx


def jobzone(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "jobzone", *args], capture_output=True,
                          text=True, check=False, env=env)


def _report(out: Path) -> dict[str, dict[str, object]]:
    return {r["source"]: r for r in json.loads((out / "import-report.json").read_text())["files"]}


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture()
def sources(tmp_path: Path, reference: Assessment) -> Path:
    folder = tmp_path / "legacy"
    folder.mkdir()
    write_xlsx(legacy_sheets(reference, STYLES[1]), folder / "llmops.xlsx")
    other = factories.assessment(tasks=[("70", 2, "NOT INVOLVED"), ("30", 4, "DISPLACEMENT")],
                                 evidence=[1, 0, 0, 1, 0], title="Data Steward")
    write_xls(legacy_sheets(other, STYLES[2]), folder / "steward.xls")
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (folder / "notes.md").write_text("Some text that is no assessment at all.\n")
    return folder


def test_a_folder_imports_what_it_can_and_reports_every_source(sources: Path,
                                                               tmp_path: Path) -> None:
    before = _digests(sources)
    out = tmp_path / "out"
    done = jobzone("import", str(sources), "--out", str(out), "--jobs", "2")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert _digests(sources) == before
    report = _report(out)
    assert {Path(s).name: r["status"] for s, r in report.items()} == {
        "llmops.xlsx": "imported", "steward.xls": "imported", "broken.xlsx": "failed",
        "notes.md": "failed"}
    good = report[str(sources / "llmops.xlsx")]
    assert (good["score"], good["zone"], good["sub_label"]) == (41.2, "Yellow", "Yellow (Urgent)")
    assert {u["text"] for u in good["unmapped"]} >= {"Owner: platform team"}
    notes = openpyxl.load_workbook(good["output"])["Notes"]
    assert "Owner: platform team" in [notes[f"B{r}"].value for r in range(4, notes.max_row + 1)]
    broken = report[str(sources / "broken.xlsx")]
    assert broken["output"] is None and broken["findings"][0]["severity"] == "error"
    assert f"{sources / 'notes.md'}: error JZ501" in done.stdout
    rows = list(csv.DictReader((out / "import-report.csv").open()))
    assert [r["status"] for r in rows] == [report[r["source"]]["status"] for r in rows]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "data-steward-mid-level.xlsx", "import-report.csv", "import-report.json",
        "llmops-engineer-mid-level.xlsx"]


def test_a_rerun_skips_up_to_date_outputs_and_force_redoes_them(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert jobzone("import", str(REFERENCE_TEXT), "--out", str(out)).returncode == 0
    output = out / "llmops-engineer-mid-level.xlsx"
    first = output.stat().st_mtime_ns
    again = jobzone("import", str(REFERENCE_TEXT), "--out", str(out))
    assert again.returncode == 0 and "1 skipped" in again.stderr
    [record] = _report(out).values()
    assert record["status"] == "skipped" and record["score"] == 41.2
    assert output.stat().st_mtime_ns == first
    forced = jobzone("import", str(REFERENCE_TEXT), "--out", str(out), "--force")
    assert forced.returncode == 0 and "1 imported" in forced.stderr
    output.write_bytes(b"edited by hand")  # an output changed since: not up to date
    redo = jobzone("import", str(REFERENCE_TEXT), "--out", str(out))
    assert "1 imported" in redo.stderr and output.read_bytes()[:2] == b"PK"


def test_glob_and_nothing_to_import_exit_codes(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert jobzone("import", str(empty), "--out", str(tmp_path / "o")).returncode == 2
    assert jobzone("import", str(tmp_path / "*.xlsx"), "--out", str(tmp_path / "o")).returncode \
        == 2
    not_dir = tmp_path / "file"
    not_dir.write_text("x")
    refused = jobzone("import", str(REFERENCE_TEXT), "--out", str(not_dir))
    assert refused.returncode == 2 and "must be a directory" in refused.stderr
    pattern = str(REFERENCE_TEXT.parent / "llmops-*.txt")
    assert jobzone("import", pattern, "--out", str(tmp_path / "g")).returncode == 0


def test_a_mapping_file_teaches_new_headers(tmp_path: Path, reference: Assessment) -> None:
    sheets = legacy_sheets(reference, STYLES[0])
    sheets[0].rows = [["Workstream" if v == "Task" else v for v in row] for row in sheets[0].rows]
    write_xlsx(sheets, tmp_path / "odd.xlsx")
    plain = jobzone("import", str(tmp_path / "odd.xlsx"), "--out", str(tmp_path / "a"))
    assert plain.returncode == 1 and "error JZ501" in plain.stdout
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[sections.tasks.columns]\nname = ["workstream"]\n')
    taught = jobzone("import", str(tmp_path / "odd.xlsx"), "--out", str(tmp_path / "b"),
                     "--mapping", str(mapping))
    assert taught.returncode == 0, taught.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('[sections.widgets]\ntitles = ["w"]\n')
    refused = jobzone("import", str(REFERENCE_TEXT), "--out", str(tmp_path / "c"),
                      "--mapping", str(bad))
    assert refused.returncode == 2 and "sections.widgets: unknown entry" in refused.stderr


def test_names_are_stable_and_collisions_deterministic() -> None:
    role = Role(job_title="Data Engineer", seniority="Senior")
    names = assign_names({"b.xlsx": role, "a.xlsx": role, "c.csv": Role("../../etc", "")}, [])
    assert names["a.xlsx"] == "data-engineer-senior.xlsx"
    assert names["b.xlsx"].startswith("data-engineer-senior-") and names["b.xlsx"] != \
        names["a.xlsx"]
    assert names["c.csv"] == "etc.xlsx"
    assert assign_names({"b.xlsx": role, "a.xlsx": role}, []) == {
        k: names[k] for k in ("a.xlsx", "b.xlsx")}
    kept = assign_names({"z.xlsx": role}, ["data-engineer-senior.xlsx"])
    assert kept["z.xlsx"] != "data-engineer-senior.xlsx"


def test_colliding_sources_get_distinct_outputs(tmp_path: Path, reference: Assessment) -> None:
    for name, style in (("one.xlsx", STYLES[0]), ("two.xlsx", STYLES[3])):
        write_xlsx(legacy_sheets(reference, style), tmp_path / name)
    out = tmp_path / "out"
    done = jobzone("import", str(tmp_path / "one.xlsx"), str(tmp_path / "two.xlsx"), "--out",
                   str(out))
    assert done.returncode == 0, done.stderr
    report = _report(out)
    outputs = {Path(s).name: Path(r["output"]).name for s, r in report.items()}  # type: ignore[arg-type]
    assert outputs["one.xlsx"] == "llmops-engineer-mid-level.xlsx"
    assert outputs["two.xlsx"].startswith("llmops-engineer-mid-level-")
    again = jobzone("import", str(tmp_path / "two.xlsx"), str(tmp_path / "one.xlsx"), "--out",
                    str(out), "--force")
    assert again.returncode == 0
    assert {Path(s).name: Path(r["output"]).name for s, r in _report(out).items()} == outputs  # type: ignore[arg-type]


@pytest.mark.slow
def test_ctrl_c_leaves_no_partial_file(tmp_path: Path, reference: Assessment) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(120):
        a = dataclasses.replace(reference, role=Role(job_title=f"Role {n}", seniority="Mid"))
        (folder / f"r{n}.md").write_text(_render(a), encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "jobzone", "import", str(folder), "--out",
                                str(out), "--jobs", "2"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(out.glob("*.xlsx")):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    leftovers = [p.name for p in out.iterdir() if p.suffix == ".tmp"]
    assert leftovers == []
    for workbook in out.glob("*.xlsx"):
        openpyxl.load_workbook(workbook)  # every output that exists is complete
    records = json.loads((out / "import-report.json").read_text())["files"]
    assert all(Path(r["output"]).exists() for r in records if r["status"] == "imported")


def _render(a: Assessment) -> str:
    from jobzone.engine.core.evaluate import evaluate
    from jobzone.engine.core.ruleset import AIJRI_1
    from jobzone.workbooks.legacy.writeup_render import render_writeup

    return render_writeup(a, evaluate(a, AIJRI_1), AIJRI_1)
