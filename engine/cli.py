"""The `jobzone` command line: one typer app, one module per command.

Heavy libraries (pandas, pandera, openpyxl, formulas) are imported inside the
commands that need them, so `jobzone --help` and a single check start fast.
"""

from __future__ import annotations

import os

import typer

from engine.commands import new as new_command
from engine.commands import score as score_command

app = typer.Typer(
    name="jobzone",
    help="AIJRI / JobZone Score assessments in canonical Excel workbooks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
app.command("new")(new_command.new)
app.command("score")(score_command.score)


def main() -> None:
    os.environ.setdefault("TQDM_DISABLE", "1")  # `formulas` draws its own progress bars
    app()
