"""A bulk command's pool server starts from the raw arguments only when a pool is coming."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jobzone.engine.cli.early_start import _pooled

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def files(tmp_path: Path) -> list[str]:
    made = []
    for i in range(5):
        path = tmp_path / f"role-{i}.xlsx"
        path.write_bytes(b"")
        made.append(str(path))
    return made


def test_a_folder_or_more_than_a_handful_of_files_means_a_pool(files: list[str],
                                                               tmp_path: Path) -> None:
    assert _pooled([str(tmp_path)])
    assert _pooled(files)
    assert _pooled(["--format", "jsonl", *files])
    assert not _pooled(files[:4])  # a handful: checked in-process
    assert not _pooled(["missing-folder"])


@pytest.mark.parametrize("option", [["--jobs", "1"], ["-j", "1"], ["--jobs=1"], ["-j1"],
                                    ["--scheduler", "tcp://127.0.0.1:8786"], ["--help"]])
def test_no_pool_with_one_job_a_scheduler_or_help(tmp_path: Path, option: list[str]) -> None:
    assert not _pooled([str(tmp_path), *option])


def test_the_server_starts_for_a_folder_and_not_for_one_file(tmp_path: Path) -> None:
    script = ("import sys; from jobzone.engine.cli.early_start import start_early; "
              "print(start_early(sys.argv[1:]))")
    one = tmp_path / "one.xlsx"
    one.write_bytes(b"")
    for args, expected in ((["check", str(tmp_path)], "True"), (["check", str(one)], "False"),
                           (["report", str(tmp_path), "--out", "r.html"], "True"),
                           (["import", str(tmp_path)], "False")):
        done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                              text=True, cwd=ROOT, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == expected, args
