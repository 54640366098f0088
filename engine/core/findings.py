"""Findings: the one currency of checks, imports and reports.

A finding is a stable code, a severity, a location (file, sheet, cell), a message
and, where one exists, a fix hint. Every stage returns findings rather than
printing; renderers (text, JSON, SARIF, reports) are separate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from jobzone.engine.core.errors import WorkbookError


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    file: str
    sheet: str | None = None
    cell: str | None = None
    fix: str | None = None

    @property
    def where(self) -> str:
        """`file:Sheet!C7`, the form editors and terminals link to."""
        text = self.file
        if self.sheet:
            text += f":{self.sheet}"
            if self.cell:
                text += f"!{self.cell}"
        return text

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass(frozen=True)
class Rule:
    """The definition of a finding code: what `jobzone rules` lists and SARIF describes.

    Each check declares its rules beside its code, so a code's meaning is found
    where it is raised; `finding` stamps the rule's severity and fix hint on it.
    """

    code: str
    severity: Severity
    title: str
    explanation: str = ""
    fix: str | None = None

    def finding(self, file: str, sheet: str | None = None, cell: str | None = None,
                message: str | None = None, fix: str | None = None) -> Finding:
        return Finding(self.code, self.severity, message or self.title, file, sheet, cell,
                       fix if fix is not None else self.fix)


def from_error(error: WorkbookError, severity: Severity = Severity.error) -> Finding:
    loc = error.location
    return Finding(error.code, severity, error.message, loc.file, loc.sheet, loc.cell)


def worst(findings: Iterable[Finding]) -> Severity | None:
    ranked = sorted(findings, key=lambda f: f.severity.rank, reverse=True)
    return ranked[0].severity if ranked else None
