"""`jobzone report SOURCES... --out FILE`: one report over a portfolio of workbooks.

The format follows the output's extension: .html (a self-contained page with
charts, a sortable table and each role's derivation), .xlsx (a summary workbook),
.csv or .json (for pipelines). Every source file is a row, broken ones included,
with the findings `jobzone check` gives it; files are checked through the shared
runner (`--jobs`, `--scheduler`), like `jobzone check` and `jobzone import`.

Exit 0 every file scored with no error finding; 1 the report was written but some
workbook is invalid (error findings); 2 a file could not be read or a source gave
no file (the report is still written, with those rows), or nothing could be
reported (wrong arguments, no workbook found, output not writable).
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from jobzone.engine.cli.contract import (
    ExitZero,
    Quiet,
    Rules,
    colour,
    final_exit,
    progress_wanted,
    say,
)

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")  # as `jobzone check`: macros are a finding


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(2)


def report(
    sources: Annotated[list[str], typer.Argument(
        help="Canonical workbooks: files, directories (walked) or glob patterns.")],
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="The report to write: .html, .xlsx, .csv or .json.")],
    title: Annotated[str, typer.Option(
        "--title", help="Heading of the report.")] = "JobZone portfolio report",
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", help="Worker processes (default: one per core; 1 = in-process).")] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Run on a Dask cluster at this address (tcp://host:8786).")] = None,
    scenario: Annotated[Path | None, typer.Option(
        "--scenario", "-s", help="Compare the portfolio with itself under this scenario "
        "(TOML, as `jobzone whatif`): zone transition matrix, the roles that move.",
        metavar="FILE")] = None,
    rules: Rules = None,
    quiet: Quiet = False,
    exit_zero: ExitZero = False,
) -> None:
    """Report on a portfolio of assessments in one file (format from --out's extension)."""
    from jobzone.engine.check.render_text import finding_line
    from jobzone.engine.core.findings import Finding, Severity
    from jobzone.engine.report.collect import collect_rows, portfolio, with_stale_citations
    from jobzone.engine.report.preload import PRELOAD
    from jobzone.engine.report.rows import Status
    from jobzone.engine.report.summary import summarise
    from jobzone.engine.report.write import RENDERERS, report_format, write_report
    from jobzone.engine.runtime.progress import progress_bar
    from jobzone.engine.runtime.runner import RunnerError, make_runner
    from jobzone.engine.runtime.sources import expand_sources

    chosen = None
    if scenario is not None:
        from jobzone.engine.core.scenario import ScenarioError
        from jobzone.engine.core.scenario_file import read_scenario

        try:
            chosen = read_scenario(scenario)
        except ScenarioError as exc:
            raise _fail(str(exc)) from None
        from jobzone.engine.cli import checking

        chosen = checking.with_scenario_ruleset(chosen, scenario)
    if report_format(out) is None:
        raise _fail(f"{out}: --out must end in {', '.join(RENDERERS)}")
    if not out.parent.is_dir():
        raise _fail(f"{out}: directory {out.parent} does not exist")
    from jobzone.engine.cli import checking

    config = checking.settings(sources)
    options = checking.check_options(rules, config, assessments=True)
    expansion = expand_sources(sources, WORKBOOK_SUFFIXES)
    named = {str(s) for s in sources}  # a file named on the command line is never excluded
    expansion.files = [f for f in expansion.files
                       if str(f) in named or not config.excluded(f)]
    painted = colour(sys.stdout)
    for problem in expansion.problems:  # a path naming nothing: JZ008, as check prints it
        path, _, message = problem.partition(": ")
        typer.echo(finding_line(Finding("JZ008", Severity.error, message, path), painted))
    target = out.resolve()
    files = [f for f in expansion.files if f.resolve() != target]  # never report on itself
    if not files:
        raise _fail("no workbook to report on")

    started = time.perf_counter()
    try:
        runner = make_runner(len(files), jobs, scheduler, PRELOAD)
    except RunnerError as exc:
        raise _fail(str(exc)) from None
    try:
        with progress_bar(len(files), "checking", progress_wanted(quiet)) as advance:
            rows = with_stale_citations(collect_rows(files, options, runner, advance, chosen))
    except KeyboardInterrupt:
        runner.cancel()
        typer.echo("interrupted: no report written", err=True)
        raise typer.Exit(130) from None
    runner.close()
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    result = portfolio(rows, options.rules, title, stamp, expansion.problems,
                       chosen.name if chosen else None, options.known)
    try:
        write_report(result, out)
    except OSError as exc:
        raise _fail(f"{out}: could not write the report: {exc.strerror or exc}") from None
    for row in rows:  # the errors that fail the run, as `check` prints them
        for finding in row.findings:
            if finding.severity is Severity.error:
                typer.echo(finding_line(finding, painted))
    s = summarise(result)
    say(f"wrote {out}: {s.roles} roles ({s.scored} scored, {s.by_status['invalid']} "
               f"invalid, {s.by_status['unreadable']} unreadable); {s.findings['error']} errors, "
               f"{s.findings['warning']} warnings; {time.perf_counter() - started:.1f} s", quiet)
    if expansion.problems or any(row.status is Status.unreadable for row in rows):
        raise typer.Exit(2)
    raise typer.Exit(final_exit(1 if s.findings["error"] else 0, exit_zero))


def register(app: typer.Typer) -> None:
    app.command("report")(report)
