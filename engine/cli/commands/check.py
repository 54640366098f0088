"""`jobzone check PATH...`: every problem of each workbook, linter style.

Findings go to stdout (text lines, a JSON object, SARIF, one JSON line per file as
it is checked, or GitHub workflow annotations), the summary and argument problems
to stderr. Files go
through the shared runner, like import and report: in-process for a handful,
else a process pool (`--jobs`) or a Dask cluster (`--scheduler`). Text and JSON
lines stream, so memory stays flat however many files; JSON and SARIF are one
document each. Exit 0 clean, 1 findings at the failing severity (errors;
warnings too with --strict), 2 something could not be checked.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

import typer

from jobzone.engine.check.options import FormulaMode
from jobzone.engine.cli.contract import (
    ExitZero,
    Quiet,
    Rules,
    Strict,
    choice_option,
    colour,
    final_exit,
    progress_wanted,
    say,
)

if TYPE_CHECKING:
    from jobzone.engine.check.bulk import Checked
    from jobzone.engine.check.outcome import Tally
    from jobzone.engine.check.pipeline import FileReport
    from jobzone.engine.core.findings import Finding

FORMATS = ("text", "json", "sarif", "jsonl", "github")


def _codes(option: str | None) -> list[str]:
    return [part.strip().upper() for part in (option or "").split(",") if part.strip()]


def check(
    paths: Annotated[list[str], typer.Argument(
        help="Workbooks (.xlsx, .xlsm), directories to search, glob patterns, or - to read "
        "one workbook from standard input.", metavar="PATH...")],
    format: Annotated[str | None, choice_option(
        "--format", "--output-format", "-f", what="a format", choices=FORMATS,
        help="text (file:Sheet!C7: severity CODE message), json, sarif, jsonl (one JSON "
        "object per file, as each is checked) or github (workflow annotations). "
        "Default: output-format in the configuration, else text.")] = None,
    select: Annotated[str | None, typer.Option(
        help="Only these codes or prefixes, comma-separated (JZ2,JZ410).",
        metavar="CODES")] = None,
    ignore: Annotated[str | None, typer.Option(
        help="Leave out these codes or prefixes, comma-separated.", metavar="CODES")] = None,
    strict: Strict = None,
    formulas: Annotated[str | None, choice_option(
        "--formulas", what="a formula mode", choices=tuple(m.value for m in FormulaMode),
        help="Evaluate the workbook's own formulas: auto (when they differ from the "
             "template), always, never. Default: the configuration's, else auto.")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", help="Worker processes (default: one per core for more than a "
        "handful of files; 1 = in-process).", metavar="N")] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Run on a Dask cluster at this address (tcp://host:8786).",
        metavar="ADDRESS")] = None,
    rules: Rules = None,
    quiet: Quiet = False,
    exit_zero: ExitZero = False,
) -> None:
    """Check canonical workbooks: inputs, formulas, rules drift, agreement, the method's rules."""
    from jobzone.engine.check.codes import unknown_codes
    from jobzone.engine.cli import checking

    config = checking.settings(paths)
    chosen = _codes(select) if select is not None else config["select"]
    left_out = _codes(ignore) if ignore is not None else config["ignore"]
    strict = config["strict"] if strict is None else strict
    format = format or config["output-format"]
    formulas = formulas or config["formulas"]
    unknown = unknown_codes(chosen + left_out)
    if unknown:
        typer.echo(f"unknown code(s): {', '.join(unknown)}; `jobzone rules` lists them",
                   err=True)
        raise typer.Exit(2)
    options = checking.check_options(rules, config, formulas=FormulaMode(formulas))
    planned = checking.plan(paths, config)
    runner = checking.runner_for(len(planned.files), jobs, scheduler)
    # imported once the pool's fork server has started importing the same, beside us
    from jobzone.engine.check.outcome import Tally
    from jobzone.engine.check.render_text import summary_text
    from jobzone.engine.runtime.progress import progress_bar
    from jobzone.engine.runtime.runner import IN_PROCESS_MAX

    tally = Tally()
    total = len(planned.files) + len(planned.problems)
    bar = progress_wanted(quiet) and not sys.stdout.isatty() and total > IN_PROCESS_MAX
    try:
        with progress_bar(total, "checking", bar) as advance:
            checked = checking.reports(planned, options, runner)
            _write(format, _counted(checked, chosen, left_out, tally, advance), tally, strict,
                   (chosen, left_out), options.rules.identity)
    except KeyboardInterrupt:
        runner.cancel()
        typer.echo(f"interrupted after {tally.files} of {total} files", err=True)
        raise typer.Exit(130) from None
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        runner.cancel()
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
    runner.close()
    summary = tally.summary(strict)
    say(summary_text(summary), quiet)
    raise typer.Exit(final_exit(summary.exit_code, exit_zero))


