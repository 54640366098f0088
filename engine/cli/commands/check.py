"""`jobzone check PATH...`: every problem of each workbook, linter style.

Findings go to stdout (text lines, a JSON object, SARIF, or one JSON line per
file as it is checked), the summary and argument problems to stderr. Files go
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
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jobzone.engine.check.options import FormulaMode

if TYPE_CHECKING:
    from jobzone.engine.check.bulk import Checked
    from jobzone.engine.check.outcome import Tally
    from jobzone.engine.check.pipeline import FileReport

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
LEGACY_SUFFIXES = (".xls", ".ods", ".csv")


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    jsonl = "jsonl"


def _codes(option: str | None) -> list[str]:
    return [part.strip().upper() for part in (option or "").split(",") if part.strip()]


def _colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _source_problems(sources: list[str], problems: list[str]) -> list[str]:
    """The expansion's problems, with a pointer to `jobzone import` for legacy-only folders."""
    from jobzone.engine.runtime.sources import expand_sources

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
        "--format", "-f", help="text (file:Sheet!C7: CODE message), json, sarif, or jsonl "
        "(one JSON object per file, as each is checked).")
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
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", help="Worker processes (default: one per core for more than a "
        "handful of files; 1 = in-process).")] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Run on a Dask cluster at this address (tcp://host:8786).")] = None,
) -> None:
    """Check canonical workbooks: inputs, formulas, rules drift, agreement, the method's rules."""
    from jobzone.engine.check.codes import unknown_codes
    from jobzone.engine.check.preload import PRELOAD
    from jobzone.engine.runtime.runner import IN_PROCESS_MAX, RunnerError, make_runner
    from jobzone.engine.runtime.sources import expand_sources

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
    files = expansion.files
    try:
        runner = make_runner(len(files), jobs, scheduler, PRELOAD)
    except RunnerError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    # imported once the pool's fork server has started importing the same, beside us
    from jobzone.engine.check.bulk import check_files
    from jobzone.engine.check.outcome import Tally
    from jobzone.engine.check.pipeline import CheckOptions
    from jobzone.engine.check.render_text import summary_text
    from jobzone.engine.runtime.progress import progress_bar

    tally = Tally()
    bar = sys.stderr.isatty() and not sys.stdout.isatty() and len(files) > IN_PROCESS_MAX
    try:
        with progress_bar(len(files), "checking", bar) as advance:
            checked = check_files(files, CheckOptions(formulas=formulas), runner)
            _write(format, _counted(checked, chosen, left_out, tally, advance), tally, strict,
                   len(problems))
    except KeyboardInterrupt:
        runner.cancel()
        typer.echo(f"interrupted after {tally.files} of {len(files)} files", err=True)
        raise typer.Exit(130) from None
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        runner.cancel()
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
    runner.close()
    summary = tally.summary(strict, len(problems))
    if tally.files or not problems:
        typer.echo(summary_text(summary), err=True)
    raise typer.Exit(summary.exit_code)


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


def _write(format: Format, checked: Iterator[Checked], tally: Tally, strict: bool,
           source_problems: int) -> None:
    """Text and JSON lines as reports arrive; JSON and SARIF documents once all are in."""
    if format is Format.jsonl:
        from jobzone.engine.check.render_jsonl import jsonl_line

        for item in checked:
            sys.stdout.write(jsonl_line(item.report))
            sys.stdout.flush()
    elif format is Format.text:
        from jobzone.engine.check.bulk import in_input_order
        from jobzone.engine.check.render_text import render_text

        colour = _colour()

        def emit(report: FileReport) -> None:
            sys.stdout.write(render_text([report], colour))

        in_input_order(checked, emit)
    else:
        reports = [item.report for item in sorted(checked, key=lambda item: item.number)]
        if format is Format.json:
            from jobzone.engine.check.render_json import render_json

            sys.stdout.write(render_json(reports, tally.summary(strict, source_problems)))
        else:
            from jobzone.engine.check.render_sarif import render_sarif

            sys.stdout.write(render_sarif(reports))
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    app.command("check")(check)
