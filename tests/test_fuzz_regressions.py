"""Every crash the fuzzer found, replayed: each is now a clean, located problem.

The fixtures are recipes, not binaries: a base input (the example workbook or the
reference write-up) and the exact edits hypothesis shrank the crash to, applied
with the same functions the fuzzer uses. `expect` is the code the input must now
give (or "result" when it must score).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest

from jobzone.engine.api import score_file
from jobzone.engine.core.errors import WorkbookError
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.importer.job import ReadJob, SourceFile, _read, aliases_for, read_source
from jobzone.workbooks.legacy.writeup import parse_writeup
from tests.deadline import deadline
from tests.hostile_corpus import CASES, ROOT, WRITEUP, example_bytes
from tests.hostile_legacy import csv_assessment
from tests.mutations import apply_byte_edits, apply_cell_edits, apply_line_edits, apply_xml_edits

FIXTURES = Path(__file__).parent / "fixtures" / "hostile" / "regressions.json"
REGRESSIONS: list[dict[str, Any]] = json.loads(FIXTURES.read_text(encoding="utf-8"))
APPLY = {"bytes": apply_byte_edits, "xml": apply_xml_edits, "cells": apply_cell_edits}


def _edits(raw: list[list[Any]]) -> list[tuple[Any, ...]]:
    """JSON has no bytes: a payload written as {"hex": "..."} becomes bytes again."""
    return [tuple(bytes.fromhex(v["hex"]) if isinstance(v, dict) else v for v in edit)
            for edit in raw]


def _base(name: str) -> bytes:
    """The input a recipe starts from: the example workbook, the write-up, a corpus case."""
    if name == "example":
        return example_bytes()
    if name == "writeup":
        return WRITEUP.read_bytes()
    if name == "csv":
        return csv_assessment()
    if name.startswith("legacy/"):
        return (ROOT / "examples" / name).read_bytes()
    return next(case for case in CASES if case.name == name).build()


def _score_outcome(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "regression.xlsx"
    path.write_bytes(data)
    scored = score_file(path, AIJRI_1)
    return "result" if scored.result else sorted({p.code for p in scored.problems})[0]


def _import_outcome(data: bytes, kind: str, name: str) -> str:
    """Through import's reader: only a located WorkbookError may escape the reading step."""
    job = ReadJob(name, kind, (SourceFile(name, data),))
    with contextlib.suppress(WorkbookError):
        _read(job, aliases_for(None))
    outcome = read_source(job)
    errors = sorted({f.code for f in outcome.findings if f.severity == "error"})
    return "imported" if not outcome.failed else "failed " + ",".join(errors)


@pytest.mark.parametrize("case", REGRESSIONS, ids=lambda case: case["name"])
def test_fuzzer_finding_stays_fixed(case: dict[str, Any], tmp_path: Path) -> None:
    edits = _edits(case["edits"])
    base = _base(case["base"])
    with deadline(20, case["name"]):
        if case.get("entry") == "import":
            kind = "csv" if case["base"].startswith("csv") else "spreadsheet"
            suffix = "csv" if kind == "csv" else case["base"].rsplit(".", 1)[-1]
            data = APPLY[case["depth"]](base, edits) if edits else base
            outcome = _import_outcome(data, kind, f"regression.{suffix}")
        elif case["depth"] == "lines":
            text = apply_line_edits(base.decode("utf-8"), edits, case.get("ending", ""))
            try:
                parse_writeup(text, "regression.txt")
                outcome = "result"
            except WorkbookError as error:
                outcome = error.code
        else:
            outcome = _score_outcome(APPLY[case["depth"]](base, edits), tmp_path)
    assert outcome == case["expect"], case["crash"]
