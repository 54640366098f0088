"""The README's two set-up commands stay true: CI runs the README's test command."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", readme)


def test_readme_gives_two_setup_commands_first() -> None:
    install_and_run, test = _commands()[:2]
    assert "jobzone score examples/llmops-engineer.xlsx" in install_and_run
    assert "pytest" in test and "'.[test]'" in test


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test = _commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci
