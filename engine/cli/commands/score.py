"""`jobzone score PATH...`: the score of each workbook, with its derivation.

A score is shown only when jobzone can stand behind it: every file goes through the
same check as `jobzone check` (inputs, integrity against the template, rules drift,
the workbook's own formulas and cached values against the native result, the
method's rules), its findings are printed on stdout as `check` prints them, and a
file with a finding at the failing severity gets no scorecard. Exit codes are
`check`'s: 0 every file scored, 1 a finding at the failing severity (errors; warnings
too with --strict), 2 a file could not be read.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from jobzone.engine.cli.contract import (
    ExitZero,
    Quiet,
    Rules,
    Strict,
    choice_option,
    colour,
    final_exit,
    say,
)

FORMATS = ("text", "json")


def score(
    paths: Annotated[list[str], typer.Argument(
        help="Canonical workbooks (.xlsx, .xlsm), directories, glob patterns, or - for "
        "standard input.", metavar="PATH...")],
    format: Annotated[str, choice_option(
        "--format", "--output-format", "-f", what="a format", choices=FORMATS,
        help="text (findings, then each scorecard) or json (the shape `check` prints).")
    ] = "text",
    strict: Strict = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", help="Worker processes (default: one per core for more than a "
        "handful of files; 1 = in-process).", metavar="N")] = None,
    rules: Rules = None,
    quiet: Quiet = False,
    exit_zero: ExitZero = False,
) -> None:
    """Score canonical workbooks natively and show the derivation (after the same checks
    as `jobzone check`)."""
    from jobzone.engine.cli import checking

    config = checking.settings(paths)
    strict = config["strict"] if strict is None else strict
    planned = checking.plan(paths, config)
    runner = checking.runner_for(len(planned.files), jobs, None)
    from jobzone.engine.check.bulk import in_input_order
    from jobzone.engine.check.options import FormulaMode
    from jobzone.engine.check.outcome import Tally
    from jobzone.engine.check.pipeline import FileReport
    from jobzone.engine.check.render_text import render_text, summary_text
    from jobzone.engine.core.derivation import scorecard_text
    from jobzone.engine.core.findings import Severity

    failing = Severity.warning.rank if strict else Severity.error.rank
    tally = Tally()
    reports: list[FileReport] = []
    unscored: list[str] = []
    painted = colour(sys.stdout)
    shown = 0

    def emit(report: FileReport) -> None:
        nonlocal shown
        tally.add(report)
        if format == "json":
            reports.append(report)
            return
        blocks = []
        if report.findings:
            blocks.append(render_text([report], painted).rstrip("\n"))
        fails = any(f.severity.rank >= failing for f in report.findings)
        if report.result is not None and report.assessment is not None and not fails:
            blocks.append(scorecard_text(report.file, report.assessment, report.result,
                                         options.scored_under(report)))
        else:
            unscored.append(report.file)
        for block in blocks:
            typer.echo(("\n" if shown else "") + block)
            shown += 1

    options = checking.check_options(rules, config, assessments=True,
                                     formulas=FormulaMode(config["formulas"]))
    try:
        in_input_order(checking.reports(planned, options, runner), emit)
    except KeyboardInterrupt:
        runner.cancel()
        typer.echo(f"interrupted after {tally.files} files", err=True)
        raise typer.Exit(130) from None
    runner.close()
    summary = tally.summary(strict)
    if format == "json":
        from jobzone.engine.check.render_json import render_json

        sys.stdout.write(render_json(reports, summary, command="score",
                                     ruleset=options.rules.identity))
    else:
        for file in unscored:
            say(f"{file}: not scored: jobzone cannot stand behind a score for it "
                "(findings above)", quiet)
        say(summary_text(summary), quiet)
    raise typer.Exit(final_exit(summary.exit_code, exit_zero))


def register(app: typer.Typer) -> None:
    app.command("score")(score)
