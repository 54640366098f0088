"""`jobzone score PATH...`: the score of each workbook, with its derivation.

Exit 0 when every file scored, 1 when a file's inputs are invalid (each problem
printed as `file:Sheet!Cell: CODE message`), 2 when a file could not be read.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer


class Format(StrEnum):
    text = "text"
    json = "json"


def score(
    paths: Annotated[list[Path], typer.Argument(help="Canonical workbooks (.xlsx).")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
) -> None:
    """Score canonical workbooks natively and show the derivation."""
    from jobzone.engine.api import score_file
    from jobzone.engine.core.derivation import score_record, scorecard_text
    from jobzone.engine.core.ruleset import AIJRI_1

    records: list[dict[str, Any]] = []
    exit_code = 0
    for index, path in enumerate(paths):
        scored = score_file(path, AIJRI_1)
        for problem in scored.problems:
            typer.echo(f"{problem.location}: {problem.code} {problem.message}", err=True)
        if scored.result is None or scored.assessment is None:
            exit_code = max(exit_code, 2 if scored.unreadable else 1)
            records.append({"file": str(path), "errors": [
                {"code": p.code, "sheet": p.location.sheet, "cell": p.location.cell,
                 "message": p.message} for p in scored.problems]})
            continue
        if format is Format.json:
            records.append(score_record(str(path), scored.assessment, scored.result, AIJRI_1))
        else:
            if index:
                typer.echo("")
            typer.echo(scorecard_text(str(path), scored.assessment, scored.result, AIJRI_1))
    if format is Format.json:
        typer.echo(json.dumps(records, indent=2, ensure_ascii=False))
    raise typer.Exit(exit_code)


def register(app: typer.Typer) -> None:
    app.command("score")(score)
