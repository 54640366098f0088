"""`jobzone schema`: the JSON Schema of every command's JSON output.

`score`, `check` (json and jsonl), `import` (import-report.json) and `report` (.json)
share one shape with a `schema_version`; a pipeline validates what it reads against
this document instead of guessing.
"""

from __future__ import annotations

import typer


def schema() -> None:
    """Print the JSON Schema of the JSON that score, check, import, report and diff write."""
    from importlib.resources import files

    typer.echo(files("jobzone.schemas").joinpath("output.schema.json").read_text("utf-8"),
               nl=False)


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
