"""Findings as ruff-like lines: `file:Sheet!C7: CODE message`, coloured only on a terminal."""

from __future__ import annotations

from collections.abc import Sequence

from jobzone.engine.check.outcome import Summary
from jobzone.engine.check.pipeline import FileReport
from jobzone.engine.core.findings import Finding, Severity

BOLD, RESET = "\x1b[1m", "\x1b[0m"
SEVERITY_COLOUR = {Severity.error: "\x1b[1;31m", Severity.warning: "\x1b[1;33m",
                   Severity.info: "\x1b[1;36m"}


def finding_line(finding: Finding, colour: bool = False) -> str:
    if not colour:
        return f"{finding.where}: {finding.code} {finding.message}"
    code = f"{SEVERITY_COLOUR[finding.severity]}{finding.code}{RESET}"
    return f"{BOLD}{finding.where}{RESET}: {code} {finding.message}"


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
