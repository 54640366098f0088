"""The `jobzone` command line: one typer app, one module per command.

Each module in `jobzone.engine.cli.commands` defines `register(app)`; the app discovers them,
so adding a command is adding a file. Heavy libraries (pandas, pandera, openpyxl,
formulas) are imported inside the commands that need them, so `jobzone --help`
and a single check start fast.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pkgutil
import sys

import typer

from jobzone.engine.cli import commands
from jobzone.engine.cli.plain_help import use_plain_help
from jobzone.engine.cli.start import version


def _print_version(wanted: bool) -> None:
    if wanted:
        typer.echo(version())
        raise typer.Exit(0)


def _root(
    show_version: bool = typer.Option(False, "--version", "-V", callback=_print_version,
                                      is_eager=True, help="Print jobzone's version and exit."),
) -> None:
    """AIJRI / JobZone Score assessments in canonical Excel workbooks."""


def build_app() -> typer.Typer:
    use_plain_help()
    app = typer.Typer(
        name="jobzone",
        help="AIJRI / JobZone Score assessments in canonical Excel workbooks.",
        no_args_is_help=True,
        # `jobzone --install-completion` installs shell completion for bash, zsh, fish
        add_completion=True,
        pretty_exceptions_show_locals=False,
        # help and usage errors in click's plain text: rendering them with rich imported
        # rich's markdown stack (75 ms of a 0.2 s `--help`); the words are the same
        rich_markup_mode=None,
        # -h as well as --help, on every command (Click hands it down to subcommands)
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    for module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{module.name}").register(app)
    return app


INTERRUPTED = 130  # 128 + SIGINT: what a shell reports for a run stopped by Ctrl-C


def main() -> None:
    """The command line (`jobzone.engine.cli.start.main` answers `--version` before it)."""
    from jobzone.engine.cli.early_start import start_early

    os.environ.setdefault("TQDM_DISABLE", "1")  # `formulas` draws its own progress bars
    start_early(sys.argv[1:])
    from jobzone.engine.core.limits import LimitsError

    try:
        build_app()(prog_name="jobzone")
    except LimitsError as exc:  # a JOBZONE_* limit that is not a positive number
        print(f"jobzone: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except SystemExit as stop:
        if stop.code == INTERRUPTED:
            leave_at_once(INTERRUPTED)
        raise


def leave_at_once(code: int) -> None:
    """End an interrupted run now, without the interpreter's exit joins.

    By the time a command exits with `INTERRUPTED` it has cancelled its workers, kept
    every finished output and said so. What remains is the process pool's own
    machinery, which the interpreter's exit joins: its manager thread and its worker
    processes. After a Ctrl-C on a loaded machine that join once waited forever (a CI
    run: the interrupted import printed its summary, then never exited). Nothing
    left to do needs it: workers leave by themselves once this process is gone
    (`jobzone.engine.runtime.pool_server.start_worker`), and the fork server when its
    pipe from this process closes.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: nothing more can be said
            stream.flush()
    os._exit(code)
