"""Write a portfolio report in the format its file name asks for, atomically.

The output is complete or absent: the report is written to a temporary file beside
the target, which is renamed into place only when the whole report is written.
Renderers are imported on demand (the XLSX one pulls in openpyxl).
"""

from __future__ import annotations

import importlib
from pathlib import Path

from engine.report.rows import Portfolio

# Extension -> (module, function). Text renderers return the document; the XLSX one
# writes the file it is given.
RENDERERS = {
    ".html": ("engine.report.render_html", "render_html"),
    ".csv": ("engine.report.render_csv", "render_csv"),
    ".json": ("engine.report.render_json", "render_json"),
    ".xlsx": ("engine.report.render_xlsx", "render_xlsx"),
}


def report_format(target: Path) -> str | None:
    """The format a target's extension names, or None when jobzone writes no such report."""
    suffix = target.suffix.lower()
    return suffix if suffix in RENDERERS else None


def write_report(p: Portfolio, target: Path) -> None:
    from workbooks.atomic import write_atomically, write_text_atomically

    fmt = report_format(target)
    if fmt is None:
        raise ValueError(f"{target}: a report is {', '.join(RENDERERS)}")
    module, name = RENDERERS[fmt]
    render = getattr(importlib.import_module(module), name)
    if fmt == ".xlsx":
        write_atomically(target, lambda tmp: render(p, tmp))
    else:
        write_text_atomically(target, render(p))
