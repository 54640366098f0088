"""Every command the README shows runs green, as written, after the README's own set-up
command, in a fresh copy of the repository with a fresh virtual environment: what a new
user does first. (The Python API example runs as a doctest in test_public_api.py.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_command() -> str:
    return re.findall(r"```bash\n(.+?)\n```", README)[0]


def example_commands() -> list[str]:
    """Each `jobzone ...` (or `python -c ...`) line of the README's text blocks (a `$ `
    prompt is dropped), in the order the README shows them."""
    commands = []
    for block in re.findall(r"```text\n(.*?)```", README, re.S):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith(("jobzone ", "python -c ")):
                commands.append(line)
    return commands


def test_the_readme_shows_every_command_it_documents() -> None:
    shown = {command.split()[1] for command in example_commands()
             if command.startswith("jobzone ")}
    assert {"import", "render", "report", "check", "score", "recalc", "config"} <= shown


def fresh_copy(target: Path) -> Path:
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in listed.splitlines():
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_every_readme_example_runs_after_the_readme_install(tmp_path: Path) -> None:
    repo = fresh_copy(tmp_path / "jobzone")
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("VIRTUAL_ENV", "PYTHONPATH", "FORCE_COLOR")}
    python_dir = str(Path(sys.executable).parent)
    environment["PATH"] = os.pathsep.join(  # the README says python3: the suite's own
        [python_dir, *environment.get("PATH", "").split(os.pathsep)])
    installed = subprocess.run(["bash", "-c", setup_command()], cwd=repo, env=environment,
                               capture_output=True, text=True, timeout=1200, check=False)
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    assert "41.2/100" in installed.stdout and "Yellow (Urgent)" in installed.stdout
    for command in example_commands():
        done = subprocess.run(["bash", "-c", f". .venv/bin/activate && {command}"], cwd=repo,
                              env=environment, capture_output=True, text=True, timeout=600,
                              check=False)
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
        assert "Traceback" not in done.stderr, command
        if command.startswith("python -c"):
            assert done.stdout.strip() == "41.2"  # pandas sees the score jobzone cached
