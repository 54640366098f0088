"""The template-patched package is the builder's workbook: the law import's speed rests on.

`jobzone import` writes each assessment by splicing its inputs into the package the
builder wrote once (`jobzone.workbooks.template_package`), its formula values from the
shared compiled model (`jobzone.engine.recalc.template_package`). For any assessment:

- without formula-like text, the bytes are the builder's own (`build_workbook`, saved
  with its values cached by `saved_with_values`, dated as the template is);
- with it (the builder quote-prefixes such text), read back with openpyxl, every cell
  of every sheet holds the same value, formula and style attributes, and the names and
  validation are the same;
- `jobzone check` finds in it what it finds in the builder's workbook (the strategy's
  assessments include ones the method rejects, such as an override without a reason);
- the same assessment gives the same bytes in another process (nothing depends on
  the clock or on the process).
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobzone.engine.check.pipeline import Checker
from jobzone.engine.core.model import Assessment, NarrativeSection
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.core.text_safety import is_formula_like
from jobzone.engine.importer.job import build_output
from jobzone.engine.recalc.cached import saved_with_values
from jobzone.engine.recalc.template_package import template_package
from jobzone.workbooks.builder import build_workbook
from jobzone.workbooks.input_cells import input_cells
from jobzone.workbooks.template_package import dated
from tests.strategies import assessments

STYLE_ATTRIBUTES = ("font", "fill", "border", "alignment", "number_format", "protection",
                    "quotePrefix")
LAW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def builders(assessment: Assessment) -> bytes:
    return dated(saved_with_values(build_workbook(assessment, AIJRI_1), "law.xlsx"))


def _cells(workbook: Any) -> dict[tuple[str, str], tuple[Any, ...]]:
    return {(ws.title, cell.coordinate): (cell.value, cell.data_type,
                                          *(repr(getattr(cell, a)) for a in STYLE_ATTRIBUTES))
            for ws in workbook.worksheets for row in ws.iter_rows() for cell in row}


def _workbook_parts(workbook: Any) -> tuple[Any, ...]:
    names = sorted((n, str(d.attr_text)) for n, d in workbook.defined_names.items())
    validation = [(ws.title, sorted(repr(dv) for dv in ws.data_validations.dataValidation))
                  for ws in workbook.worksheets]
    return tuple(workbook.sheetnames), names, validation


def assert_same_workbook(ours: bytes, theirs: bytes) -> None:
    for data_only in (False, True):  # formulas and styles, then the cached values
        mine = openpyxl.load_workbook(io.BytesIO(ours), data_only=data_only)
        builder = openpyxl.load_workbook(io.BytesIO(theirs), data_only=data_only)
        assert _cells(mine) == _cells(builder)
        assert _workbook_parts(mine) == _workbook_parts(builder)


def _quoted(assessment: Assessment) -> bool:
    return any(isinstance(v, str) and is_formula_like(v) for _, _, v in input_cells(assessment))


@LAW
@given(assessments(max_tasks=12))
def test_the_patched_package_is_the_builders_workbook(assessment: Assessment) -> None:
    ours = template_package(assessment, AIJRI_1, "law.xlsx")
    assert ours is not None
    theirs = builders(assessment)
    if not _quoted(assessment):
        assert ours == theirs
    assert_same_workbook(ours, theirs)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assessments(max_tasks=8))
def test_jobzone_check_finds_in_an_import_output_what_it_finds_in_the_builders(
        assessment: Assessment) -> None:
    ours = template_package(assessment, AIJRI_1, "law.xlsx")
    assert ours is not None
    checker = Checker()
    found = checker.check_bytes(ours, "law.xlsx").findings
    assert found == checker.check_bytes(builders(assessment), "law.xlsx").findings


def test_formula_like_text_gets_the_builders_quote_prefix(reference: Assessment) -> None:
    import dataclasses

    case = dataclasses.replace(reference, narrative=(
        NarrativeSection("=SUM(A1)", "- a bullet"), NarrativeSection("plain", "+1")))
    ours = template_package(case, AIJRI_1, "law.xlsx")
    assert ours is not None
    assert_same_workbook(ours, builders(case))
    notes = openpyxl.load_workbook(io.BytesIO(ours))["Notes"]
    assert notes["A4"].quotePrefix and notes["B4"].quotePrefix and not notes["A5"].quotePrefix


def test_text_the_builder_refuses_is_left_to_the_builder(reference: Assessment) -> None:
    import dataclasses

    case = dataclasses.replace(reference, narrative=(NarrativeSection("bell", "a\x07b"),))
    assert template_package(case, AIJRI_1, "law.xlsx") is None
    built = build_output(case, "bell.txt")
    assert built.failed and "control characters" in built.findings[0].message
    short = dataclasses.replace(reference, barriers=reference.barriers[:4])
    assert template_package(short, AIJRI_1, "law.xlsx") is None
    built = build_output(short, "short.txt")
    assert built.failed and "exactly 5 rows" in built.findings[0].message


@given(st.just(None))
@settings(max_examples=1, deadline=None)
def test_the_same_assessment_gives_the_same_bytes_in_another_process(_: None) -> None:
    script = (
        "import hashlib; from pathlib import Path;"
        "from jobzone.workbooks.legacy.writeup import parse_writeup;"
        "from jobzone.engine.importer.job import build_output;"
        "a = parse_writeup(Path('examples/llmops-engineer.txt').read_text()).assessment;"
        "print(hashlib.sha256(build_output(a, 'x').data).hexdigest())")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True,
                          text=True, check=True)
    from jobzone.workbooks.legacy.writeup import parse_writeup

    here = parse_writeup((root / "examples" / "llmops-engineer.txt").read_text()).assessment
    assert done.stdout.strip() == hashlib.sha256(build_output(here, "x").data).hexdigest()
