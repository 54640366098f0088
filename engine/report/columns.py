"""The flat, one-row-per-role table that CSV and XLSX share: every intermediate, in order.

Declared once as data so the two formats always carry the same columns; each
column says how to read its value from a row and what kind of value it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from jobzone.engine.report.rows import RoleRow


class Kind(StrEnum):
    text = "text"  # untrusted or free text: neutralised in CSV and XLSX
    whole = "whole"
    decimal = "decimal"
    percent = "percent"  # in percent (85 is 85 %); XLSX stores the fraction
    flag = "flag"


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind
    read: Callable[[RoleRow], Any]
    number_format: str = "General"  # XLSX display only
    width: float = 12


def _record(key: str) -> Callable[[RoleRow], Any]:
    return lambda row: row.value(key)


def _split(part: str) -> Callable[[RoleRow], Any]:
    return lambda row: None if row.record is None else row.record["label_split"][part]


def _time_at(score: int) -> Callable[[RoleRow], Any]:
    return lambda row: float(row.share_at(score)) if row.time_by_score else None


def findings_text(row: RoleRow) -> str:
    """Every finding on one line: `CODE severity Sheet!Cell message`, separated by ` | `."""
    parts = []
    for f in row.findings:
        where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or "")
        parts.append(" ".join(p for p in (f.code, f.severity.value, where, f.message) if p))
    return " | ".join(parts)


def _worst(row: RoleRow) -> str:
    return row.worst.value if row.worst else ""


def _scenario(read: Callable[[Any], Any]) -> Callable[[RoleRow], Any]:
    return lambda row: None if row.scenario is None or row.scenario.refused else read(
        row.scenario)


def _change(row: RoleRow) -> float | None:
    outcome = row.scenario
    if outcome is None or outcome.refused or outcome.score is None or row.score is None:
        return None
    return round(outcome.score - row.score, 1)


# With `jobzone report --scenario`: the scenario's result beside the role's own.
SCENARIO_COLUMNS = (
    Column("Scenario score", Kind.decimal, _scenario(lambda s: s.score), "0.0", 10),
    Column("Score change", Kind.decimal, _change, "+0.0;-0.0;0.0", 10),
    Column("Scenario final zone", Kind.text, _scenario(lambda s: s.final_zone), width=12),
    Column("Scenario sub-label", Kind.text, _scenario(lambda s: s.sub_label), width=22),
    Column("Scenario refused", Kind.text,
           lambda row: row.scenario.refused if row.scenario else None, width=40),
)


def columns(task_scores: tuple[int, ...], scenario: bool = False) -> tuple[Column, ...]:
    time_columns = tuple(Column(f"Time at score {score}", Kind.percent, _time_at(score), "0.0%",
                                10)
                         for score in task_scores)
    return (
        Column("#", Kind.whole, lambda row: row.number, "0", 6),
        Column("Job title", Kind.text, lambda row: row.title, width=32),
        Column("Seniority", Kind.text, lambda row: row.seniority, width=14),
        Column("File", Kind.text, lambda row: row.file, width=40),
        Column("Status", Kind.text, lambda row: row.status.value, width=11),
        Column("Weighted sum W", Kind.decimal, _record("weighted_sum"), "0.00"),
        Column("Task resistance", Kind.decimal, _record("task_resistance"), "0.00"),
        Column("Evidence total", Kind.whole, _record("evidence_total"), "0"),
        Column("Barrier total", Kind.whole, _record("barrier_total"), "0"),
        Column("Growth correlation", Kind.whole, _record("growth_correlation"), "+0;-0;0"),
        Column("Evidence modifier", Kind.decimal, _record("evidence_modifier"), "0.00"),
        Column("Barrier modifier", Kind.decimal, _record("barrier_modifier"), "0.00"),
        Column("Growth modifier", Kind.decimal, _record("growth_modifier"), "0.00"),
        Column("Raw", Kind.decimal, _record("raw"), "0.0000"),
        Column("Score", Kind.decimal, _record("score"), "0.0", 9),
        Column("Formula zone", Kind.text, _record("zone"), width=13),
        Column("Share scoring 3+", Kind.percent, _record("share_scoring_3_plus"), "0.00%"),
        Column("Sub-label", Kind.text, _record("sub_label"), width=21),
        Column("Override zone", Kind.text, _record("override_zone"), width=13),
        Column("Override valid", Kind.flag, _record("override_valid"), width=10),
        Column("Override problem", Kind.text, _record("override_problem"), width=30),
        Column("Final zone", Kind.text, _record("final_zone"), width=12),
        Column("Displacement", Kind.percent, _split("displacement"), "0.00%"),
        Column("Augmentation", Kind.percent, _split("augmentation"), "0.00%"),
        Column("Not involved", Kind.percent, _split("not_involved"), "0.00%"),
        Column("Protective total", Kind.whole, _record("protective_total"), "0"),
        Column("Quick screen", Kind.text, _record("quick_screen"), width=26),
        Column("Tasks", Kind.whole, _record("tasks"), "0", 8),
        *time_columns,
        Column("Findings", Kind.whole, lambda row: len(row.findings), "0", 10),
        Column("Worst severity", Kind.text, _worst, width=12),
        Column("Finding details", Kind.text, findings_text, width=60),
    ) + (SCENARIO_COLUMNS if scenario else ())
