"""`jobzone ruleset verify NAME|FILE`: a ruleset's decision tables checked before use.

Loads the ruleset as every command does (a broken file is an error at file:line, exit
2), then verifies its tables over their whole input domain
(`jobzone.engine.core.ruleset_verify`): gaps, rows that never fire and the rows that
shadow them, thresholds out of order or domain, zones without a sub-label, an override
range crossing two thresholds. Exit 0 clean, 1 a problem found.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from jobzone.engine.cli.contract import colour

ruleset_app = typer.Typer(help="Rulesets as files: verify one before it is used.",
                          rich_markup_mode=None,
                          no_args_is_help=True)


@ruleset_app.command("verify")
def verify(
    ruleset: Annotated[str, typer.Argument(help="A built-in ruleset's name (aijri-1) or a "
                                           "ruleset file (.toml).", metavar="NAME|FILE")],
) -> None:
    """Verify a ruleset's decision tables over their whole input domain."""
    from jobzone.engine.check.codes import all_rules
    from jobzone.engine.check.render_text import finding_line
    from jobzone.engine.core.ruleset_file import (
        BUILTIN,
        RulesetError,
        builtin_text,
        row_line,
        ruleset_named,
    )
    from jobzone.engine.core.ruleset_verify import verify as verify_tables

    try:
        rules = ruleset_named(ruleset)
        text = (builtin_text(ruleset) if ruleset in BUILTIN
                else Path(ruleset).read_text(encoding="utf-8"))
    except (RulesetError, OSError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    problems = verify_tables(rules)
    registry = all_rules()
    painted = colour(sys.stdout)
    for p in problems:
        where = f"[{p.table}] row {p.row}" if p.row else f"[{p.table}]"
        table = "override" if p.table == "override" else p.table
        located = f"{ruleset}:{row_line(text, table, p.row)}"
        finding = registry[p.code].finding(located, message=f"{where}: {p.message}")
        typer.echo(finding_line(finding, painted))
    typer.echo(f"{rules.name} {rules.version} ({rules.digest}): "
               f"{len(problems) or 'no'} problem{'' if len(problems) == 1 else 's'}", err=True)
    raise typer.Exit(1 if problems else 0)


def register(app: typer.Typer) -> None:
    app.add_typer(ruleset_app, name="ruleset")
