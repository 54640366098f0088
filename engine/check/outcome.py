"""What a run of checks adds up to: counts per severity and the exit status.

Exit 0: nothing at the failing severity. 1: a finding at the failing severity
(errors; with --strict, warnings too). 2: something could not be checked at all
(an unreadable file, a path or pattern that names no workbook).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from engine.check.codes import selected
from engine.check.pipeline import FileReport
from engine.findings import Severity


@dataclass(frozen=True)
class Summary:
    files: int
    unreadable: int
    errors: int
    warnings: int
    infos: int
    exit_code: int

    def to_json(self) -> dict[str, Any]:
        return {"files": self.files, "unreadable": self.unreadable, "errors": self.errors,
                "warnings": self.warnings, "infos": self.infos, "exit_code": self.exit_code}


def filter_reports(reports: Iterable[FileReport], select: Sequence[str] = (),
                   ignore: Sequence[str] = ()) -> list[FileReport]:
    """Reports with only the selected codes; the file's readability and result are kept."""
    return [replace(r, findings=tuple(f for f in r.findings if selected(f, select, ignore)))
            for r in reports]


def summarize(reports: Sequence[FileReport], strict: bool = False,
              source_problems: int = 0) -> Summary:
    findings = [f for r in reports for f in r.findings]
    count = {level: sum(1 for f in findings if f.severity is level) for level in Severity}
    failing = Severity.warning.rank if strict else Severity.error.rank
    unreadable = sum(1 for r in reports if r.unreadable)
    if unreadable or source_problems or not reports:
        exit_code = 2
    elif any(f.severity.rank >= failing for f in findings):
        exit_code = 1
    else:
        exit_code = 0
    return Summary(len(reports), unreadable, count[Severity.error], count[Severity.warning],
                   count[Severity.info], exit_code)
