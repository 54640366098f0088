"""The report's data: one RoleRow per source file, and the Portfolio that holds them.

Rows carry plain values (the JSON score record, the derivation text, findings), so
every renderer works from the same data, none of them reads a workbook, and rows
can cross process boundaries unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from jobzone.engine.core.findings import Finding, Severity, worst


class Status(StrEnum):
    """What became of a source file: scored, read but invalid, or not readable at all."""

    scored = "scored"
    invalid = "invalid"
    unreadable = "unreadable"


@dataclass(frozen=True)
class ScenarioOutcome:
    """A role under the report's scenario: its result, or why the scenario was refused."""

    score: float | None = None
    zone: str | None = None
    sub_label: str | None = None
    final_zone: str | None = None
    changed: int = 0  # inputs the scenario changed
    refused: str | None = None  # the reason the scenario could not apply to this role


@dataclass(frozen=True)
class RoleRow:
    """One role (one source file) as every report format shows it."""

    number: int  # 1-based position in the report; HTML anchors link to it
    file: str
    title: str  # the job title, or the file's name when the workbook gives none
    seniority: str
    status: Status
    findings: tuple[Finding, ...] = ()
    record: dict[str, Any] | None = None  # jobzone.engine.core.derivation.score_record: every
    # intermediate
    derivation: str | None = None  # jobzone.engine.core.derivation.scorecard_text
    # (automation score, percent of the role's task time at it) over its ruleset's task
    # scale, lowest score first
    time_by_score: tuple[tuple[int, Decimal], ...] = ()
    # every intermediate, as every command's JSON gives it
    # (jobzone.engine.check.render_json.result_json)
    result: dict[str, Any] | None = None
    role: dict[str, Any] | None = None  # job title and seniority, when the file was read
    # the inputs that move the score most: (label, change one step down, one step up)
    # (jobzone.engine.core.sensitivity.tornado), for the role card's tornado chart
    tornado: tuple[tuple[str, float | None, float | None], ...] = ()
    scenario: ScenarioOutcome | None = None  # with `jobzone report --scenario`

    def share_at(self, score: int) -> Decimal:
        """Percent of task time at `score` (0 where the role's scale has no such score:
        a portfolio's columns span every ruleset's task scale)."""
        return next((share for s, share in self.time_by_score if s == score), Decimal(0))
    # the scores its texts cite for other roles (jobzone.engine.check.stages.citations)
    cites: tuple[Any, ...] = ()
    # the ruleset the role was scored under: (name, version, content hash)
    ruleset: tuple[str, str, str] | None = None

    def value(self, key: str) -> Any:
        """A field of the score record, or None for a role that was not scored."""
        return None if self.record is None else self.record.get(key)

    @property
    def score(self) -> float | None:
        return self.value("score")

    @property
    def final_zone(self) -> str | None:
        return self.value("final_zone")

    @property
    def sub_label(self) -> str | None:
        return self.value("sub_label")

    @property
    def worst(self) -> Severity | None:
        return worst(self.findings)

    @property
    def problems(self) -> int:
        """Errors and warnings: what needs a person's attention (notes are information)."""
        return self.count(Severity.error) + self.count(Severity.warning)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


@dataclass(frozen=True)
class Portfolio:
    """Everything a renderer needs: rows, the run's context, and sources that gave no file.

    `generated_at` is passed in (the renderers never read the clock), so output for
    the same inputs is byte-for-byte reproducible.
    """

    rows: tuple[RoleRow, ...]
    title: str
    ruleset: str
    generated_at: str
    task_scores: tuple[int, ...]  # the automation scale, e.g. (1, 2, 3, 4, 5)
    # Zones in ruleset order with the lowest score that reaches each (None: any score).
    zone_floors: tuple[tuple[str, float | None], ...]
    sub_labels: tuple[tuple[str, str], ...]  # (sub-label, its zone) in decision-table order
    skipped: tuple[str, ...] = field(default_factory=tuple)  # source problems, as messages
    scenario: str | None = None  # the scenario's name, when rows carry a ScenarioOutcome
    # how many roles each decision-table row decided, per ruleset used
    # (jobzone.engine.report.coverage)
    coverage: tuple[Any, ...] = ()
    # (name, version, hash) of each ruleset a role was scored under, in order of first use
    rulesets: tuple[tuple[str, str, str], ...] = ()

    @property
    def rulesets_shown(self) -> str:
        """The rulesets in words, for a report's header and footer."""
        named = [" ".join(filter(None, (n, v, f"({d})" if d else ""))) for n, v, d in
                 self.rulesets]
        return "; ".join(named) or self.ruleset

    @property
    def zones(self) -> tuple[str, ...]:
        return tuple(zone for zone, _ in self.zone_floors)
