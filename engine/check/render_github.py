"""Findings as GitHub Actions workflow commands (`--output-format github`).

A run's log turns each line into an annotation on the file in the pull request, as
ruff's `--output-format github` does: `::error file=...,title=...::message`. A
workbook has no text lines, so the title carries the code and the cell
(`JZ204 Tasks!C4`), which is what a reviewer needs to find it. Values are escaped
as the runner's toolkit does (`%`, CR and LF everywhere; `:` and `,` in properties).
"""

from __future__ import annotations

from collections.abc import Sequence

from jobzone.engine.check.pipeline import FileReport
from jobzone.engine.core.findings import Finding, Severity

LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    place = f"{finding.sheet}!{finding.cell}" if finding.sheet and finding.cell else (
        finding.sheet or "")
    title = f"{finding.code} {place}".strip()
    return (f"::{LEVEL[finding.severity]} file={_property(finding.file)},"
            f"title={_property(title)}::{_data(finding.message)}")


def render_github(reports: Sequence[FileReport]) -> str:
    return "".join(annotation(f) + "\n" for r in reports for f in r.findings)
