"""`jobzone import SOURCES... --out DIR`: legacy files and write-ups -> canonical workbooks.

Exit 0 when every source imported (or was up to date), 1 when some failed, 2 when
nothing could run (no sources, a bad --mapping file, an unreachable scheduler).
The failed sources' errors go to stdout as `check` prints findings; progress (on a
terminal) and the summary to stderr; the report is DIR/import-report.json and .csv.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

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


def import_(
    sources: Annotated[list[str], typer.Argument(
        help="Files, directories or globs: .xlsx .xlsm .xls .ods .csv .txt .md")],
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Directory for the workbooks (not with --explain).")] = None,
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", help="Extra header/label aliases (TOML or JSON, like the shipped "
        "workbooks/legacy/aliases.toml).")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", help="Worker processes (default: one per core; 1 = in-process).")] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Run on a Dask cluster at this address (tcp://host:8786).")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Import again even when an output is up to date.")] = False,
    quiet: Quiet = False,
    exit_zero: ExitZero = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Print the blocks recognised in each source (cell ranges, the alias "
        "each header matched) and whether it imports; write nothing.")] = False,
    rules: Rules = None,
) -> None:
    """Import legacy spreadsheets, CSV exports and write-ups as canonical workbooks."""
    from jobzone.engine.check.render_text import finding_line
    from jobzone.engine.core.findings import Finding, Severity
    from jobzone.engine.core.limits import Limits
    from jobzone.engine.importer.run import ImportPlan, run_import
    from jobzone.engine.runtime.runner import RunnerError
    from jobzone.engine.runtime.sources import expand_sources
    from jobzone.workbooks.legacy.aliases import MappingError, load_aliases, read_mapping
    from jobzone.workbooks.legacy.sources import SUFFIXES, group_sources

    def stop(message: str) -> NoReturn:
        typer.echo(message, err=True)
        raise typer.Exit(2)

    if out is None and not explain:
        stop("--out DIR is required (or --explain to only look)")
    if out is not None and out.exists() and not out.is_dir():
        stop(f"{out}: --out must be a directory")
    try:
        user = read_mapping(mapping) if mapping else None
        aliases = load_aliases(user=user)
    except MappingError as exc:
        stop(f"{exc}")
    expansion = expand_sources(sources, SUFFIXES)
    for problem in expansion.problems:  # a path naming nothing to import: JZ008, as check
        path, _, message = problem.partition(": ")
        typer.echo(finding_line(Finding("JZ008", Severity.error, message, path),
                                colour(sys.stdout)))
    if not expansion.files:
        stop("nothing to import")
    limits = Limits.from_env()
    if explain:
        raise typer.Exit(_explain(group_sources(expansion.files, aliases), user,
                                  limits.max_file_bytes))
    if out is None:  # never: checked above; says so to the type checker
        stop("--out DIR is required")
    from jobzone.engine.cli import checking

    ruleset = checking.ruleset_for(rules, checking.settings([str(out)]))
    plan = ImportPlan(group_sources(expansion.files, aliases), out, user, force, jobs, scheduler,
                      progress=progress_wanted(quiet), max_bytes=limits.max_file_bytes,
                      rules=ruleset)
    try:
        run = run_import(plan)
    except RunnerError as exc:
        stop(str(exc))
    counts = {status: sum(r["status"] == status for r in run.records)
              for status in ("imported", "skipped", "failed")}
    painted = colour(sys.stdout)
    for record in sorted(run.records, key=lambda r: r["source"]):
        if record["status"] == "failed":
            for f in record["findings"]:
                if f["severity"] == "error":
                    typer.echo(finding_line(Finding(
                        f["code"], Severity(f["severity"]), f["message"], f["file"],
                        f.get("sheet"), f.get("cell")), painted))
    summary = ", ".join(f"{n} {status}" for status, n in counts.items())
    if run.interrupted:
        summary += " (interrupted: finished outputs kept, none partial)"
    where = "no report written (see above)" if run.report_error else \
        f"report: {out / 'import-report.json'}"
    # an interruption or a report that could not be written is said even with --quiet
    say(f"{summary}; {where}", quiet and not (run.report_error or run.interrupted))
    raise typer.Exit(final_exit(run.exit_code, exit_zero))


def _explain(sources: list, user: dict | None, max_bytes: int) -> int:  # type: ignore[type-arg]
    """Print what each source holds, as the reader sees it; 0 when every one imports."""
    import json

    from jobzone.engine.importer.explain import explain
    from jobzone.engine.importer.job import ReadJob, SourceFile

    mapping = json.dumps(user, sort_keys=True) if user else None
    status = 0
    for index, source in enumerate(sources):
        try:
            files = []
            for path in source.files:
                if path.stat().st_size > max_bytes:
                    raise OSError(f"{path}: larger than JOBZONE_MAX_FILE_BYTES ({max_bytes})")
                files.append(SourceFile(str(path), path.read_bytes()))
        except OSError as exc:
            typer.echo(f"{source.name}\n  cannot be read: JZ508 {exc}")
            status = 1
            continue
        lines, imports = explain(ReadJob(source.name, source.kind, tuple(files), mapping))
        typer.echo(("\n" if index else "") + "\n".join(lines))
        status = status or (0 if imports else 1)
    return status


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
