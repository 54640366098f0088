"""Findings as SARIF 2.1.0, for code-scanning tools.

A workbook has no lines: each result's physical location is the file, and its
logical location is the cell (`Tasks!C7`). Each code the run uses is a rule of
the tool's driver, with its title, explanation and fix, so a viewer can explain
a result without jobzone at hand.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from jobzone.engine.check.codes import all_rules
from jobzone.engine.check.pipeline import FileReport
from jobzone.engine.core.findings import Finding, Rule, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jobzone")
    except PackageNotFoundError:
        return "0+unknown"


def artifact_uri(file: str) -> str:
    """A relative path stays relative (SARIF viewers resolve it against the checkout)."""
    path = PurePath(file)
    if path.is_absolute():
        return Path(file).as_uri()
    return quote(path.as_posix())


def _rule(rule: Rule) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": "".join(word.capitalize() for word in
                        "".join(c if c.isalnum() else " " for c in rule.title).split()),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.explanation or rule.title},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
    }
    if rule.fix:
        descriptor["help"] = {"text": rule.fix}
    return descriptor


FINGERPRINT = "jobzoneFinding/v1"


def _column(cell: str | None) -> str:
    return "".join(c for c in cell or "" if c.isalpha())


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """A key per finding that survives an inserted or deleted row: the assessment (its
    file), the code, the sheet, the column and the message, never the row number; the
    n-th finding with the same key gets `:n`, so two alike stay apart. GitHub code
    scanning matches alerts across runs by `partialFingerprints`, so an alert keeps its
    history when rows above it move."""
    seen: dict[str, int] = {}
    keys = []
    for f in findings:
        text = "\x1f".join((PurePath(f.file).as_posix(), f.code, f.sheet or "",
                             _column(f.cell), f.message))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
        seen[digest] = seen.get(digest, 0) + 1
        keys.append(f"{digest}:{seen[digest]}")
    return keys


def provenance(report: FileReport) -> dict[str, Any]:
    """The ruleset a scored file was scored under, and its score, as SARIF properties."""
    if report.ruleset is None:
        return {}
    name, version, digest = report.ruleset
    found: dict[str, Any] = {"ruleset": name, "rulesetVersion": version or None,
                             "rulesetHash": digest or None}
    if report.result is not None:
        found["score"] = float(report.result.score)
        found["subLabel"] = report.result.sub_label
    return found


def _artifact(report: FileReport) -> dict[str, Any]:
    artifact: dict[str, Any] = {"location": {"uri": artifact_uri(report.file)}}
    if report.ruleset is not None:
        artifact["properties"] = provenance(report)
    return artifact


def _result(finding: Finding, index: dict[str, int], fingerprint: str,
            report: FileReport | None = None) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": {"uri": artifact_uri(finding.file)}}}
    if finding.sheet:
        name = f"{finding.sheet}!{finding.cell}" if finding.cell else finding.sheet
        location["logicalLocations"] = [{
            "name": finding.cell or finding.sheet,
            "fullyQualifiedName": name,
            "kind": "element" if finding.cell else "namespace",
        }]
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT: fingerprint},
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    properties = {"fix": finding.fix} if finding.fix else {}  # SARIF `fixes` need byte edits
    if report is not None and report.ruleset is not None:
        properties.update(provenance(report))
    if properties:
        result["properties"] = properties
    return result


def render_sarif(reports: Sequence[FileReport]) -> str:
    """The run's results, and as the driver's rules the codes they use, in code order."""
    used = {f.code for r in reports for f in r.findings}
    rules = [rule for code, rule in all_rules().items() if code in used]
    index = {rule.code: i for i, rule in enumerate(rules)}
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "jobzone",
                "version": _version(),
                "rules": [_rule(rule) for rule in rules],
            }},
            "artifacts": [_artifact(r) for r in reports],
            "results": [_result(f, index, key, r) for r in reports
                        for f, key in zip(r.findings, fingerprints(r.findings), strict=True)],
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
