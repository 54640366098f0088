"""`jobzone explain PATH...`: how close each score is to changing, and what would change it.

The distance to each zone threshold and whether an assessor override may cross it, the
smallest single-input change that moves the zone and the sub-label, a tornado of every
input one step down and up, and the switching values (`jobzone.engine.core.sensitivity`),
all with the method's own arithmetic. Each file first goes through the same check as
`jobzone score`: a file jobzone cannot stand behind gets its findings, not an
explanation, and the exit codes are check's.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from jobzone.engine.cli.contract import (
    ExitZero,
    Quiet,
    Rules,
    choice_option,
    colour,
    final_exit,
    say,
)


def explain(
    paths: Annotated[list[str], typer.Argument(
        help="Canonical workbooks (.xlsx, .xlsm), directories, glob patterns, or - for "
        "standard input.", metavar="PATH...")],
    format: Annotated[str, choice_option(
        "--format", "-f", what="a format", choices=("text", "json"),
        help="text (for people) or json (every input's swing and switching values).")
    ] = "text",
    top: Annotated[int, typer.Option(
        "--top", help="Tornado rows shown in text (json lists every input).", metavar="N",
        min=1)] = 12,
    rules: Rules = None,
    quiet: Quiet = False,
    exit_zero: ExitZero = False,
) -> None:
    """Explain each score: distance to the thresholds, override room, a tornado of every
    input, switching values, and the smallest change that moves the zone."""
    from jobzone.engine.cli import checking

    config = checking.settings(paths)
    options = checking.check_options(rules, config, assessments=True)
    planned = checking.plan(paths, config)
    runner = checking.runner_for(len(planned.files), None, None)
    from jobzone.engine.check.bulk import in_input_order
    from jobzone.engine.check.outcome import Tally
    from jobzone.engine.check.pipeline import FileReport
    from jobzone.engine.check.render_text import finding_line, summary_text
    from jobzone.engine.core.findings import Severity
    from jobzone.engine.core.sensitivity import explain as explain_scores
    from jobzone.engine.core.sensitivity_text import explanation_json, explanation_text

    tally = Tally()
    painted = colour(sys.stdout)
    documents = []
    shown = 0

    def emit(report: FileReport) -> None:
        nonlocal shown
        tally.add(report)
        fails = any(f.severity is Severity.error for f in report.findings)
        if report.result is None or report.assessment is None or fails:
            for finding in report.findings:
                if format == "text" or finding.severity is Severity.error:
                    typer.echo(finding_line(finding, painted), err=format == "json")
            say(f"{report.file}: not explained: jobzone cannot stand behind its score "
                "(findings above)", quiet)
            return
        explanation = explain_scores(report.assessment, options.scored_under(report))
        if format == "json":
            documents.append(explanation_json(report.file, explanation))
        else:
            typer.echo(("\n" if shown else "") + explanation_text(
                report.file, report.assessment, explanation, top), nl=False)
            shown += 1

    in_input_order(checking.reports(planned, options, runner), emit)
    runner.close()
    summary = tally.summary()
    if format == "json":
        typer.echo(json.dumps({"schema_version": 1, "command": "explain",
                               "explanations": documents, "summary": summary.to_json()},
                              indent=2, ensure_ascii=False))
    else:
        say(summary_text(summary), quiet)
    raise typer.Exit(final_exit(summary.exit_code, exit_zero))


def register(app: typer.Typer) -> None:
    app.command("explain")(explain)
