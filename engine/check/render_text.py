"""Findings as ruff-like lines: `file:Sheet!C7: error CODE message`.

The severity is a word on every line, so it survives a pipe, a log file and a
screen reader; colour (a terminal, or FORCE_COLOR) only repeats it.
"""

from __future__ import annotations

from collections.abc import Sequence

from jobzone.engine.check.outcome import Summary
from jobzone.engine.check.pipeline import FileReport
from jobzone.engine.core.findings import Finding, Severity

BOLD, RESET = "\x1b[1m", "\x1b[0m"
SEVERITY_COLOUR = {Severity.error: "\x1b[1;31m", Severity.warning: "\x1b[1;33m",
                   Severity.info: "\x1b[1;36m"}


def finding_line(finding: Finding, colour: bool = False) -> str:
    severity = finding.severity.value
    if not colour:
        return f"{finding.where}: {severity} {finding.code} {finding.message}"
    painted = f"{SEVERITY_COLOUR[finding.severity]}{severity}{RESET}"
    return f"{BOLD}{finding.where}{RESET}: {painted} {BOLD}{finding.code}{RESET} {finding.message}"


def render_text(reports: Sequence[FileReport], colour: bool = False) -> str:
    """One line per finding, files in the order given; empty when nothing was found."""
    return "".join(finding_line(f, colour) + "\n" for r in reports for f in r.findings)


def summary_text(summary: Summary) -> str:
    """The closing line for stderr: counts, and what could not be checked."""
    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    if summary.errors + summary.warnings + summary.infos == 0:
        text = f"All checks passed ({plural(summary.files, 'file')})"
    else:
        text = (f"Found {plural(summary.errors, 'error')}, {plural(summary.warnings, 'warning')}"
                f" and {summary.infos} info in {plural(summary.files, 'file')}")
    if summary.unreadable:
        text += f"; {plural(summary.unreadable, 'file')} could not be checked"
    return text + "."
