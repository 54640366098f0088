"""`jobzone recalc FILE (--out NEW | --in-place)`: cache every formula's value in a workbook.

For a workbook filled by a script (openpyxl writes formulas without values), so
pandas, calamine and file previews show the score without a spreadsheet program. The
values come from jobzone's own evaluation of the workbook's own formulas; only the
formula cells' values and two small parts change (`jobzone.workbooks.package_values`),
so nothing openpyxl would drop on a re-save is lost. The write is atomic; the input is
never changed unless `--in-place` says so. A workbook whose formulas cannot be
evaluated cleanly is reported (exit 1) and nothing is written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from jobzone.engine.cli.contract import Quiet, colour, say


def recalc(
    path: Annotated[Path, typer.Argument(help="A canonical workbook (.xlsx, .xlsm).",
                                         metavar="FILE")],
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write the recalculated workbook here.", metavar="NEW")] = None,
    in_place: Annotated[bool, typer.Option(
        "--in-place", help="Replace FILE itself (atomically).")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite an existing --out file.")] = False,
    quiet: Quiet = False,
) -> None:
    """Cache the value of every formula, computed by jobzone, so any reader shows them."""
    from jobzone.engine.check.pipeline import finding_from_error
    from jobzone.engine.check.render_text import finding_line
    from jobzone.engine.core.errors import WorkbookError
    from jobzone.engine.core.findings import Severity
    from jobzone.engine.recalc.cached import shared_evaluator
    from jobzone.engine.runtime.atomic import write_bytes_atomically
    from jobzone.workbooks import layout as L
    from jobzone.workbooks.package_values import with_cached_values
    from jobzone.workbooks.reader import read_workbook_bytes, workbook_from_bytes

    if (out is None) == (not in_place):
        typer.echo("give exactly one of --out NEW and --in-place", err=True)
        raise typer.Exit(2)
    target = path if in_place else out
    assert target is not None  # one of the two, checked above
    if out is not None and out.exists() and not force:
        typer.echo(f"{out}: already exists; use --force to overwrite it", err=True)
        raise typer.Exit(2)
    painted = colour(sys.stdout)
    try:
        data = read_workbook_bytes(path)
        workbook = workbook_from_bytes(data, str(path))
    except WorkbookError as exc:
        typer.echo(finding_line(finding_from_error(exc), painted))
        raise typer.Exit(2) from None
    missing = [sheet for sheet in L.SHEET_ORDER if sheet not in workbook.sheetnames]
    if missing:
        from jobzone.engine.core.errors import Location

        typer.echo(finding_line(finding_from_error(WorkbookError(
            Location(str(path)), f"not a canonical jobzone workbook (no sheet "
            f"{', '.join(missing[:3])}{'...' if len(missing) > 3 else ''}): recalc caches the "
            "values of a canonical workbook's formulas; convert this one with "
            "`jobzone import`", "JZ102")), painted))
        raise typer.Exit(2)
    evaluation = shared_evaluator().evaluate(path, workbook)
    failing = [f for f in evaluation.errors if f.severity is Severity.error]
    for finding in evaluation.errors:
        typer.echo(finding_line(finding, painted))
    if failing or not evaluation.values:
        say(f"{path}: not written: its formulas did not evaluate cleanly", False)
        raise typer.Exit(1)
    try:
        write_bytes_atomically(target, with_cached_values(data, evaluation.values))
    except OSError as exc:
        typer.echo(f"{target}: could not write: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None
    say(f"wrote {target}: {len(evaluation.values)} formula values cached", quiet)


def register(app: typer.Typer) -> None:
    app.command("recalc")(recalc)
