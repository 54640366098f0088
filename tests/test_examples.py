"""The bundled example is exactly what the builder makes from the reference write-up."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from examples.build_examples import build_reference
from jobzone.workbooks.reader import read_assessment
from tests.conftest import REFERENCE_WORKBOOK


def _content(path: Path) -> dict[str, object]:
    wb = openpyxl.load_workbook(path)
    cells = {(ws.title, c.coordinate): (c.value, c.number_format, c.protection.locked)
             for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.value is not None}
    names = {name: dn.attr_text for name, dn in wb.defined_names.items()}
    validations = {ws.title: sorted(str(dv.sqref) for dv in ws.data_validations.dataValidation)
                   for ws in wb.worksheets}
    return {"cells": cells, "names": names, "validations": validations}


def test_example_is_in_sync_with_the_builder(tmp_path: Path) -> None:
    rebuilt = tmp_path / "llmops-engineer.xlsx"
    build_reference(rebuilt)
    assert _content(rebuilt) == _content(REFERENCE_WORKBOOK), (
        "examples/llmops-engineer.xlsx is stale: run python examples/build_examples.py")
    assert read_assessment(rebuilt) == read_assessment(REFERENCE_WORKBOOK)


def test_example_text_is_the_published_reference() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "reference" / "llmops-engineer.txt"
    bundled = REFERENCE_WORKBOOK.with_suffix(".txt")
    if shared.exists():
        assert bundled.read_bytes() == shared.read_bytes()
