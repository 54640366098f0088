"""Bounded fuzzing of the workbook-formula evaluator with generated hostile formulas.

Formulas are drawn from a small grammar of what hostile or broken workbooks hold:
whole-column and whole-sheet ranges, references to other sheets, names and files,
INDIRECT and OFFSET, text builders, errors, huge numbers, deep nesting, cycles.
They replace canonical formulas (the score's own chain) or land in spare cells,
and `jobzone check` evaluates them (`--formulas always`). The outcome must be a
result or located findings, within the per-case deadline and the memory budget;
the cases and the outcome mix are counted by `--hypothesis-show-statistics`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from jobzone.engine.check.options import FormulaMode
from jobzone.engine.check.pipeline import Checker, CheckOptions
from tests.deadline import deadline
from tests.hostile_corpus import EXAMPLE
from tests.memory_budget import peak_rss_grows_less_than

CASE_SECONDS = 120  # the formula limit (10 s by default) plus a cold compile on a busy machine
MEMORY_BUDGET_KB = 1024 * 1024
PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]
# Through `jobzone check`, each case compiles the whole canonical formula set again
# (seconds): few cases. Straight into the formula engine with small formula sets
# (a fraction of a second each): many.
FUZZ_CHECK = settings(phases=PHASES, max_examples=min(settings().max_examples, 12),
                      suppress_health_check=[HealthCheck.too_slow])
FUZZ_ENGINE = settings(phases=PHASES, max_examples=min(settings().max_examples, 120),
                       suppress_health_check=[HealthCheck.too_slow])

columns = st.sampled_from(["A", "B", "C", "D", "F", "Z", "XFD"])
rows = st.sampled_from(["1", "4", "9", "53", "54", "1048576"])
cell = st.builds(lambda c, r, a: f"{'$' if a else ''}{c}{r}", columns, rows, st.booleans())
sheet = st.sampled_from(["Tasks", "Score", "Rules", "Role", "'Notes'", "Missing"])
reference = st.one_of(
    cell,
    st.builds(lambda s, c: f"{s}!{c}", sheet, cell),
    st.builds(lambda a, b: f"{a}:{b}", cell, cell),
    st.sampled_from(["A:A", "1:1", "Tasks!A1:XFD1048576", "TaskShares", "TaskScores",
                     "WeightedSum", "Score", "NoSuchName", "'/tmp/[x.xlsx]Sheet1'!A1",
                     "[1]Sheet1!A1"]),
)
literal = st.one_of(
    st.integers(-10**6, 10**6).map(str),
    st.sampled_from(["1E+308", "-1E+308", "0", "0.1", "TRUE", "FALSE", '""', '"x"',
                     '"=1+1"', "#REF!", "#DIV/0!", "#N/A", "#VALUE!"]),
)
FUNCTIONS = ["SUM", "ROUND", "IF", "INDEX", "MATCH", "VLOOKUP", "REPT", "INDIRECT", "OFFSET",
             "SUMPRODUCT", "CHOOSE", "LEN", "TEXT", "CONCATENATE", "SUBSTITUTE", "MAX",
             "COUNTIF", "AND", "IFERROR", "ROW", "WEBSERVICE", "NOSUCHFUNCTION"]
OPERATORS = ["+", "-", "*", "/", "^", "&", "=", "<", ">=", ":"]


def expressions(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return st.one_of(reference, literal)
    inner = expressions(depth - 1)
    return st.one_of(
        reference, literal,
        st.builds(lambda f, args: f"{f}({','.join(args)})", st.sampled_from(FUNCTIONS),
                  st.lists(inner, min_size=0, max_size=3)),
        st.builds(lambda a, op, b: f"{a}{op}{b}", inner, st.sampled_from(OPERATORS), inner),
        st.builds(lambda a: f"({a})", inner),
        st.builds(lambda a: f"-{a}", inner),
    )


formulas = st.one_of(
    expressions(3).map(lambda text: "=" + text),
    st.integers(1, 400).map(lambda n: "=" + "(" * n + "1" + ")" * n),
    st.just("=B4"), st.just("=Score!B14+1"),  # cycles through the score chain
)
# Cells whose formulas the score depends on (Score B4.., Tasks weighted), and spare ones.
targets = st.sampled_from([("Score", f"B{row}") for row in range(4, 26)]
                          + [("Tasks", f"D{row}") for row in (4, 5, 6, 54)]
                          + [("Rules", "C30"), ("Notes", "D40"), ("Notes", "D41")])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-formulas")


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(CheckOptions(formulas=FormulaMode.always))  # one process-wide model cache


@pytest.fixture(autouse=True)
def memory_budget() -> Iterator[None]:
    with peak_rss_grows_less_than(MEMORY_BUDGET_KB):
        yield


@FUZZ_CHECK
@given(st.lists(st.tuples(targets, formulas), min_size=1, max_size=3))
def test_fuzz_workbook_formulas(scratch: Path, checker: Checker,
                                edits: list[tuple[tuple[str, str], str]]) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(EXAMPLE)
    for (sheet_name, ref), formula in edits:
        workbook[sheet_name][ref] = formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = scratch / "fuzzed.xlsx"
    path.write_bytes(buffer.getvalue())
    with deadline(CASE_SECONDS, "checking one workbook of fuzzed formulas"):
        report = checker.check(path)
    assert not [f for f in report.findings if f.code == "JZ000"], report.findings
    assert all(f.file == str(path) and f.code.startswith("JZ") for f in report.findings)
    codes = sorted({f.code for f in report.findings if f.code.startswith("JZ40")})
    event("evaluator: " + (",".join(codes) if codes else "no formula finding"))


small_sheets = ("S", "T")
small_cells = st.builds(lambda s, c, r: (s, f"{c}{r}"), st.sampled_from(small_sheets),
                        st.sampled_from("ABC"), st.integers(1, 4))


@FUZZ_ENGINE
@given(st.dictionaries(small_cells, formulas, min_size=1, max_size=6))
def test_fuzz_formula_engine(cells: dict[tuple[str, str], str]) -> None:
    """Formula sets straight into compile and evaluate: values or error values, nothing else."""
    from jobzone.engine.core.limits import Limits
    from jobzone.engine.recalc.budget import referenced_cells
    from jobzone.engine.recalc.compile import compile_formula_set
    from jobzone.engine.recalc.formula_set import FormulaSet

    formula_set = FormulaSet(small_sheets, tuple(sorted((s, r, f) for (s, r), f in cells.items())),
                             (("TaskShares", "S!$A$1:$A$4"),))
    if referenced_cells(formula_set) > Limits().max_cells:
        event("refused before compiling: too many cells (JZ407)")  # as FormulaEvaluator does
        return
    # the budget per example too, so a spike names the formula set that caused it
    with deadline(CASE_SECONDS, "compiling and evaluating one fuzzed formula set"), \
            peak_rss_grows_less_than(MEMORY_BUDGET_KB):
        model = compile_formula_set(formula_set)
        evaluated = model.evaluate([None] * len(model.inputs))
    for value in evaluated.values.values():
        assert value is None or isinstance(value, bool | int | float | str), value
        assert not isinstance(value, str) or len(value) <= 32_767
    event(f"{len(model.unparsed)} unreadable, {len(model.circular)} circular, "
          f"{len(evaluated.errors)} error values")
