"""`jobzone render PATH --format markdown`: a canonical workbook as a write-up.

The write-up follows the published format byte for byte (importing it with `jobzone
import` gives the same assessment back), then names the ruleset it was scored under in
one last line (`Ruleset: aijri-1 1.0 (sha256:...)`, which import reads back and compares
with its own); `--no-provenance` leaves that line out, giving the published text
exactly. No final newline the published text does not have. Printed on stdout, or
written atomically with --out, which refuses an existing file unless --force (as `jobzone
new` does). When the workbook cannot be rendered, its findings go to stdout as `check`
prints them; exit 1 when the workbook's inputs are invalid, 2 when it cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from jobzone.engine.cli.contract import Quiet, Rules, choice_option, colour, say


def render(
    path: Annotated[Path, typer.Argument(help="A canonical workbook (.xlsx).",
                                         metavar="PATH")],
    format: Annotated[str, choice_option(
        "--format", "-f", what="a write-up format", choices=("markdown",),
        help="Output format.")] = "markdown",
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write to this file instead of stdout.", metavar="FILE")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite an existing --out file.")] = False,
    quiet: Quiet = False,
    rules: Rules = None,
    provenance: Annotated[bool, typer.Option(
        "--provenance/--no-provenance",
        help="End with a line naming the ruleset, its version and hash (the default); "
             "without it the published format exactly.")] = True,
) -> None:
    """Render a canonical workbook as a write-up in the reference format (scored under the
    ruleset the workbook declares, or --rules)."""
    from jobzone.engine.api import score_file
    from jobzone.engine.check.pipeline import finding_from_error
    from jobzone.engine.check.render_text import finding_line
    from jobzone.engine.cli import checking
    from jobzone.engine.runtime.atomic import write_text_atomically
    from jobzone.workbooks.legacy.writeup_render import render_writeup

    if out is not None and out.exists() and not force:
        typer.echo(f"{out}: already exists; use --force to overwrite it", err=True)
        raise typer.Exit(2)
    config = checking.settings([str(path)])
    ruleset = checking.ruleset_for(rules, config)
    scored = score_file(path, ruleset, follow_workbook=rules is None,
                        known=checking.known_rulesets(config))
    painted = colour(sys.stdout)
    for problem in scored.problems:
        typer.echo(finding_line(finding_from_error(problem), painted))
    if scored.result is None or scored.assessment is None:
        raise typer.Exit(2 if scored.unreadable else 1)
    text = render_writeup(scored.assessment, scored.result, scored.rules or ruleset,
                          provenance=provenance)
    if out is None:
        sys.stdout.write(text)
        return
    try:
        write_text_atomically(out, text)
    except OSError as exc:
        typer.echo(f"{out}: could not write: {exc.strerror}", err=True)
        raise typer.Exit(2) from None
    say(f"wrote {out}", quiet)


def register(app: typer.Typer) -> None:
    app.command("render")(render)
