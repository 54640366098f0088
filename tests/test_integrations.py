"""The integrations linter users expect, each with the real tool: pre-commit running the
repository's own `.pre-commit-hooks.yaml` (installed by pre-commit into its own
environment, as a user's hook is) on a temporary git repository, and the configuration
file found as ruff finds its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REFERENCE_WORKBOOK
from tests.tampering import TAMPERS, tampered_copy

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str | Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*map(str, args)], cwd=cwd, capture_output=True, text=True,
                          check=False, env={**os.environ, **env}, timeout=900)


def git_repository(path: Path) -> Path:
    path.mkdir()
    for args in (("init", "-q"), ("config", "user.email", "analyst@example.org"),
                 ("config", "user.name", "Analyst"), ("config", "commit.gpgsign", "false")):
        assert run("git", *args, cwd=path).returncode == 0
    return path


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_the_pre_commit_hook_checks_staged_workbooks(tmp_path: Path) -> None:
    repo = git_repository(tmp_path / "assessments")
    shutil.copyfile(REFERENCE_WORKBOOK, repo / "llmops.xlsx")
    [tamper] = [t for t in TAMPERS if t.name == "task-score-7"]
    bad = tampered_copy(tamper, repo)
    (repo / "notes.txt").write_text("not a workbook: the hook never sees it\n")
    assert run("git", "add", "-A", cwd=repo).returncode == 0
    home = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    pre_commit = (sys.executable, "-m", "pre_commit", "try-repo", ROOT, "jobzone-check")

    good = run(*pre_commit, "--files", "llmops.xlsx", "notes.txt", cwd=repo, **home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "jobzone check" in good.stdout and "Passed" in good.stdout

    failed = run(*pre_commit, "--files", "llmops.xlsx", bad.name, cwd=repo, **home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert f"{bad.name}:Tasks!C4: error JZ204 task score outside 1..5 (found 7)" in failed.stdout


def test_the_closest_configuration_wins_and_flags_beat_it(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "roles" / "old").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        "[tool.jobzone]\nignore = [\"JZ6\"]\nexclude = [\"roles/old\"]\n", encoding="utf-8")
    shutil.copyfile(REFERENCE_WORKBOOK, project / "roles" / "llmops.xlsx")
    (project / "roles" / "old" / "legacy.xlsx").write_bytes(b"not a workbook")
    jobzone = (sys.executable, "-m", "jobzone")

    shown = run(*jobzone, "config", cwd=project / "roles")
    assert shown.returncode == 0
    assert f"ignore         [\"JZ6\"]                  from {project / 'pyproject.toml'}:2" \
        in shown.stdout
    assert "strict         false                    from default" in shown.stdout

    checked = run(*jobzone, "check", "roles", cwd=project)
    assert checked.returncode == 0, checked.stdout  # roles/old is excluded, JZ605 ignored
    assert "JZ605" not in checked.stdout and "legacy.xlsx" not in checked.stdout
    named = run(*jobzone, "check", "roles/old/legacy.xlsx", cwd=project)
    assert named.returncode == 2  # a file named on the command line is always checked
    flag = run(*jobzone, "check", "roles", "--ignore", "JZ413", cwd=project)
    assert "info JZ605" in flag.stdout  # the flag replaces the file's list
    elsewhere = run(*jobzone, "check", project / "roles", cwd=tmp_path)
    assert elsewhere.returncode == 0 and "JZ605" not in elsewhere.stdout  # closest to PATH

    (project / "jobzone.toml").write_text("strict = true\nselekt = [\"JZ2\"]\n",
                                          encoding="utf-8")
    broken = run(*jobzone, "check", "roles", cwd=project)
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
    assert f"{project / 'jobzone.toml'}:2: unknown key 'selekt'" in broken.stderr
