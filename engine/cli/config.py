"""Settings from a project's configuration file, found the way ruff finds its own.

From the first PATH's directory upwards (the current directory without one), the
first directory that holds `jobzone.toml`
(settings at its top level) or a `pyproject.toml` with a `[tool.jobzone]` table wins;
a `pyproject.toml` without that table is passed over. A flag on the command line beats
the file, the file beats the default. `jobzone config` shows every setting, its value
and where it came from. A broken file is an error at `file:line` and exit 2, never a
traceback and never a silently ignored key.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMATS = ("text", "json", "sarif", "jsonl", "github")
FORMULA_MODES = ("auto", "always", "never")
RULESETS = ("aijri-1",)


class ConfigError(Exception):
    """A configuration file jobzone cannot use: says `file:line: what`."""


def _codes(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("a list of codes or prefixes, like [\"JZ2\", \"JZ410\"]")
    return [v.strip().upper() for v in value]


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("true or false")
    return value


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if not isinstance(value, str) or value.casefold() not in choices:
            raise TypeError(f"one of {', '.join(choices)}")
        return value.casefold()
    return parse


def _ruleset(value: Any) -> str:
    if not isinstance(value, str) or not (value in RULESETS or value.endswith(".toml")):
        raise TypeError(f"a built-in ruleset ({', '.join(RULESETS)}) or a .toml file")
    return value


def _ruleset_files(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.endswith(".toml")
                                               for v in value):
        raise TypeError("a list of ruleset files, like [\"rulesets/acme-2.toml\"]")
    return list(value)


def _patterns(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("a list of paths or glob patterns, like [\"examples/legacy\"]")
    return list(value)


@dataclass(frozen=True)
class Key:
    name: str
    parse: Callable[[Any], Any]
    default: Any
    about: str


KEYS = (
    Key("select", _codes, [], "only these codes or prefixes (check, score)"),
    Key("ignore", _codes, [], "leave out these codes or prefixes (check, score)"),
    Key("strict", _flag, False, "warnings fail the run too"),
    Key("formulas", _one_of(FORMULA_MODES), "auto", "evaluate the workbook's own formulas"),
    Key("ruleset", _ruleset, "aijri-1",
        "the ruleset workbooks are scored under: a built-in name or a .toml file"),
    Key("rulesets", _ruleset_files, [],
        "more ruleset files known by name: a workbook made under one is checked under it"),
    Key("output-format", _one_of(FORMATS), "text", "check's output format"),
    Key("exclude", _patterns, [],
        "paths or globs (relative to the file) left out when a directory is walked"),
)
BY_NAME = {key.name: key for key in KEYS}


@dataclass
class Settings:
    """The resolved settings, and where each came from (`file:line` or `default`)."""

    values: dict[str, Any] = field(default_factory=lambda: {k.name: k.default for k in KEYS})
    origins: dict[str, str] = field(default_factory=lambda: dict.fromkeys(BY_NAME, "default"))
    file: Path | None = None

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def excluded(self, path: Path) -> bool:
        """Is `path` (found by walking a directory) left out by `exclude`?"""
        if self.file is None or not self.values["exclude"]:
            return False
        try:
            relative = path.resolve().relative_to(self.file.parent.resolve()).as_posix()
        except ValueError:
            return False
        parts = relative.split("/")
        prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
        return any(fnmatch.fnmatchcase(prefix, pattern.rstrip("/"))
                   for pattern in self.values["exclude"] for prefix in prefixes)


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The closest configuration at or above `start`, with its jobzone table."""
    for directory in (start.resolve(), *start.resolve().parents):
        own = directory / "jobzone.toml"
        if own.is_file():
            return own, _load(own)
        project = directory / "pyproject.toml"
        if project.is_file():
            table = _load(project).get("tool", {}).get("jobzone")
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError(f"{project}:{_line(project, 'jobzone')}: "
                                      "[tool.jobzone] must be a table")
                return project, table
    return None


def _load(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ConfigError(f"{path}:{match.group(1) if match else 1}: not valid TOML "
                          f"({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc})") from None


def _line(path: Path, key: str) -> int:
    """The line that sets `key` (the first `key =` or `[...key]`), for messages."""
    pattern = re.compile(rf"^\s*(\"?{re.escape(key)}\"?\s*=|\[.*\b{re.escape(key)}\b.*\])")
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if pattern.match(line):
            return number
    return 1


def start_of(paths: list[str]) -> Path:
    """Where to look for the configuration: the directory of the first PATH (a directory
    itself; for a glob, the deepest directory before its first wildcard), else the
    current directory (standard input, or no PATH)."""
    for text in paths:
        if text == "-":
            continue
        path = Path(text)
        if any(char in text for char in "*?["):
            parts = []
            for part in path.parts:
                if any(char in part for char in "*?["):
                    break
                parts.append(part)
            path = Path(*parts) if parts else Path.cwd()
            return path if path.is_dir() else Path.cwd()
        directory = path if path.is_dir() else path.parent
        return directory if directory.is_dir() else Path.cwd()
    return Path.cwd()


def load_settings(start: Path | None = None) -> Settings:
    """The settings that apply in `start` (the current directory by default)."""
    settings = Settings()
    found = find_config(start or Path.cwd())
    if found is None:
        return settings
    path, table = found
    settings.file = path
    for name, value in table.items():
        key = BY_NAME.get(name)
        if key is None:
            raise ConfigError(f"{path}:{_line(path, name)}: unknown key {name!r}; known: "
                              f"{', '.join(BY_NAME)}")
        try:
            settings.values[name] = key.parse(value)
        except TypeError as exc:
            raise ConfigError(f"{path}:{_line(path, name)}: {name} must be {exc}") from None
        settings.origins[name] = f"{path}:{_line(path, name)}"
    return settings
