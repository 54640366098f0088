"""A scenario file (TOML), read into a `Scenario`; a broken file is an error at file:line.

    name = "Tooling matures"
    description = "Tasks scoring 3 today could score 4 within 18-24 months"

    [[edit]]
    input = "tasks[score=3].score"   # every task scoring 3 today
    value = 4                        # a number sets; a string "+1" or "-1" shifts

    [[edit]]
    input = "evidence[Wage Trends].score"
    value = "+1"

The optional `rules = "aijri-2.toml"` (a built-in name, or a ruleset file relative to the
scenario file) scores the scenario under another ruleset: a scenario of that line alone
compares a portfolio under two rulesets. Standard library only (tomllib), like the rest
of the method.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from jobzone.engine.core.scenario import Edit, Scenario, ScenarioError

KNOWN = {"name", "description", "rules", "edit"}
EDIT_KEYS = {"input", "value"}


def _line(text: str, needle: str, nth: int = 0) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth] if nth < len(hits) else (hits[-1] if hits else 1)


def read_scenario(path: Path) -> Scenario:
    """The scenario in `path`; ScenarioError('file:line: what') when it cannot be used."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: cannot be read ({exc})") from None
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ScenarioError(f"{path}:{match.group(1) if match else 1}: not valid TOML "
                            f"({exc})") from None
    for key in data:
        if key not in KNOWN:
            raise ScenarioError(f"{path}:{_line(text, key)}: unknown key {key!r}; a scenario "
                                f"has {', '.join(sorted(KNOWN))}")
    edits_data = data.get("edit", [])
    if not isinstance(edits_data, list) or (not edits_data and "rules" not in data):
        raise ScenarioError(f"{path}:1: a scenario needs at least one [[edit]] "
                            "(input = \"...\", value = ...) or another ruleset (rules = ...)")
    edits = []
    for index, entry in enumerate(edits_data):
        where = f"{path}:{_line(text, '[[edit]]', index)}"
        if not isinstance(entry, dict) or set(entry) != EDIT_KEYS:
            raise ScenarioError(f"{where}: each [[edit]] has exactly input and value")
        if not isinstance(entry["input"], str) or isinstance(entry["value"], bool) or \
                not isinstance(entry["value"], str | int | float):
            raise ScenarioError(f"{where}: input is text, value a number or \"+N\"/\"-N\"")
        try:
            edits.append(Edit.parse(entry["input"], entry["value"]))
        except ScenarioError as exc:
            raise ScenarioError(f"{where}: {exc}") from None
    name = data.get("name", path.stem)
    rules = data.get("rules")
    if not isinstance(name, str) or (rules is not None and not isinstance(rules, str)):
        raise ScenarioError(f"{path}:{_line(text, 'name')}: name and rules are text")
    return Scenario(name, tuple(edits), str(data.get("description", "")), rules)
