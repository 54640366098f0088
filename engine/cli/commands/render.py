"""`jobzone render PATH --format markdown`: a canonical workbook as a write-up.

The write-up follows the published format (importing it with `jobzone import`
gives the same assessment back). Printed on stdout, or written atomically with
--out. Exit 1 when the workbook's inputs are invalid, 2 when it cannot be read.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class RenderFormat(StrEnum):
    markdown = "markdown"


def render(
    path: Annotated[Path, typer.Argument(help="A canonical workbook (.xlsx).")],
    format: Annotated[RenderFormat, typer.Option(
        "--format", "-f", help="Output format.")] = RenderFormat.markdown,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Render a canonical workbook as a write-up in the reference format."""
    from jobzone.engine.api import score_file
    from jobzone.engine.core.ruleset import AIJRI_1
    from jobzone.engine.runtime.atomic import write_text_atomically
    from jobzone.workbooks.legacy.writeup_render import render_writeup

    scored = score_file(path, AIJRI_1)
    for problem in scored.problems:
        typer.echo(f"{problem.location}: {problem.code} {problem.message}", err=True)
    if scored.result is None or scored.assessment is None:
        raise typer.Exit(2 if scored.unreadable else 1)
    text = render_writeup(scored.assessment, scored.result, AIJRI_1) + "\n"
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        write_text_atomically(out, text)
    except OSError as exc:
        typer.echo(f"{out}: could not write: {exc.strerror}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {out}", err=True)


def register(app: typer.Typer) -> None:
    app.command("render")(render)
