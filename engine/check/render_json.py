"""Findings as one JSON object for pipelines: `files` (findings and result) and `summary`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from jobzone.engine.check.outcome import Summary
from jobzone.engine.check.pipeline import FileReport
from jobzone.engine.core.findings import Finding
from jobzone.engine.core.result import result_to_json


def finding_json(finding: Finding) -> dict[str, Any]:
    return {"code": finding.code, "severity": finding.severity.value, "sheet": finding.sheet,
            "cell": finding.cell, "message": finding.message, "fix": finding.fix}


def report_json(report: FileReport) -> dict[str, Any]:
    return {
        "file": report.file,
        "findings": [finding_json(f) for f in report.findings],
        "result": result_to_json(report.result) if report.result is not None else None,
    }


def render_json(reports: Sequence[FileReport], summary: Summary) -> str:
    document = {"files": [report_json(r) for r in reports], "summary": summary.to_json()}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
