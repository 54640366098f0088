"""`jobzone config`: the settings that apply here, and where each one came from.

Settings are found as ruff finds its own (`jobzone.engine.cli.config`): the closest
`jobzone.toml`, or `pyproject.toml` with `[tool.jobzone]`, at or above the current
directory. A flag on the command line still beats what this shows.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from jobzone.engine.cli.contract import choice_option


def config(
    format: Annotated[str, choice_option(
        "--format", "-f", what="a format", choices=("text", "json"),
        help="text or json.")] = "text",
) -> None:
    """Show the resolved settings (select, ignore, strict, formulas, ruleset, output-format,
    exclude) and the file and line each came from."""
    from jobzone.engine.cli import checking
    from jobzone.engine.cli.config import KEYS

    settings = checking.settings()
    if format == "json":
        typer.echo(json.dumps({
            "file": str(settings.file) if settings.file else None,
            "settings": {k.name: {"value": settings[k.name], "from": settings.origins[k.name]}
                         for k in KEYS}}, indent=2))
        return
    typer.echo(f"configuration: {settings.file or 'none found (defaults)'}")
    for key in KEYS:
        value = json.dumps(settings[key.name])
        typer.echo(f"{key.name:<14} {value:<24} from {settings.origins[key.name]}")


def register(app: typer.Typer) -> None:
    app.command("config")(config)
