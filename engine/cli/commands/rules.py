"""`jobzone rules [CODE...]`: every finding code `jobzone check` raises, with its meaning."""

from __future__ import annotations

import json
import textwrap
from typing import Annotated

import typer

from jobzone.engine.cli.contract import choice_option


def rules(
    codes: Annotated[list[str] | None, typer.Argument(
        help="Codes or prefixes to explain in full (JZ206, JZ4); all codes when omitted.")
    ] = None,
    format: Annotated[str, choice_option("--format", "-f", what="a format",
                                         choices=("text", "json"), help="text or json.")
                      ] = "text",
) -> None:
    """List the finding codes of `jobzone check`: severity, title, explanation and fix."""
    from jobzone.engine.check.codes import all_rules

    registry = all_rules()
    wanted = [c.upper() for c in codes or []]
    chosen = [rule for code, rule in registry.items()
              if not wanted or any(code.startswith(w) for w in wanted)]
    if not chosen:
        typer.echo(f"no code matches {', '.join(wanted)}; `jobzone rules` lists them", err=True)
        raise typer.Exit(2)
    if format == "json":
        typer.echo(json.dumps([{"code": r.code, "severity": r.severity.value, "title": r.title,
                                "explanation": r.explanation, "fix": r.fix} for r in chosen],
                              indent=2, ensure_ascii=False))
        return
    if not wanted:
        for rule in chosen:
            typer.echo(f"{rule.code}  {rule.severity.value:<7}  {rule.title}")
        return
    for index, rule in enumerate(chosen):
        if index:
            typer.echo("")
        typer.echo(f"{rule.code} ({rule.severity.value}): {rule.title}")
        if rule.explanation:
            typer.echo(textwrap.fill(rule.explanation, 88, initial_indent="  ",
                                     subsequent_indent="  "))
        if rule.fix:
            typer.echo(f"  Fix: {rule.fix}")


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)
