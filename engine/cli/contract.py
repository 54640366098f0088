"""What every command promises alike: options, streams, colour, choices and exit codes.

The contract (README, "One contract for every command"): exit 0 clean, 1 a finding at
the failing severity, 2 the command could not run; machine output and findings on
stdout, progress and summaries on stderr (bars only on a terminal); `--quiet` leaves
findings only; `--exit-zero` turns the findings' 1 into 0 (2 stays 2); colour follows
FORCE_COLOR, then NO_COLOR, then whether the stream is a terminal. Commands take their
shared options from here, so one command cannot drift from the others.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TextIO

import typer

CLEAN, FINDINGS, CANNOT_RUN = 0, 1, 2

Quiet = Annotated[bool, typer.Option(
    "--quiet", "-q", help="Findings and results only: no summary, no progress bar.")]
ExitZero = Annotated[bool, typer.Option(
    "--exit-zero", help="Exit 0 even when findings fail the run (2, could not run, stays).")]
Rules = Annotated[str | None, typer.Option(
    "--rules", help="The ruleset: a built-in name (aijri-1) or a ruleset file (.toml). "
    "Default: the configuration's `ruleset`, else aijri-1.", metavar="NAME|FILE")]
Strict = Annotated[bool | None, typer.Option(
    "--strict/--no-strict", help="Warnings fail the run too (exit 1). Default: the "
    "configuration's `strict`, else off.", show_default=False)]


def colour(stream: TextIO) -> bool:
    """Colour on `stream`? FORCE_COLOR (any non-empty value) forces it, NO_COLOR (any
    non-empty value) turns it off, and otherwise only a terminal gets it (force-color.org,
    no-color.org)."""
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def progress_wanted(quiet: bool) -> bool:
    """A progress bar is drawn only on a terminal's stderr, and never with --quiet."""
    import sys

    return not quiet and sys.stderr.isatty()


def final_exit(code: int, exit_zero: bool) -> int:
    """The exit status: --exit-zero turns findings (1) into 0; could-not-run (2) stays."""
    return CLEAN if exit_zero and code == FINDINGS else code


def say(message: str, quiet: bool = False) -> None:
    """A summary or note for people: stderr, silenced by --quiet."""
    if not quiet:
        typer.echo(message, err=True)


def joined(words: Sequence[str]) -> str:
    """`a, b or c`: how a message lists the choices."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def choice(what: str, choices: Sequence[str]) -> Callable[[Any], Any]:
    """A case-insensitive choice whose refusal reads as jobzone's own sentence:
    "'xml' is not a format: use text, json, sarif or jsonl"."""
    allowed = {c.casefold(): c for c in choices}

    def parse(value: Any) -> Any:
        if value is None:
            return value
        text = str(getattr(value, "value", value))
        found = allowed.get(text.strip().casefold())
        if found is None:
            raise typer.BadParameter(f"{text!r} is not {what}: use {joined(list(choices))}")
        return found

    return parse


def choice_option(*names: str, what: str, choices: Sequence[str], help: str) -> Any:
    """A typer option taking one of `choices`, any case, shown as `[a|b|c]`."""
    return typer.Option(*names, help=help, metavar="[" + "|".join(choices) + "]",
                        callback=choice(what, choices), show_default=True)
