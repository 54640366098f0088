"""LibreOffice, the workbook's formulas (via `formulas`) and native agree on generated workbooks.

A few hundred assessments (300 under HYPOTHESIS_PROFILE=ci, 40 otherwise) drawn
deterministically from the shared strategies, edges included, are written as
canonical workbooks and recalculated by LibreOffice in one `soffice` batch; every
named result LibreOffice computed must equal native, and so must what jobzone's
formula evaluator computes from the LibreOffice-saved file (which also proves a
LibreOffice-saved workbook still counts as canonical). A failure names the
assessment's inputs.
"""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.recalc.evaluator import FormulaEvaluator
from jobzone.workbooks.builder import save_workbook
from jobzone.workbooks.named_results import compare_named, expected_named_values, read_named_values
from tests.agreement import describe
from tests.libreoffice import recalculate
from tests.strategies import assessments, edge_assessments

WORKBOOKS = 300 if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else 40


def generated(count: int) -> list[Assessment]:
    """`count` distinct assessments, the same on every run (derandomized hypothesis draws)."""
    found: dict[str, Assessment] = {}

    @settings(max_examples=count * 3, database=None, derandomize=True, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(st.one_of(assessments(max_tasks=20), edge_assessments()))
    def collect(a: Assessment) -> None:
        if len(found) < count:
            found.setdefault(repr(a), a)

    collect()
    return list(found.values())


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_formulas_and_native_agree(tmp_path: Path,
                                               formula_evaluator: FormulaEvaluator) -> None:
    cases = generated(WORKBOOKS)
    assert len(cases) >= WORKBOOKS * 0.9
    inputs = []
    for index, case in enumerate(cases):
        path = tmp_path / "in" / f"case-{index:04d}.xlsx"
        path.parent.mkdir(exist_ok=True)
        save_workbook(case, AIJRI_1, path)
        inputs.append(path)
    outputs = recalculate(inputs, tmp_path / "out", timeout=1800)
    failures = []
    for case, saved in zip(cases, outputs, strict=True):
        expected = expected_named_values(evaluate(case, AIJRI_1), AIJRI_1)
        by_libreoffice = read_named_values(openpyxl.load_workbook(saved, data_only=True))
        by_formulas = formula_evaluator.evaluate(saved)
        problems = [f"LibreOffice {m}" for m in compare_named(expected, by_libreoffice)]
        problems += [f"formulas {m}" for m in compare_named(expected, by_formulas.named)]
        problems += [f"formulas finding {f.where}: {f.message}" for f in by_formulas.errors]
        if not by_formulas.canonical:
            problems.append("the LibreOffice-saved workbook is not recognised as canonical")
        if problems:
            failures.append(f"{saved.name}: {describe(case)}\n    " + "\n    ".join(problems))
    assert not failures, f"{len(failures)} of {len(cases)} disagree:\n" + "\n".join(failures[:20])
