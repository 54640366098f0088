"""The `jobzone` command line: one typer app, one module per command.

Each module in `jobzone.engine.cli.commands` defines `register(app)`; the app discovers them,
so adding a command is adding a file. Heavy libraries (pandas, pandera, openpyxl,
formulas) are imported inside the commands that need them, so `jobzone --help`
and a single check start fast.
"""

from __future__ import annotations

import importlib
import os
import pkgutil

import typer

from jobzone.engine.cli import commands


def build_app() -> typer.Typer:
    app = typer.Typer(
        name="jobzone",
        help="AIJRI / JobZone Score assessments in canonical Excel workbooks.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_show_locals=False,
    )
    for module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{module.name}").register(app)
    return app


def main() -> None:
    import sys

    from jobzone.engine.cli.early_start import start_early

    os.environ.setdefault("TQDM_DISABLE", "1")  # `formulas` draws its own progress bars
    start_early(sys.argv[1:])
    build_app()()
