"""Every crash the fuzzer found, replayed: each is now a clean, located problem.

The fixtures are recipes, not binaries: a base input (the example workbook or the
reference write-up) and the exact edits hypothesis shrank the crash to, applied
with the same functions the fuzzer uses. `expect` is the code the input must now
give (or "result" when it must score).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from engine.ruleset import AIJRI_1
from engine.scoring import score_file
from tests.deadline import deadline
from tests.hostile_corpus import WRITEUP, example_bytes
from tests.mutations import apply_byte_edits, apply_cell_edits, apply_line_edits, apply_xml_edits
from workbooks.errors import WorkbookError
from workbooks.writeup import parse_writeup

FIXTURES = Path(__file__).parent / "fixtures" / "hostile" / "regressions.json"
REGRESSIONS: list[dict[str, Any]] = json.loads(FIXTURES.read_text(encoding="utf-8"))
APPLY = {"bytes": apply_byte_edits, "xml": apply_xml_edits, "cells": apply_cell_edits}


def _edits(raw: list[list[Any]]) -> list[tuple[Any, ...]]:
    """JSON has no bytes: a payload written as {"hex": "..."} becomes bytes again."""
    return [tuple(bytes.fromhex(v["hex"]) if isinstance(v, dict) else v for v in edit)
            for edit in raw]


@pytest.mark.parametrize("case", REGRESSIONS, ids=lambda case: case["name"])
def test_fuzzer_finding_stays_fixed(case: dict[str, Any], tmp_path: Path) -> None:
    edits = _edits(case["edits"])
    with deadline(20, case["name"]):
        if case["depth"] == "lines":
            text = apply_line_edits(WRITEUP.read_text(encoding="utf-8"), edits,
                                    case.get("ending", ""))
            try:
                parse_writeup(text, "regression.txt")
                outcome = "result"
            except WorkbookError as error:
                outcome = error.code
        else:
            path = tmp_path / "regression.xlsx"
            path.write_bytes(APPLY[case["depth"]](example_bytes(), edits))
            scored = score_file(path, AIJRI_1)
            outcome = "result" if scored.result else sorted({p.code for p in scored.problems})[0]
    assert outcome == case["expect"], case["crash"]