def _counted(checked: Iterator[Checked], chosen: list[str], left_out: list[str], tally: Tally,
             advance: Callable[[], None]) -> Iterator[Checked]:
    """Reports with only the selected codes, each counted as it passes."""
    from jobzone.engine.check.bulk import Checked
    from jobzone.engine.check.outcome import filter_reports

    for item in checked:
        report = filter_reports([item.report], chosen, left_out)[0]
        tally.add(report)
        advance()
        yield Checked(item.number, report)


def _stale_citations(reports: list[FileReport], tally: Tally, codes: tuple[list[str], list[str]]
                     ) -> dict[str, list[Finding]]:
    """The portfolio pass: citations of other roles checked against them as they score
    now (only when several workbooks are checked together), counted in the tally."""
    from jobzone.engine.check.codes import selected
    from jobzone.engine.check.stages.citations import Scored, portfolio_citations

    roles = [Scored(r.file, r.job_title, r.result.score, r.result.final_zone,
                    r.result.sub_label, r.cites)
             for r in reports if r.result is not None and r.job_title is not None]
    if len(roles) < 2:
        return {}
    found = {file: [f for f in findings if selected(f, *codes)]
             for file, findings in portfolio_citations(roles).items()}
    for findings in found.values():
        for finding in findings:
            tally.count[finding.severity] += 1
    return found


def _write(format: str, checked: Iterator[Checked], tally: Tally, strict: bool,
           codes: tuple[list[str], list[str]] = ([], []),
           ruleset: tuple[str, str, str] = ("aijri-1", "", "")) -> None:
    """Text and JSON lines as reports arrive; JSON and SARIF documents once all are in.

    Then the portfolio pass (stale citations of other roles): appended after the
    streamed text, merged into each file of a JSON or SARIF document; not in JSON lines,
    which stream one record per file and keep nothing."""
    if format == "jsonl":
        from jobzone.engine.check.render_jsonl import jsonl_line

        for item in checked:
            sys.stdout.write(jsonl_line(item.report))
            sys.stdout.flush()
    elif format in ("text", "github"):
        from jobzone.engine.check.bulk import in_input_order
        from jobzone.engine.check.pipeline import FileReport
        from jobzone.engine.check.render_github import render_github
        from jobzone.engine.check.render_text import render_text

        painted = colour(sys.stdout)

        kept: list[FileReport] = []

        def emit(report: FileReport) -> None:
            sys.stdout.write(render_text([report], painted) if format == "text"
                             else render_github([report]))
            if report.result is not None and report.job_title is not None:
                kept.append(FileReport(report.file, result=report.result,
                                       job_title=report.job_title, cites=report.cites))

        in_input_order(checked, emit)
        for file, findings in _stale_citations(kept, tally, codes).items():
            extra = FileReport(file, tuple(findings))
            sys.stdout.write(render_text([extra], painted) if format == "text"
                             else render_github([extra]))
    else:
        reports = [item.report for item in sorted(checked, key=lambda item: item.number)]
        stale = _stale_citations(reports, tally, codes)
        reports = [replace(r, findings=r.findings + tuple(stale[r.file])) if r.file in stale
                   else r for r in reports]
        if format == "json":
            from jobzone.engine.check.render_json import render_json

            sys.stdout.write(render_json(reports, tally.summary(strict), ruleset=ruleset))
        else:
            from jobzone.engine.check.render_sarif import render_sarif

            sys.stdout.write(render_sarif(reports))
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    app.command("check")(check)
