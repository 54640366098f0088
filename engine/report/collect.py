"""Score each source file natively and turn the outcome into a report row.

This is the only step of a report that reads workbooks. A file that cannot be
read or is invalid still becomes a row, carrying its findings, so a portfolio
with one broken file is still reported in full.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from engine.findings import Finding, from_error
from engine.model import Assessment
from engine.report.rows import Portfolio, RoleRow, Status
from engine.ruleset import TASK_SCALE, Ruleset
from engine.scorecard import score_record, scorecard_text
from engine.scoring import ScoredFile

TASK_SCORES = tuple(range(TASK_SCALE[0], TASK_SCALE[1] + 1))


def time_by_score(assessment: Assessment) -> tuple[Decimal, ...]:
    """Percent of task time at each automation score: the workbook's chart, as numbers."""
    totals = dict.fromkeys(TASK_SCORES, Decimal(0))
    for task in assessment.tasks:
        totals[task.score] = totals.get(task.score, Decimal(0)) + task.time_share
    return tuple(totals[score] for score in TASK_SCORES)


def findings_of(scored: ScoredFile) -> tuple[Finding, ...]:
    """The findings a row shows: every problem that stopped the file from scoring."""
    return tuple(from_error(problem) for problem in scored.problems)


def row_from_scored(number: int, scored: ScoredFile, rules: Ruleset) -> RoleRow:
    """One row from one file's outcome; pure, so tests build rows without files."""
    findings = findings_of(scored)
    a, r = scored.assessment, scored.result
    title = (a.role.job_title.strip() if a else "") or Path(scored.file).name
    seniority = a.role.seniority if a else ""
    if a is None or r is None:
        status = Status.unreadable if scored.unreadable else Status.invalid
        return RoleRow(number, scored.file, title, seniority, status, findings)
    return RoleRow(number, scored.file, title, seniority, Status.scored, findings,
                   record=score_record(scored.file, a, r, rules),
                   derivation=scorecard_text(scored.file, a, r, rules),
                   time_by_score=time_by_score(a))


def collect_rows(paths: Sequence[Path], rules: Ruleset,
                 progress: Callable[[int], None] | None = None) -> list[RoleRow]:
    """Score every file in order; `progress` is told after each one (for a progress bar)."""
    from engine.scoring import score_file

    rows = []
    for number, path in enumerate(paths, start=1):
        rows.append(row_from_scored(number, score_file(path, rules), rules))
        if progress is not None:
            progress(number)
    return rows


def portfolio(rows: Iterable[RoleRow], rules: Ruleset, title: str, generated_at: str,
              skipped: Iterable[str] = ()) -> Portfolio:
    return Portfolio(
        rows=tuple(rows), title=title, ruleset=rules.name, generated_at=generated_at,
        task_scores=TASK_SCORES,
        zone_floors=tuple((z.zone, None if z.min_score is None else float(z.min_score))
                          for z in rules.zones),
        sub_labels=tuple(dict.fromkeys((rule.sub_label, rule.zone) for rule in rules.sub_labels)),
        skipped=tuple(skipped),
    )
