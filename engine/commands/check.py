"""`jobzone check PATH...`: every problem of each workbook, linter style.

Findings go to stdout (text lines, a JSON object or SARIF), the summary and
argument problems to stderr. Exit 0 clean, 1 findings at the failing severity
(errors; warnings too with --strict), 2 something could not be checked.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from engine.check.options import FormulaMode

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
LEGACY_SUFFIXES = (".xls", ".ods", ".csv")


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


def _codes(option: str | None) -> list[str]:
    return [part.strip().upper() for part in (option or "").split(",") if part.strip()]


def _colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _source_problems(sources: list[str], problems: list[str]) -> list[str]:
    """The expansion's problems, with a pointer to `jobzone import` for legacy-only folders."""
    from engine.sources import expand_sources

    lines = []
    for problem in problems:
        source = problem.split(": ", 1)[0]
        if source in sources and Path(source).is_dir():
            legacy = expand_sources([source], LEGACY_SUFFIXES).files
            if legacy:
                problem += (f"; it holds {len(legacy)} legacy file(s) ({legacy[0].name}...): "
                            "convert them with `jobzone import`")
        lines.append(problem)
    return lines


def check(
    paths: Annotated[list[str], typer.Argument(
        help="Workbooks (.xlsx, .xlsm), directories to search, or glob patterns.")],
    format: Annotated[Format, typer.Option(
        "--format", "-f", help="text (file:Sheet!C7: CODE message), json or sarif.")
    ] = Format.text,
    select: Annotated[str | None, typer.Option(
        help="Only these codes or prefixes, comma-separated (JZ2,JZ410).")] = None,
    ignore: Annotated[str | None, typer.Option(
        help="Leave out these codes or prefixes, comma-separated.")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Warnings fail the check too (exit 1).")] = False,
    formulas: Annotated[FormulaMode, typer.Option(
        help="Evaluate the workbook's own formulas: auto (when they differ from the "
             "template), always, never.")] = FormulaMode.auto,
) -> None:
    """Check canonical workbooks: inputs, formulas, rules drift, agreement, the method's rules."""
    from engine.check.codes import unknown_codes
    from engine.check.outcome import filter_reports, summarize
    from engine.check.pipeline import Checker, CheckOptions
    from engine.check.render_text import summary_text
    from engine.sources import expand_sources

    chosen, left_out = _codes(select), _codes(ignore)
    unknown = unknown_codes(chosen + left_out)
    if unknown:
        typer.echo(f"unknown code(s): {', '.join(unknown)}; `jobzone rules` lists them",
                   err=True)
        raise typer.Exit(2)
    expansion = expand_sources(paths, WORKBOOK_SUFFIXES)
    problems = _source_problems(paths, expansion.problems)
    for line in problems:
        typer.echo(line, err=True)
    checker = Checker(CheckOptions(formulas=formulas))
    reports = filter_reports([checker.check(path) for path in expansion.files], chosen, left_out)
    summary = summarize(reports, strict, len(problems))
    if format is Format.json:
        from engine.check.render_json import render_json

        sys.stdout.write(render_json(reports, summary))
    elif format is Format.sarif:
        from engine.check.render_sarif import render_sarif

        sys.stdout.write(render_sarif(reports))
    else:
        from engine.check.render_text import render_text

        sys.stdout.write(render_text(reports, _colour()))
    sys.stdout.flush()
    if reports or not problems:
        typer.echo(summary_text(summary), err=True)
    raise typer.Exit(summary.exit_code)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
