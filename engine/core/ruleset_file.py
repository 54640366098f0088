"""Rulesets as files: the TOML form of a `Ruleset`, read with every error at file:line.

The built-in `aijri-1` is such a file (`jobzone/engine/core/rulesets/aijri-1.toml`),
loaded by this same loader, so a user's revised method and the published one take the
same path. Numbers are read as exact decimals (TOML floats never pass through binary).
A file that cannot be used says where and why: an unknown key, a wrong type, a missing
constant, a table with no catch-all row, a sub-label row naming a zone the ruleset does
not have. `jobzone ruleset verify` then checks the decision tables over their whole
input domain (`jobzone.engine.core.ruleset_verify`). Standard library only.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: jobzone.engine.core.ruleset builds AIJRI_1 with us
    from jobzone.engine.core.ruleset import Bounds, Ruleset, Scales

BUILTIN = ("aijri-1",)
# A decision table longer than this is refused: verification evaluates every row at every
# bound of the table (a crafted file of thousands of rows would cost minutes), and the
# Rules sheet holds at most this many rows a table (jobzone.workbooks.rules_layout).
MAX_ROWS = 64
TOP = {"name", "version", "description", "constants", "scales", "override", "labels",
       "zones", "sub_labels", "quick_screen"}
SCALE_KEYS = ("principle", "growth", "task", "evidence", "barrier")
# A scale wider than this is refused: the workbook's drop-downs list every value and the
# Score sheet charts task time by each automation score.
MAX_SCALE_POINTS = 11
DECIMALS = ("task_resistance_base", "modifier_base", "evidence_weight", "barrier_weight",
            "growth_weight", "raw_floor", "raw_range", "score_scale", "shares_required_total")
WHOLES = ("score_decimals", "exact_decimals", "high_automation_score")


class RulesetError(ValueError):
    """A ruleset file jobzone cannot use: `file:line: what`."""


class _Reader:
    """Values out of the parsed TOML, each error located at its line in the text."""

    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source

    def line_of(self, key: str, table: str | None = None, nth: int = 0) -> int:
        start = 0
        if table is not None:
            headers = [i for i, line in enumerate(self.lines)
                       if line.strip() in (f"[{table}]", f"[[{table}]]")]
            if headers:
                start = headers[min(nth, len(headers) - 1)]
                if not key:
                    return start + 1
        pattern = re.compile(rf"^\s*(\"?{re.escape(key)}\"?\s*=|\[\[?{re.escape(key)}\]\]?\s*$)")
        for i in range(start, len(self.lines)):
            if pattern.match(self.lines[i]) or (i > start and self.lines[i].startswith("[")
                                                and table is not None):
                return i + 1
        return start + 1

    def fail(self, line: int, message: str) -> RulesetError:
        return RulesetError(f"{self.source}:{line}: {message}")


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return None


def _table(r: _Reader, data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise r.fail(r.line_of(key) if key in data else 1,
                     f"[{key}] is required and must be a table")
    return value


def _known(r: _Reader, table: dict[str, Any], allowed: set[str], name: str,
           nth: int = 0) -> None:
    for key in table:
        if key not in allowed:  # a top-level key's line is found from the file's start
            where = r.line_of(key) if name == "ruleset" else r.line_of(key, name, nth)
            raise r.fail(where, f"unknown key {key!r} in [{name}]; "
                         f"known: {', '.join(sorted(allowed))}")


def _bounds(r: _Reader, row: dict[str, Any], key: str, table: str, nth: int) -> Bounds:
    from jobzone.engine.core.ruleset import Bounds

    value = row.get(key, {})
    if not isinstance(value, dict):
        raise r.fail(r.line_of(key, table, nth), f"{key} must be {{ min = ..., max = ... }}")
    for part in value:
        if part not in ("min", "max"):
            raise r.fail(r.line_of(key, table, nth), f"{key} takes min and max, not {part!r}")
    low, high = value.get("min"), value.get("max")
    bounds = []
    for part, number in (("min", low), ("max", high)):
        if number is not None and _decimal(number) is None:
            raise r.fail(r.line_of(key, table, nth), f"{key}.{part} must be a number")
        bounds.append(_decimal(number) if number is not None else None)
    if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
        raise r.fail(r.line_of(key, table, nth), f"{key}: min {bounds[0]} is above max "
                     f"{bounds[1]}")
    return Bounds(bounds[0], bounds[1])


def _rows(r: _Reader, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    rows = data.get(key)
    if not isinstance(rows, list) or not rows or not all(isinstance(x, dict) for x in rows):
        raise r.fail(r.line_of("", key) if key in data else 1,
                     f"[[{key}]] rows are required")
    if len(rows) > MAX_ROWS:
        raise r.fail(r.line_of("", key, MAX_ROWS), f"[[{key}]] has {len(rows)} rows; a "
                     f"decision table may have at most {MAX_ROWS}")
    return rows


def _text(r: _Reader, row: dict[str, Any], key: str, table: str, nth: int) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise r.fail(r.line_of(key, table, nth) if key in row else r.line_of("", table, nth),
                     f"[[{table}]] row {nth + 1} needs {key} (text)")
    return value


def _scales(r: _Reader, data: dict[str, Any]) -> Scales:
    """The [scales] table: each input's [lowest, highest] whole-number rating.

    A file written before scales were ruleset data has none: it takes the published
    method's, as `aijri-1.toml` states them (that file itself must have the table)."""
    from jobzone.engine.core.ruleset import Scale, Scales

    if "scales" not in data and data.get("name") != BUILTIN[0]:
        return parse_ruleset(builtin_text(BUILTIN[0]), f"<{BUILTIN[0]}>").scales
    table = _table(r, data, "scales")
    _known(r, table, set(SCALE_KEYS), "scales")
    scales = {}
    for key in SCALE_KEYS:
        value = table.get(key)
        where = r.line_of(key, "scales") if key in table else r.line_of("", "scales")
        if value is None:
            raise r.fail(where, f"scales.{key} is missing")
        if not (isinstance(value, list) and len(value) == 2 and all(
                isinstance(v, int) and not isinstance(v, bool) for v in value)):
            raise r.fail(where, f"scales.{key} must be [lowest, highest], two whole numbers")
        low, high = value
        if not low < high <= low + MAX_SCALE_POINTS - 1:
            raise r.fail(where, f"scales.{key}: [{low}, {high}] must go up, with at most "
                         f"{MAX_SCALE_POINTS} points")
        scales[key] = Scale(low, high)
    return Scales(**scales)


