"""Native versus the workbook's own formulas, for one assessment: the agreement check.

Shared by the property tests, the seeded-bug tests and the LibreOffice oracle, so
each states *what* it checks and this module *how*: every field of the Result
(`jobzone.engine.core.result_agreement`) and every named result cell
(`jobzone.workbooks.named_results`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.result_agreement import result_differences
from jobzone.engine.core.ruleset import AIJRI_1, Ruleset
from jobzone.engine.recalc.evaluator import FormulaEvaluator
from jobzone.workbooks.builder import build_workbook
from jobzone.workbooks.named_results import compare_named, expected_named_values

GENERATED = Path("generated.xlsx")


def describe(a: Assessment) -> str:
    """The inputs that decide the score, short enough for a failure message."""
    tasks = ", ".join(f"{t.time_share}%x{t.score}" for t in a.tasks)
    return (f"tasks [{tasks}]; evidence {[r.score for r in a.evidence]}; "
            f"barriers {[r.score for r in a.barriers]}; growth {a.growth.score}; "
            f"principles {[r.score for r in a.principles]}; override {a.override}")


def disagreements(evaluator: FormulaEvaluator, a: Assessment, workbook: Any = None,
                  path: Path = GENERATED, rules: Ruleset = AIJRI_1) -> list[str]:
    """Every way the workbook's formulas disagree with native on `a` under `rules` (none:
    they agree)."""
    native = evaluate(a, rules)
    workbook = build_workbook(a, rules) if workbook is None else workbook
    got = evaluator.evaluate(path, workbook)
    problems = [f"finding {f.where}: {f.code} {f.message}" for f in got.errors]
    if not got.canonical:
        problems.append("the generated workbook's formulas are not the canonical ones")
    if got.result is None:
        problems.append("the workbook gave no result")
    else:
        problems += [str(d) for d in result_differences(native, got.result)]
    problems += [str(m) for m in compare_named(expected_named_values(native, rules), got.named)]
    return problems


def assert_agree(evaluator: FormulaEvaluator, a: Assessment, workbook: Any = None,
                 path: Path = GENERATED, rules: Ruleset = AIJRI_1) -> None:
    problems = disagreements(evaluator, a, workbook, path, rules)
    assert not problems, f"{describe(a)}\n  " + "\n  ".join(problems)
