"""`jobzone diff OLD NEW`: what changed between two versions of one assessment.

OLD and NEW are workbooks or any source `jobzone import` reads. The inputs that changed
(sheet, cell, old -> new), the formulas that changed, and the effect on every
intermediate and on the result, as text, JSON or markdown. Exit 0 when they are the
same, 1 when they differ (as `diff` and `git diff --exit-code` do), 2 when one cannot be
read.

`jobzone diff --textconv FILE` prints one version as git's textconv view, so
`git diff` and `git log -p` show jobzone's view of a workbook (README, "Git"):

    echo '*.xlsx diff=jobzone' >> .gitattributes
    git config diff.jobzone.textconv 'jobzone diff --textconv'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from jobzone.engine.cli.contract import choice_option


def diff(
    old: Annotated[Path, typer.Argument(help="The earlier version (a workbook or any source "
                                        "`jobzone import` reads).", metavar="OLD")],
    new: Annotated[Path | None, typer.Argument(help="The later version.", metavar="NEW")
                   ] = None,
    format: Annotated[str, choice_option(
        "--format", "-f", what="a format", choices=("text", "json", "markdown"),
        help="text, json or markdown.")] = "text",
    textconv: Annotated[bool, typer.Option(
        "--textconv", help="Print OLD alone as git's textconv view (one line per input, "
        "changed formula and intermediate) and exit 0.")] = False,
) -> None:
    """Compare two versions of an assessment: inputs, formulas, and the effect on the result."""
    from jobzone.engine.compare.diff import diff as compare
    from jobzone.engine.compare.render import diff_json, diff_markdown, diff_text
    from jobzone.engine.compare.render import textconv as textconv_view
    from jobzone.engine.compare.versions import read_version
    from jobzone.engine.core.ruleset import AIJRI_1

    if textconv:
        from jobzone.engine.check.stages.canonical import canonical_template

        version = read_version(old, AIJRI_1)
        template = version.template or canonical_template().formulas
        typer.echo(textconv_view(version, template), nl=False)
        raise typer.Exit(0)
    if new is None:
        typer.echo("give OLD and NEW (or --textconv FILE)", err=True)
        raise typer.Exit(2)
    before, after = read_version(old, AIJRI_1), read_version(new, AIJRI_1)
    if before.assessment is None or after.assessment is None:
        from jobzone.engine.check.render_text import finding_line

        for version in (before, after):
            for finding in version.findings:
                typer.echo(finding_line(finding))
        raise typer.Exit(2)
    result = compare(before, after)
    if format == "json":
        typer.echo(json.dumps(diff_json(result), indent=2, ensure_ascii=False))
    elif format == "markdown":
        typer.echo(diff_markdown(result), nl=False)
    else:
        typer.echo(diff_text(result), nl=False)
    raise typer.Exit(0 if result.unchanged else 1)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
