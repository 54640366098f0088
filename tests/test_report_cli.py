"""`jobzone report` driven as a user would: formats, exit codes, inputs untouched."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.report import write as report_write
from jobzone.engine.report.collect import portfolio
from jobzone.engine.report.write import write_report
from tests.portfolio import (
    portfolio_assessments,
    portfolio_rows,
    write_broken_files,
    write_portfolio,
)


def jobzone(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobzone", *map(str, args)],
                          capture_output=True, text=True, check=False)


def digests(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("good")
    write_portfolio(directory, portfolio_assessments(4, hostile_titles=True))
    return directory


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_broken_files(tmp_path_factory.mktemp("broken"))


@pytest.mark.parametrize("suffix", [".html", ".xlsx", ".csv", ".json"])
def test_each_format_from_a_directory_exits_0(good: Path, tmp_path: Path, suffix: str) -> None:
    before = digests(good)
    out = tmp_path / f"report{suffix}"
    done = jobzone("report", good, "--out", out, "--title", "Team <A>")
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0 and not done.stdout
    assert f"wrote {out}: 4 roles (4 scored, 0 invalid, 0 unreadable)" in done.stderr
    assert digests(good) == before
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary left behind


def test_invalid_workbook_exits_1_and_is_a_row(good: Path, broken: dict[str, Path],
                                              tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    done = jobzone("report", good, broken["invalid"], "--out", out)
    assert done.returncode == 1, done.stderr
    roles = json.loads(out.read_text(encoding="utf-8"))["files"]
    assert [r["status"] for r in roles] == ["scored"] * 4 + ["invalid"]
    assert {f["code"] for f in roles[-1]["findings"] if f["severity"] == "error"} == {"JZ206"}


def test_unreadable_files_and_empty_globs_exit_2_but_are_reported(
        good: Path, broken: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    done = jobzone("report", str(good / "*.xlsx"), broken["empty"], broken["text"],
                   str(tmp_path / "nothing-*.xlsx"), "--out", out)
    assert done.returncode == 2, done.stderr
    assert "error JZ008" in done.stdout and "pattern matches no" in done.stdout
    assert "Traceback" not in done.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 6 and sum(",unreadable," in line for line in lines) == 2


@pytest.mark.parametrize(("args", "message"), [
    (["--out", "{tmp}/report.pdf"], "--out must end in .html, .csv, .json, .xlsx"),
    (["--out", "{tmp}/missing/report.html"], "does not exist"),
])
def test_bad_arguments_exit_2_and_write_nothing(good: Path, tmp_path: Path, args: list[str],
                                                message: str) -> None:
    done = jobzone("report", good, *[a.format(tmp=tmp_path) for a in args])
    assert done.returncode == 2 and message in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_no_workbook_at_all_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    done = jobzone("report", tmp_path / "empty", "--out", tmp_path / "r.html")
    assert done.returncode == 2 and "no workbook to report on" in done.stderr
    assert not (tmp_path / "r.html").exists()


def test_a_report_inside_its_source_directory_is_not_its_own_source(good: Path,
                                                                    tmp_path: Path) -> None:
    directory = tmp_path / "team"
    shutil.copytree(good, directory)
    out = directory / "summary.xlsx"
    for _ in range(2):
        done = jobzone("report", directory, "--out", out)
        assert done.returncode == 0 and "4 roles" in done.stderr


def _half_written(p: object, tmp: Path) -> None:
    tmp.write_bytes(b"PK half a workbook")
    raise OSError(28, "No space left on device")


def test_a_failed_write_leaves_the_previous_report(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"previous")
    p = portfolio(portfolio_rows(portfolio_assessments(2)), AIJRI_1, "t", "now")
    monkeypatch.setitem(report_write.RENDERERS, ".xlsx", lambda: _half_written)
    with pytest.raises(OSError, match="No space"):
        write_report(p, target)
    assert target.read_bytes() == b"previous" and os.listdir(tmp_path) == ["r.xlsx"]