def parse_ruleset(text: str, source: str) -> Ruleset:
    """The ruleset a TOML text describes; RulesetError at file:line when it cannot be one."""
    from jobzone.engine.core.ruleset import (
        Bounds,
        Constants,
        Labels,
        QuickScreenRule,
        Ruleset,
        SubLabelRule,
        ZoneRule,
    )

    r = _Reader(text, source)
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise r.fail(int(match.group(1)) if match else 1, f"not valid TOML ({exc})") from None
    _known(r, data, TOP, "ruleset")
    name, version = data.get("name"), data.get("version", "")
    if not isinstance(name, str) or not name.strip():
        raise r.fail(r.line_of("name"), "name (text) is required")
    if not isinstance(version, str):
        raise r.fail(r.line_of("version"), "version must be text, e.g. \"1.0\"")

    constants = _table(r, data, "constants")
    _known(r, constants, set(DECIMALS) | set(WHOLES), "constants")
    values: dict[str, Any] = {}
    for key in DECIMALS:
        number = _decimal(constants.get(key))
        if number is None:
            raise r.fail(r.line_of(key, "constants") if key in constants
                         else r.line_of("", "constants"),
                         f"constants.{key} must be a number" if key in constants
                         else f"constants.{key} is missing")
        values[key] = number
    for key in WHOLES:
        number = constants.get(key)
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise r.fail(r.line_of(key, "constants") if key in constants
                         else r.line_of("", "constants"),
                         f"constants.{key} must be a whole number >= 0")
        values[key] = number
    scales = _scales(r, data)
    if not scales.task.low <= values["high_automation_score"] <= scales.task.high:
        raise r.fail(r.line_of("high_automation_score", "constants"),
                     f"constants.high_automation_score must be on the task scale "
                     f"({scales.task.describe()})")
    override = _table(r, data, "override")
    _known(r, override, {"range", "steps"}, "override")
    override_range = _decimal(override.get("range"))
    steps = override.get("steps")
    if override_range is None or override_range < 0:
        raise r.fail(r.line_of("range", "override"), "override.range must be a number >= 0")
    if not isinstance(steps, int) or isinstance(steps, bool) or steps < 1:
        raise r.fail(r.line_of("steps", "override"), "override.steps must be a whole "
                     "number >= 1")
    labels = _table(r, data, "labels")
    _known(r, labels, {"displacement", "augmentation", "not_involved"}, "labels")
    for key in ("displacement", "augmentation", "not_involved"):
        if not isinstance(labels.get(key), str) or not labels[key].strip():
            raise r.fail(r.line_of(key, "labels") if key in labels
                         else r.line_of("", "labels"), f"labels.{key} (text) is required")

    zones = []
    zone_rows = _rows(r, data, "zones")
    for nth, row in enumerate(zone_rows):
        _known(r, row, {"zone", "min_score"}, "zones", nth)
        minimum = row.get("min_score")
        if minimum is not None and _decimal(minimum) is None:
            raise r.fail(r.line_of("min_score", "zones", nth), "min_score must be a number")
        zones.append(ZoneRule(_text(r, row, "zone", "zones", nth),
                              _decimal(minimum) if minimum is not None else None))
    if zones[-1].min_score is not None:
        raise r.fail(r.line_of("min_score", "zones", len(zones) - 1), "the zone table has no "
                     "catch-all "
                     "row: its last zone must have no min_score, so every score has a zone")
    names = [z.zone for z in zones]
    if len(set(names)) != len(names):
        raise r.fail(r.line_of("", "zones"), f"a zone is named twice: {', '.join(names)}")

    sub_labels = []
    for nth, row in enumerate(_rows(r, data, "sub_labels")):
        _known(r, row, {"zone", "share_3_plus", "growth", "sub_label"}, "sub_labels", nth)
        zone = _text(r, row, "zone", "sub_labels", nth)
        if zone not in names:
            raise r.fail(r.line_of("zone", "sub_labels", nth), f"sub-label row {nth + 1} "
                         f"names zone {zone!r}, which is not a zone ({', '.join(names)})")
        sub_labels.append(SubLabelRule(zone, _bounds(r, row, "share_3_plus", "sub_labels", nth),
                                       _bounds(r, row, "growth", "sub_labels", nth),
                                       _text(r, row, "sub_label", "sub_labels", nth)))
    if not any(rule.share_3_plus == Bounds() and rule.growth == Bounds()
               for rule in sub_labels):  # a zone left without one is a gap verify reports
        raise r.fail(r.line_of("", "sub_labels"), "the sub-label table has no catch-all "
                     "row: end each zone's rows with one that has no bounds")
    quick = []
    for nth, row in enumerate(_rows(r, data, "quick_screen")):
        _known(r, row, {"protective", "growth", "result"}, "quick_screen", nth)
        quick.append(QuickScreenRule(_bounds(r, row, "protective", "quick_screen", nth),
                                     _bounds(r, row, "growth", "quick_screen", nth),
                                     _text(r, row, "result", "quick_screen", nth)))
    if quick[-1].protective != Bounds() or quick[-1].growth != Bounds():
        raise r.fail(r.line_of("", "quick_screen", len(quick) - 1), "the quick-screen table "
                     "has no catch-all row: its last row must have no bounds")
    return Ruleset(
        name=name.strip(),
        constants=Constants(**values, override_range=override_range, override_steps=steps),
        labels=Labels(labels["displacement"], labels["augmentation"], labels["not_involved"]),
        zones=tuple(zones), sub_labels=tuple(sub_labels), quick_screen=tuple(quick),
        scales=scales, version=version, digest=digest_of(text))


def row_line(text: str, table: str, row: int | None) -> int:
    """The line of a ruleset file where `[[table]]` row `row` (1-based; None: the
    table's first row) starts: where `jobzone ruleset verify` points a problem."""
    return _Reader(text, "").line_of("", table, (row or 1) - 1)


def digest_of(text: str) -> str:
    """The content hash a workbook records: the file's bytes as UTF-8, SHA-256, 16 digits."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_ruleset(path: Path) -> Ruleset:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetError(f"{path}: cannot be read ({exc})") from None
    return parse_ruleset(text, str(path))


def builtin_text(name: str) -> str:
    return resources.files("jobzone.engine.core").joinpath(
        "rulesets", f"{name}.toml").read_text(encoding="utf-8")


def ruleset_named(name_or_file: str) -> Ruleset:
    """A built-in ruleset by name (`aijri-1`), or a ruleset file by path."""
    if name_or_file in BUILTIN:
        return parse_ruleset(builtin_text(name_or_file), f"{name_or_file}.toml")
    path = Path(name_or_file)
    if not path.is_file():
        raise RulesetError(f"{name_or_file}: not a built-in ruleset ({', '.join(BUILTIN)}) "
                           "and no such file")
    return load_ruleset(path)
