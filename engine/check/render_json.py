"""The one JSON shape of a result and its findings, shared by every command.

`jobzone score`, `check`, `import` (its report) and `report` describe the same
things, so they use the same records: a finding (`finding_json`), a result with every
intermediate (`result_json`), and a file (`file_json`: its findings, its role and its
result). A document says which command made it and carries `schema_version`; the
published JSON Schema (`jobzone/schemas/output.schema.json`, `jobzone schema`) describes
all of them, and the tests validate every command's output against it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from jobzone.engine.check.outcome import Summary
from jobzone.engine.check.pipeline import FileReport
from jobzone.engine.core.findings import Finding
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.result import Result, result_to_json
from jobzone.engine.core.ruleset import AIJRI_1

# Raised when a record changes shape in a way a reader of the old one would misread.
SCHEMA_VERSION = 1


def finding_json(finding: Finding) -> dict[str, Any]:
    return {"code": finding.code, "severity": finding.severity.value, "file": finding.file,
            "sheet": finding.sheet, "cell": finding.cell, "message": finding.message,
            "fix": finding.fix}


def result_json(result: Result) -> dict[str, Any]:
    """Every intermediate of the result; `override_valid` is null when there is no
    override (the method gives no valid/invalid verdict for an override nobody made)."""
    data = result_to_json(result)
    if not result.override_valid and result.override_problem is None:
        data["override_valid"] = None
    return data


def role_json(assessment: Assessment | None) -> dict[str, Any] | None:
    if assessment is None:
        return None
    return {"job_title": assessment.role.job_title, "seniority": assessment.role.seniority}


def file_json(report: FileReport, ruleset: tuple[str, str, str]) -> dict[str, Any]:
    """`ruleset` (name, version, hash) names the ruleset of a file that was not scored;
    a scored file names the one it was scored under (each workbook's own)."""
    name, version, digest = report.ruleset or ruleset
    return {
        "file": report.file,
        "readable": not report.unreadable,
        "ruleset": name,
        "ruleset_version": version or None,
        "ruleset_hash": digest or None,
        "role": role_json(report.assessment),
        "findings": [finding_json(f) for f in report.findings],
        "result": result_json(report.result) if report.result is not None else None,
    }


def report_json(report: FileReport, ruleset: tuple[str, str, str] = AIJRI_1.identity
                ) -> dict[str, Any]:
    """One file's record (a line of `--format jsonl`)."""
    return file_json(report, ruleset)


def document(command: str, files: list[dict[str, Any]], summary: dict[str, Any],
             **extra: Any) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "command": command, **extra, "files": files,
            "summary": summary}


def render_json(reports: Sequence[FileReport], summary: Summary, command: str = "check",
                ruleset: tuple[str, str, str] = AIJRI_1.identity) -> str:
    body = document(command, [file_json(r, ruleset) for r in reports], summary.to_json())
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
