"""`jobzone new PATH`: a blank canonical workbook, ready for an analyst."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jobzone.engine.cli.contract import Rules


def new(
    path: Annotated[Path, typer.Argument(help="Where to write the workbook (.xlsx).")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    rules: Rules = None,
) -> None:
    """Create a blank canonical workbook (its Rules sheet holds the chosen ruleset and
    records its name, version and hash)."""
    from jobzone.engine.cli import checking
    from jobzone.engine.core.errors import WorkbookError
    from jobzone.engine.recalc.cached import saved_with_values
    from jobzone.engine.runtime.atomic import write_bytes_atomically
    from jobzone.workbooks.builder import build_workbook

    if path.suffix.lower() != ".xlsx":
        typer.echo(f"{path}: a canonical workbook must be an .xlsx file", err=True)
        raise typer.Exit(2)
    if path.exists() and not force:
        typer.echo(f"{path}: already exists; use --force to overwrite it", err=True)
        raise typer.Exit(2)
    if not path.parent.is_dir():
        typer.echo(f"{path}: directory {path.parent} does not exist", err=True)
        raise typer.Exit(2)
    ruleset = checking.ruleset_for(rules, checking.settings([str(path.parent)]))
    try:
        write_bytes_atomically(path, saved_with_values(build_workbook(None, ruleset), str(path)))
    except (WorkbookError, OSError) as exc:
        typer.echo(f"{path}: could not write: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"created {path}", err=True)


def register(app: typer.Typer) -> None:
    app.command("new")(new)
