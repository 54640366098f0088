"""What a run of checks adds up to: counts per severity and the exit status.

Exit 0: nothing at the failing severity. 1: a finding at the failing severity
(errors; with --strict, warnings too). 2: something could not be checked at all
(an unreadable file, a path or pattern that names no workbook).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from jobzone.engine.check.codes import selected
from jobzone.engine.check.pipeline import FileReport
from jobzone.engine.core.findings import Severity


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


@dataclass
class Tally:
    """A run's counts, one report at a time: a bulk check adds each report and keeps none."""

    files: int = 0
    unreadable: int = 0
    count: dict[Severity, int] = field(default_factory=lambda: dict.fromkeys(Severity, 0))

    def add(self, report: FileReport) -> None:
        self.files += 1
        self.unreadable += report.unreadable
        for finding in report.findings:
            self.count[finding.severity] += 1

    def summary(self, strict: bool = False, source_problems: int = 0) -> Summary:
        failing = Severity.warning.rank if strict else Severity.error.rank
        if self.unreadable or source_problems or not self.files:
            exit_code = 2
        elif any(n and level.rank >= failing for level, n in self.count.items()):
            exit_code = 1
        else:
            exit_code = 0
        return Summary(self.files, self.unreadable, self.count[Severity.error],
                       self.count[Severity.warning], self.count[Severity.info], exit_code)


def summarize(reports: Sequence[FileReport], strict: bool = False,
              source_problems: int = 0) -> Summary:
    tally = Tally()
    for report in reports:
        tally.add(report)
    return tally.summary(strict, source_problems)
