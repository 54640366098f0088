"""Write a portfolio report in the format its file name asks for, atomically.

The output is complete or absent: the report is written to a temporary file beside
the target, which is renamed into place only when the whole report is written.
Renderers are imported on demand (the XLSX one pulls in openpyxl).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jobzone.engine.report.rows import Portfolio


def _html() -> Callable[..., Any]:
    from jobzone.engine.report.render_html import render_html

    return render_html


def _csv() -> Callable[..., Any]:
    from jobzone.engine.report.render_csv import render_csv

    return render_csv


def _json() -> Callable[..., Any]:
    from jobzone.engine.report.render_json import render_json

    return render_json


def _xlsx() -> Callable[..., Any]:
    from jobzone.engine.report.render_xlsx import render_xlsx

    return render_xlsx


# Extension -> the renderer, imported when asked for. Text renderers return the
# document; the XLSX one writes the file it is given.
RENDERERS: dict[str, Callable[[], Callable[..., Any]]] = {
    ".html": _html, ".csv": _csv, ".json": _json, ".xlsx": _xlsx,
}


def report_format(target: Path) -> str | None:
    """The format a target's extension names, or None when jobzone writes no such report."""
    suffix = target.suffix.lower()
    return suffix if suffix in RENDERERS else None


def write_report(p: Portfolio, target: Path) -> None:
    from jobzone.engine.runtime.atomic import write_atomically, write_text_atomically

    fmt = report_format(target)
    if fmt is None:
        raise ValueError(f"{target}: a report is {', '.join(RENDERERS)}")
    render = RENDERERS[fmt]()
    if fmt == ".xlsx":
        write_atomically(target, lambda tmp: render(p, tmp))
    else:
        write_text_atomically(target, render(p))
