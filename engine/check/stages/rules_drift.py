"""The Rules sheet read back into a Ruleset, and its drift from `aijri-1`.

Rules are data on both sides: the engine's ruleset and the workbook's Rules
sheet. `rule_cells` lays a Ruleset out as the builder writes it (cell -> what it
is, value), so drift is a cell-by-cell comparison that reports the old and the
new value at the cell an analyst changed. `read_ruleset` turns the sheet back
into a Ruleset, so the workbook's formulas can be checked against the rules
they actually use.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from jobzone.engine.core.findings import Finding, Rule, Severity
from jobzone.engine.core.rounding import decimal_from_float
from jobzone.engine.core.ruleset import (
    AIJRI_1,
    Bounds,
    Constants,
    Labels,
    QuickScreenRule,
    Ruleset,
    Scales,
    SubLabelRule,
    ZoneRule,
)
from jobzone.workbooks import layout as L
from jobzone.workbooks.cell_access import peek

DRIFT = Rule("JZ320", Severity.error, "rules sheet differs from the ruleset",
             "The Rules sheet is the workbook's copy of the ruleset (aijri-1): its formulas "
             "compute with these cells, jobzone with its own ruleset. A changed constant, "
             "label or decision-table row makes the two disagree on purpose or by accident.",
             "restore the value, or publish the change as a new ruleset")
RULES = (DRIFT,)

_INTEGER_CONSTANTS = {f.name for f in dataclasses.fields(Constants) if f.type == "int"}


@dataclasses.dataclass(frozen=True)
class FormulaValue:
    """A rules cell that holds a formula instead of a value."""

    text: str

    def __str__(self) -> str:
        return self.text


def _bound_cells(table: L.DecisionTable, row: int, field: str, bounds: Bounds | None,
                 title: str) -> dict[str, tuple[str, Any]]:
    header = {name: head for name, _, head in table.columns}
    low, high = f"{field}_low", f"{field}_high"
    return {
        f"{table.column(low)}{row}": (f"{title} {header[low]}", bounds.low if bounds else None),
        f"{table.column(high)}{row}": (f"{title} {header[high]}",
                                       bounds.high if bounds else None),
    }


def rule_cells(rules: Ruleset, tables: L.RulesTables = L.DEFAULT_TABLES
               ) -> Mapping[str, tuple[str, Any]]:
    """Rules-sheet cell -> (what it holds, the value `rules` puts there; None for blank),
    the decision tables placed as `tables` (rows of `rules` beyond a table's capacity are
    left out: `check_rules_drift` reports the table as too short).

    Computed once per ruleset and layout (a check asks twice per file), handed out read-only.
    """
    return MappingProxyType(_rule_cells(rules, tables))


@functools.lru_cache(maxsize=16)
def _rule_cells(rules: Ruleset, tables: L.RulesTables) -> dict[str, tuple[str, Any]]:
    cells: dict[str, tuple[str, Any]] = {f"B{L.RULES_NAME_ROW}": ("ruleset name", rules.name)}
    for constant in L.RULE_CONSTANTS:
        cells[f"B{L.CONSTANT_ROW[constant.name]}"] = (
            constant.name, getattr(rules.constants, constant.attribute))
    for name, attribute in L.LABEL_NAMES:
        cells[f"B{L.LABEL_ROW[name]}"] = (name, getattr(rules.labels, attribute))
    zones, subs, quick = tables.all
    for index, row in enumerate(zones.rows()):
        zone = rules.zones[index] if index < len(rules.zones) else None
        title = f"zone table row {index + 1}"
        cells[f"{zones.column('zone')}{row}"] = (f"{title} Zone", zone.zone if zone else None)
        cells[f"{zones.column('min_score')}{row}"] = (f"{title} Min score",
                                                      zone.min_score if zone else None)
    for index, row in enumerate(subs.rows()):
        sub = rules.sub_labels[index] if index < len(rules.sub_labels) else None
        title = f"sub-label table row {index + 1}"
        cells[f"{subs.column('zone')}{row}"] = (f"{title} Zone", sub.zone if sub else None)
        cells.update(_bound_cells(subs, row, "share", sub.share_3_plus if sub else None, title))
        cells.update(_bound_cells(subs, row, "growth", sub.growth if sub else None, title))
        cells[f"{subs.column('sub_label')}{row}"] = (f"{title} Sub-label",
                                                     sub.sub_label if sub else None)
    for index, row in enumerate(quick.rows()):
        rule = rules.quick_screen[index] if index < len(rules.quick_screen) else None
        title = f"quick-screen table row {index + 1}"
        cells.update(_bound_cells(quick, row, "protective", rule.protective if rule else None,
                                  title))
        cells.update(_bound_cells(quick, row, "growth", rule.growth if rule else None, title))
        cells[f"{quick.column('result')}{row}"] = (f"{title} Result",
                                                   rule.result if rule else None)
    return cells


def sheet_value(cell: Any) -> Any:
    """A rules cell as the ruleset would hold it: numbers exact, blanks None."""
    value = cell.value
    if cell.data_type == "f":
        return FormulaValue(str(getattr(value, "text", value)))
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        return decimal_from_float(value)
    return value


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, int | Decimal) and not isinstance(expected, bool):
        return isinstance(actual, Decimal) and Decimal(expected) == actual
    return bool(expected == actual) and type(expected) is type(actual)


def _shown(value: Any) -> str:
    if value is None:
        return "blank"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, FormulaValue):
        return f"the formula {value.text}"
    if isinstance(value, str):
        return repr(value if len(value) <= 80 else value[:79] + "…")
    return str(value)


def check_rules_drift(workbook: Any, file: str, rules: Ruleset) -> list[Finding]:
    """Every Rules-sheet cell that differs from `rules`, with the old and the new value."""
    if L.RULES not in workbook.sheetnames:
        return []
    sheet = workbook[L.RULES]
    tables = L.tables_of(workbook)
    findings = []
    for table, rows in zip(tables.all, (rules.zones, rules.sub_labels, rules.quick_screen),
                           strict=True):
        if len(rows) > table.capacity:
            findings.append(DRIFT.finding(
                file, L.RULES, f"A{table.header_row}", f"the {table.key.replace('_', '-')} "
                f"table holds {table.capacity} rows; {rules.name} has {len(rows)}"))
    task = rules.scales.task
    if tables.task_scores != (task.low, task.high):
        low, high = tables.task_scores
        findings.append(DRIFT.finding(
            file, L.SCORE, f"A{L.DISTRIBUTION_FIRST_ROW}", f"the Score sheet charts task "
            f"time at scores {low}..{high}; {rules.name} scores tasks {task.describe()}"))
    for ref, (what, expected) in rule_cells(rules, tables).items():
        actual = sheet_value(peek(sheet, ref))
        if not _same(expected, actual):
            findings.append(DRIFT.finding(
                file, L.RULES, ref, f"{what} differs from {rules.name}: "
                f"{_shown(expected)} -> {_shown(actual)}"))
    return findings


def read_ruleset(workbook: Any, scales: Scales | None = None) -> Ruleset | None:
    """The ruleset the Rules sheet holds, or None when a cell cannot be part of one.

    The sheet holds no input scales (no formula reads them: they bound what the check
    accepts), so the ruleset takes `scales`, those of the ruleset it is checked under
    (aijri-1's by default)."""
    if L.RULES not in workbook.sheetnames:
        return None
    sheet = workbook[L.RULES]
    tables = L.tables_of(workbook)
    values = {ref: sheet_value(peek(sheet, ref)) for ref in rule_cells(AIJRI_1, tables)}
    try:
        return _ruleset(values, tables, scales or AIJRI_1.scales)
    except (TypeError, ValueError, ArithmeticError):
        return None


def _number(value: Any, integer: bool = False) -> Any:
    if not isinstance(value, Decimal):
        raise TypeError(f"not a number: {value!r}")
    if integer:
        if value != value.to_integral_value():
            raise ValueError(f"not a whole number: {value}")
        return int(value)
    return value


def _optional(value: Any) -> Decimal | None:
    return None if value is None else _number(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"not text: {value!r}")
    return value


def _ruleset(values: dict[str, Any], tables: L.RulesTables, scales: Scales) -> Ruleset:
    constants = {c.attribute: _number(values[f"B{L.CONSTANT_ROW[c.name]}"],
                                      c.attribute in _INTEGER_CONSTANTS)
                 for c in L.RULE_CONSTANTS}
    labels = {attribute: _text(values[f"B{L.LABEL_ROW[name]}"])
              for name, attribute in L.LABEL_NAMES}
    zones, subs, quick = tables.all

    def at(table: L.DecisionTable, field: str, row: int) -> Any:
        return values[f"{table.column(field)}{row}"]

    def bounds(table: L.DecisionTable, field: str, row: int) -> Bounds:
        return Bounds(_optional(at(table, f"{field}_low", row)),
                      _optional(at(table, f"{field}_high", row)))

    return Ruleset(
        name=_text(values[f"B{L.RULES_NAME_ROW}"]),
        constants=Constants(**constants),
        labels=Labels(**labels),
        zones=tuple(ZoneRule(_text(at(zones, "zone", row)), _optional(at(zones, "min_score", row)))
                    for row in zones.rows() if at(zones, "zone", row) is not None),
        sub_labels=tuple(
            SubLabelRule(_text(at(subs, "zone", row)), bounds(subs, "share", row),
                         bounds(subs, "growth", row), _text(at(subs, "sub_label", row)))
            for row in subs.rows() if at(subs, "sub_label", row) is not None),
        quick_screen=tuple(
            QuickScreenRule(bounds(quick, "protective", row), bounds(quick, "growth", row),
                            _text(at(quick, "result", row)))
            for row in quick.rows() if at(quick, "result", row) is not None),
        scales=scales,
    )
