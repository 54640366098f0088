"""Plain help text without rich's escapes.

typer escapes the "[required]" and "[default: ...]" notes of every parameter for rich
whenever rich is installed, even when the app renders help in click's plain text
(`rich_markup_mode=None`, chosen for start-up time), so `--help` showed "\\[required]".
The notes are unescaped again here, on typer's two parameter classes; nothing else of
the help changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
import typer.core

HelpRecord = Callable[[Any, click.Context], "tuple[str, str] | None"]


def _unescaped(record: HelpRecord) -> HelpRecord:
    def plain(self: Any, ctx: click.Context) -> tuple[str, str] | None:
        found = record(self, ctx)
        return None if found is None else (found[0], found[1].replace("\\[", "["))

    plain.__doc__ = record.__doc__
    return plain


def use_plain_help() -> None:
    """Unescape the parameter notes of typer's argument and option help (idempotent)."""
    kind: Any
    for kind in (typer.core.TyperArgument, typer.core.TyperOption):
        if not getattr(kind.get_help_record, "_jobzone_plain", False):
            plain = _unescaped(kind.get_help_record)
            setattr(plain, "_jobzone_plain", True)  # noqa: B010  (a function's own mark)
            kind.get_help_record = plain
