"""When a source cannot be read, the failure says what was found where and what is
missing; `jobzone import --explain` shows the blocks and the alias each header matched."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

from jobzone.engine.importer.job import ReadJob, SourceFile, read_source
from tests.legacy_layout_files import SAMPLE, write_source
from tests.legacy_layouts import Layout, sheets
from tests.legacy_writers import write_csv, write_xlsx

ROOT = Path(__file__).resolve().parent.parent


def _jobzone(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobzone", *args], capture_output=True,
                          text=True, check=False, timeout=120, cwd=ROOT)


def test_a_missing_block_names_what_was_found_where(tmp_path: Path) -> None:
    [sheet] = sheets(SAMPLE, Layout())
    start = next(i for i, r in enumerate(sheet.rows) if r and r[0] == "Barrier")
    sheet.rows[start:start + 6] = []  # the barriers table is gone
    path = tmp_path / "no-barriers.xlsx"
    write_xlsx([sheet], path)
    outcome = read_source(ReadJob(str(path), "spreadsheet", (SourceFile(str(path),
                                                                         path.read_bytes()),)))
    [missing] = [f.message for f in outcome.findings if f.code == "JZ501"]
    assert missing.startswith("barriers: no table: expected a header naming a barrier and "
                              "its score (0-2) (found principles at Assessment!A8:C12, tasks "
                              "at Assessment!A14:F17, evidence at Assessment!A19:C24")
    assert "labelled values" in missing


def test_a_spreadsheet_that_is_no_assessment_fails_cleanly(tmp_path: Path) -> None:
    """Nothing is made up from a random spreadsheet: one finding, no assessment."""
    path = tmp_path / "budget.csv"
    write_csv([dataclasses.replace(sheets(SAMPLE, Layout())[0], rows=[
        ["Quarter", "Revenue", "Cost"], ["Q1", 120, 80], ["Q2", 130, 85]])], path)
    outcome = read_source(ReadJob(str(path), "csv", (SourceFile(str(path), path.read_bytes()),)))
    assert outcome.assessment is None
    assert [(f.code, f.message.split(":")[0]) for f in outcome.findings
            if f.severity == "error"] == [("JZ501", "not an assessment")]


def test_explain_prints_blocks_ranges_and_matched_aliases(tmp_path: Path) -> None:
    [path] = write_source(SAMPLE, Layout(role_form="header_row", headers="squashed",
                                         note_cell=True), tmp_path)
    done = _jobzone("import", "--explain", str(path))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == str(path)
    assert any(line.split()[:2] == ["tasks", "Assessment!A10:F13"] and
               "'Time%' -> time_share" in line for line in lines), done.stdout
    assert any("'Job title' -> role.job_title" in line and
               "[rule: field names over one row of values]" in line for line in lines)
    assert "  not mapped   Assessment!J1" in done.stdout
    assert lines[-1] == "  imports: 34.0 Yellow (Urgent)"
    assert not list(tmp_path.glob("*/import-report.json"))  # nothing written


def test_explain_says_why_a_source_fails(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("Quarter,Revenue\nQ1,120\n", encoding="utf-8")
    done = _jobzone("import", "--explain", str(path))
    assert done.returncode == 1
    assert "no block recognised" in done.stdout and "fails: JZ501" in done.stdout
    assert "  not mapped" in done.stdout


def test_import_without_out_or_explain_is_a_usage_error() -> None:
    done = _jobzone("import", "examples/llmops-engineer.txt")
    assert done.returncode == 2 and "--out DIR is required" in done.stderr


def test_a_portfolio_source_imports_as_one_workbook_per_role(tmp_path: Path) -> None:
    """A tracker (a row per role) and a workbook (a sheet per role): one output and one
    report row each, naming the row or sheet; a re-run gives the same names."""
    import json

    from jobzone.engine.core.model import Role
    from tests.legacy_layout_files import Portfolio, write_portfolio

    other = dataclasses.replace(SAMPLE, role=Role("Claims Analyst", "Senior"))
    sources = tmp_path / "in"
    sources.mkdir()
    write_portfolio([SAMPLE, other], Portfolio("tracker", "csv"), sources)
    write_portfolio([other, SAMPLE], Portfolio("sheet_per_role", "ods"), sources)
    for _ in range(2):
        done = _jobzone("import", str(sources), "--out", str(tmp_path / "out"), "-q")
        assert done.returncode == 0, done.stderr
        records = json.loads((tmp_path / "out" / "import-report.json").read_text())["files"]
        assert [(Path(r["source"]).name, r["part"], r["status"]) for r in records] == [
            ("portfolio.ods [sheet Role 1]", "sheet Role 1", "imported"),
            ("portfolio.ods [sheet Role 2]", "sheet Role 2", "imported"),
            ("tracker.csv [row 2]", "row 2", "imported"),
            ("tracker.csv [row 3]", "row 3", "imported")]
        assert len({r["output"] for r in records}) == 4
    explained = _jobzone("import", "--explain", str(sources / "tracker.csv"))
    assert "holds 2 assessments (one per row)" in explained.stdout
    assert "  [row 3]\n    tracker row  tracker.csv!A3:" in explained.stdout


def test_the_readme_shows_explain_as_it_is() -> None:
    command = "jobzone import --explain examples/legacy/claims-processor.xlsx"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pasted = readme.split(f"$ {command}\n", 1)[1].split("\n```", 1)[0]
    done = _jobzone(*command.split()[1:])
    assert done.returncode == 0
    assert done.stdout.rstrip("\n") == pasted


def test_a_header_no_alias_matches_as_written_is_read_by_its_words(tmp_path: Path) -> None:
    """'Share of time spent (%)' holds the alias 'share of time': read as the time share,
    and the JZ505 note (and --explain) says it was matched by its words."""
    [path] = write_source(SAMPLE, Layout(headers="wordy"), tmp_path)
    outcome = read_source(ReadJob(str(path), "spreadsheet", (SourceFile(str(path),
                                                                         path.read_bytes()),)))
    assert outcome.assessment is not None and not outcome.failed
    notes = [f.message for f in outcome.findings if f.code == "JZ505"]
    assert "header 'Share of time spent (%)' read as time_share (by its words: no alias " \
           "matches it as written)" in notes
    explained = _jobzone("import", "--explain", str(path)).stdout
    assert "'Barrier score' -> score (by its words)" in explained
