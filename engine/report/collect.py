"""Check each source file and turn the outcome into a report row.

This is the only step of a report that reads workbooks. Each file goes through
`jobzone check`'s pipeline (so a row shows the same findings `jobzone check`
prints, and the Result it scored natively), then its Assessment is read for the
derivation and the task-time split (the check keeps the Assessment it read, so
each file is read and parsed once). A file that cannot be read or is invalid
still becomes a row carrying its findings, so one broken file never hides the
rest. Files are spread over the shared runner (in-process, process pool or Dask).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jobzone.engine.check.pipeline import CheckOptions
from jobzone.engine.check.render_json import result_json, role_json
from jobzone.engine.core.derivation import score_record, scorecard_text
from jobzone.engine.core.findings import Finding
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.result import Result
from jobzone.engine.core.ruleset import Ruleset, Scale
from jobzone.engine.report.rows import Portfolio, RoleRow, ScenarioOutcome, Status

if TYPE_CHECKING:
    from jobzone.engine.check.pipeline import FileReport
    from jobzone.engine.core.scenario import Scenario
    from jobzone.engine.runtime.runner import Runner

def time_by_score(assessment: Assessment, scale: Scale) -> tuple[tuple[int, Decimal], ...]:
    """(score, percent of task time at it) over the task scale: the workbook's chart, as
    numbers."""
    totals = dict.fromkeys(scale.values(), Decimal(0))
    for task in assessment.tasks:
        totals[task.score] = totals.get(task.score, Decimal(0)) + task.time_share
    return tuple((score, totals[score]) for score in scale.values())


TORNADO_ROWS = 6  # the inputs a role card's chart shows


def _tornado(assessment: Assessment, rules: Ruleset
             ) -> tuple[tuple[str, float | None, float | None], ...]:
    from jobzone.engine.core.sensitivity import tornado

    def change(move: Any, base: Decimal) -> float | None:
        return None if move is None else float(move.score - base)

    return tuple((s.input.label, change(s.down, s.base), change(s.up, s.base))
                 for s in tornado(assessment, rules)[:TORNADO_ROWS])


def _scenario(assessment: Assessment, scenario: Scenario, rules: Ruleset) -> ScenarioOutcome:
    from jobzone.engine.core.evaluate import evaluate
    from jobzone.engine.core.scenario import ScenarioError, apply

    try:
        changed, applied = apply(assessment, scenario, rules)
    except ScenarioError as exc:
        return ScenarioOutcome(refused=str(exc))
    r = evaluate(changed, scenario.ruleset or rules)
    return ScenarioOutcome(float(r.score), r.zone, r.sub_label, r.final_zone, len(applied))


def make_row(number: int, file: str, findings: Iterable[Finding], rules: Ruleset,
             assessment: Assessment | None = None, result: Result | None = None,
             unreadable: bool = False, scenario: Scenario | None = None) -> RoleRow:
    """One row from one file's outcome; pure, so tests build rows without files."""
    a, r = assessment, result
    title = (a.role.job_title.strip() if a else "") or Path(file).name
    seniority = a.role.seniority if a else ""
    if a is None or r is None:
        status = Status.unreadable if unreadable else Status.invalid
        return RoleRow(number, file, title, seniority, status, tuple(findings),
                       role=role_json(a))
    return RoleRow(number, file, title, seniority, Status.scored, tuple(findings),
                   record=score_record(file, a, r, rules), result=result_json(r),
                   role=role_json(a), tornado=_tornado(a, rules),
                   scenario=_scenario(a, scenario, rules) if scenario else None,
                   derivation=scorecard_text(file, a, r, rules),
                   time_by_score=time_by_score(a, rules.scales.task))


def row_of(options: CheckOptions, scenario: Scenario | None, number: int, report: FileReport
           ) -> RoleRow:
    """A file's row from its check (run in the worker; rows are numbered from 1), under
    the ruleset the check scored it under."""
    row = make_row(number + 1, report.file, report.findings, options.scored_under(report),
                   report.assessment, report.result, report.unreadable, scenario)
    return dataclasses.replace(row, cites=report.cites, ruleset=report.ruleset)


def with_stale_citations(rows: Sequence[RoleRow]) -> list[RoleRow]:
    """The portfolio pass: each citation of another role of the portfolio checked against
    that role as it scores now (JZ620, JZ622), added to the citing role's findings."""
    from jobzone.engine.check.stages.citations import Scored, portfolio_citations

    roles = [Scored(row.file, str(row.role["job_title"]), Decimal(str(row.score)),
                    str(row.final_zone), str(row.sub_label), row.cites)
             for row in rows if row.role and row.score is not None]
    found = portfolio_citations(roles) if len(roles) > 1 else {}
    return [dataclasses.replace(row, findings=row.findings + tuple(found[row.file]))
            if row.file in found else row for row in rows]


def collect_rows(paths: Sequence[Path], rules: Ruleset | CheckOptions,
                 runner: Runner | None = None, advance: Callable[[], None] | None = None,
                 scenario: Scenario | None = None) -> list[RoleRow]:
    """A row per file, in the order given, however the runner orders its results.

    The files go through `jobzone check`'s bulk path (`jobzone.engine.check.bulk`): read
    once by the parent, checked in batches, the Assessment each check read kept
    for the row. `advance` is called once per finished file (a progress bar). A
    worker that fails or dies costs only its own file: that row says so (JZ000).
    """
    from jobzone.engine.check.bulk import check_files
    from jobzone.engine.runtime.runner import InProcessRunner

    options = (dataclasses.replace(rules, assessments=True) if isinstance(rules, CheckOptions)
               else CheckOptions(rules=rules, assessments=True, follow_workbook=False))
    rows: dict[int, RoleRow] = {}
    for checked in check_files(paths, options, runner or InProcessRunner(),
                               functools.partial(row_of, options, scenario)):
        rows[checked.number] = checked.report
        if advance is not None:
            advance()
    return [rows[number] for number in range(len(paths))]


def portfolio(rows: Iterable[RoleRow], rules: Ruleset, title: str, generated_at: str,
              skipped: Iterable[str] = (), scenario: str | None = None,
              known: Sequence[Ruleset] = ()) -> Portfolio:
    """The report's content; `rules` the default ruleset (its zones and sub-labels order
    the charts), `known` every other ruleset a role may have been scored under."""
    from jobzone.engine.core.ruleset_choice import known_rulesets
    from jobzone.engine.report.coverage import coverage

    rows = tuple(rows)
    used = tuple(dict.fromkeys(row.ruleset for row in rows if row.ruleset is not None))
    return Portfolio(
        rows=rows, title=title, ruleset=rules.name, generated_at=generated_at,
        rulesets=used or (rules.identity,),
        coverage=coverage(rows, known_rulesets(rules, known)),
        task_scores=tuple(sorted({*rules.scales.task.values(),
                                  *(score for row in rows for score, _ in row.time_by_score)})),
        zone_floors=tuple((z.zone, None if z.min_score is None else float(z.min_score))
                          for z in rules.zones),
        sub_labels=tuple(dict.fromkeys((rule.sub_label, rule.zone) for rule in rules.sub_labels)),
        skipped=tuple(skipped),
        scenario=scenario,
    )
