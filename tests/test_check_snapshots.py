"""Snapshots of `jobzone check` in its three formats, and the SARIF 2.1.0 shape.

The inputs are generated (the example, two tampered copies, an empty file) and
checked by relative path, so the output is the same on every machine. When an
output change is intended, rewrite the snapshots and review the diff:

    JOBZONE_UPDATE_SNAPSHOTS=1 python -m pytest -q tests/test_check_snapshots.py
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jobzone.engine.cli.app import build_app
from jobzone.engine.core.ruleset import AIJRI_1
from tests.conftest import REFERENCE_WORKBOOK
from tests.tampering import TAMPERS, tampered_copy

SNAPSHOTS = Path(__file__).with_name("snapshots")
UPDATE = os.environ.get("JOBZONE_UPDATE_SNAPSHOTS") == "1"
FILES = ("example.xlsx", "task-score-7.xlsx", "typed-score.xlsx", "empty.xlsx")


@pytest.fixture()
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    # compiling the typed-score workbook's formulas must not hit the time limit on a busy
    # machine (a JZ406 finding would change the snapshot)
    monkeypatch.setenv("JOBZONE_FORMULA_SECONDS", "600")
    shutil.copyfile(REFERENCE_WORKBOOK, tmp_path / "example.xlsx")
    for tamper in TAMPERS:
        if tamper.name in ("task-score-7", "typed-score"):
            tampered_copy(tamper, tmp_path)
    (tmp_path / "empty.xlsx").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    return list(FILES)


def output(fmt: str, files: list[str]) -> str:
    done = CliRunner().invoke(build_app(), ["check", "--format", fmt, *files])
    assert done.exit_code == 2  # the empty file could not be checked
    return done.stdout


def matches_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}; run with JOBZONE_UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed; if intended, JOBZONE_UPDATE_SNAPSHOTS=1 and review the diff")


@pytest.mark.parametrize(("fmt", "name"), [
    ("text", "check.txt"), ("json", "check.json"), ("sarif", "check.sarif"),
    ("github", "check.github"),
])
def test_output_matches_its_snapshot(inputs: list[str], fmt: str, name: str) -> None:
    matches_snapshot(name, output(fmt, inputs))


# Required properties of the SARIF 2.1.0 objects jobzone writes (sarif-schema-2.1.0.json).
REQUIRED = {
    "sarifLog": ("version", "runs"), "run": ("tool",), "tool": ("driver",),
    "toolComponent": ("name",), "reportingDescriptor": ("id",), "result": ("message",),
    "multiformatMessageString": ("text",),
}
LEVELS = {"none", "note", "warning", "error"}


def sarif_problems(log: dict[str, Any]) -> list[str]:
    """Every way `log` breaks the 2.1.0 schema's required properties, enums and references."""
    problems: list[str] = []

    def need(kind: str, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            problems.append(f"{where}: {kind} is not an object")
            return
        problems.extend(f"{where}: {kind} lacks {key}" for key in REQUIRED[kind]
                        if key not in value)

    need("sarifLog", log, "$")
    if log.get("version") != "2.1.0":
        problems.append("$.version is not 2.1.0")
    for r, run in enumerate(log.get("runs", [])):
        need("run", run, f"runs[{r}]")
        need("tool", run.get("tool"), f"runs[{r}].tool")
        driver = run.get("tool", {}).get("driver")
        need("toolComponent", driver, f"runs[{r}].tool.driver")
        rules = (driver or {}).get("rules", [])
        for i, rule in enumerate(rules):
            where = f"runs[{r}].tool.driver.rules[{i}]"
            need("reportingDescriptor", rule, where)
            for key in ("shortDescription", "fullDescription", "help"):
                if key in rule:
                    need("multiformatMessageString", rule[key], f"{where}.{key}")
            level = rule.get("defaultConfiguration", {}).get("level", "warning")
            if level not in LEVELS:
                problems.append(f"{where}: level {level!r}")
        for i, result in enumerate(run.get("results", [])):
            where = f"runs[{r}].results[{i}]"
            need("result", result, where)
            message = result.get("message", {})
            if not ("text" in message or "id" in message):
                problems.append(f"{where}.message has neither text nor id")
            if result.get("level", "warning") not in LEVELS:
                problems.append(f"{where}: level {result.get('level')!r}")
            index = result.get("ruleIndex")
            if index is not None and rules[index].get("id") != result.get("ruleId"):
                problems.append(f"{where}: ruleIndex {index} is not rule {result.get('ruleId')}")
            for location in result.get("locations", []):
                physical = location.get("physicalLocation")
                if physical is not None and not ("artifactLocation" in physical
                                                 or "address" in physical):
                    problems.append(f"{where}: physicalLocation without artifactLocation")
    return problems


def test_sarif_has_the_required_properties(inputs: list[str]) -> None:
    log = json.loads(output("sarif", inputs))
    assert sarif_problems(log) == []
    results = log["runs"][0]["results"]
    score_7 = [r for r in results if r["ruleId"] == "JZ204"]
    assert score_7 == [{
        "ruleId": "JZ204", "level": "error",
        "message": {"text": "task score outside 1..5 (found 7)"},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": "task-score-7.xlsx"}},
            "logicalLocations": [{"name": "C4", "fullyQualifiedName": "Tasks!C4",
                                  "kind": "element"}]}],
        "ruleIndex": score_7[0]["ruleIndex"],
        "properties": {"fix": "choose a score on the scale (the drop-down lists it)",
                       "ruleset": "aijri-1",
                       "rulesetVersion": "1.0", "rulesetHash": AIJRI_1.digest},
        "partialFingerprints": score_7[0]["partialFingerprints"],
    }]
    keys = [r["partialFingerprints"]["jobzoneFinding/v1"] for r in results]
    assert len(set(keys)) == len(keys)  # every alert its own key


def test_the_shape_check_catches_broken_logs() -> None:
    broken = {"version": "2.0", "runs": [{"tool": {"driver": {"rules": [{"name": "x"}]}},
                                          "results": [{"ruleId": "JZ1", "ruleIndex": 0,
                                                       "level": "fatal", "message": {}}]}]}
    assert sarif_problems(broken) == [
        "$.version is not 2.1.0",
        "runs[0].tool.driver: toolComponent lacks name",
        "runs[0].tool.driver.rules[0]: reportingDescriptor lacks id",
        "runs[0].results[0].message has neither text nor id",
        "runs[0].results[0]: level 'fatal'",
        "runs[0].results[0]: ruleIndex 0 is not rule JZ1",
    ]


def test_json_has_files_findings_results_and_a_summary(inputs: list[str]) -> None:
    document = json.loads(output("json", inputs))
    assert [f["file"] for f in document["files"]] == list(FILES)
    first = document["files"][0]
    assert set(document) == {"schema_version", "command", "files", "summary"}
    assert (document["schema_version"], document["command"]) == (1, "check")
    assert set(first) == {"file", "readable", "ruleset", "ruleset_version", "ruleset_hash",
                          "role", "findings", "result"}
    assert set(first["findings"][0]) >= {"code", "severity", "file", "sheet", "cell",
                                         "message"}
    assert document["summary"] == {"files": 4, "unreadable": 1, "errors": 6, "warnings": 0,
                                   "infos": 4, "exit_code": 2}
