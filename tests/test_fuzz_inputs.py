"""Bounded fuzzing: mutated workbooks, write-ups and CSVs give a result or a clean error.

Each test draws real inputs (the example workbook, generated canonical workbooks,
the reference write-up), breaks them at one depth (bytes, zip/XML structure,
cells, lines) and drives them through the real entry points. The only allowed
outcomes are a result or located problems; any other exception, a run past the
per-case deadline, or memory growth past the budget fails the test, and
hypothesis shrinks it to the few edits that cause it (which then become a
regression fixture under tests/fixtures/hostile/). `pytest
--hypothesis-show-statistics` prints the number of cases and the outcome mix.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import Phase, event, given, settings
from hypothesis import strategies as st

from jobzone.engine.api import score_file
from jobzone.engine.check.options import FormulaMode
from jobzone.engine.check.pipeline import Checker, CheckOptions
from jobzone.engine.core.errors import WorkbookError
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.workbooks.legacy.writeup import parse_writeup
from tests.deadline import deadline
from tests.hostile_corpus import WRITEUP, example_bytes
from tests.memory_budget import peak_rss_grows_less_than
from tests.mutations import (
    Edit,
    apply_byte_edits,
    apply_cell_edits,
    apply_line_edits,
    apply_xml_edits,
    byte_edits,
    cell_edits,
    line_edits,
    line_endings,
    xml_edits,
)
from tests.strategies import assessments

CASE_SECONDS = 15
MEMORY_BUDGET_KB = 1024 * 1024  # growth of this process's peak RSS over one fuzz test
EXAMPLE = example_bytes()
# No "explain" phase: it re-runs a failure hundreds of times to annotate it, minutes here.
# At most 400 cases per test even in CI's thorough profile: the whole fuzz stays ~3 min.
FUZZ = settings(phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
                max_examples=min(settings().max_examples, 400))
WRITEUP_TEXT = WRITEUP.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(autouse=True)
def memory_budget() -> Iterator[None]:
    with peak_rss_grows_less_than(MEMORY_BUDGET_KB):
        yield


def generated_workbook(assessment: object) -> bytes:
    from jobzone.workbooks.builder import build_workbook

    out = io.BytesIO()
    build_workbook(assessment, AIJRI_1).save(out)  # type: ignore[arg-type]
    return out.getvalue()


def workbook_outcomes(data: bytes, scratch: Path,
                      formulas: FormulaMode = FormulaMode.auto) -> None:
    """Score and check the bytes as a workbook; record each outcome as a hypothesis event.

    `formulas`: whether check evaluates the workbook's own formulas; the cell edits put
    formulas everywhere, and compiling each new formula set costs a second, so that
    test leaves formulas to tests/test_fuzz_formulas.py.
    """
    path = scratch / "fuzzed.xlsx"
    path.write_bytes(data)
    with deadline(CASE_SECONDS, "scoring one fuzzed workbook"):
        scored = score_file(path, AIJRI_1)
    if scored.result is not None:
        assert not scored.problems
        event("score: result")
    else:
        assert scored.problems, "no result and no problem"
        for problem in scored.problems:
            assert isinstance(problem, WorkbookError) and problem.code.startswith("JZ")
            assert problem.location.file == str(path)
        event("score: problems " + ",".join(sorted({p.code for p in scored.problems})))
    with deadline(CASE_SECONDS, "checking one fuzzed workbook"):
        report = Checker(CheckOptions(formulas=formulas)).check(path)
    assert not [f for f in report.findings if f.code == "JZ000"], report.findings  # a crash
    assert all(f.file == str(path) and f.code.startswith("JZ") for f in report.findings)
    errors = any(f.severity == "error" for f in report.findings)
    event(f"check: exit {2 if report.unreadable else 1 if errors else 0}")


# A workbook to break: the example, or a generated canonical one (built from a valid
# assessment, so the edits start from a file jobzone scores).
base_workbooks = st.one_of(st.just(None), assessments(max_tasks=12))


def base_bytes(assessment: object) -> bytes:
    return EXAMPLE if assessment is None else generated_workbook(assessment)


@FUZZ
@given(base_workbooks, byte_edits)
def test_fuzz_workbook_bytes(scratch: Path, base: object, edits: list[Edit]) -> None:
    workbook_outcomes(apply_byte_edits(base_bytes(base), edits), scratch)


@FUZZ
@given(xml_edits)
def test_fuzz_workbook_xml(scratch: Path, edits: list[Edit]) -> None:
    workbook_outcomes(apply_xml_edits(EXAMPLE, edits), scratch)


@FUZZ
@given(base_workbooks, cell_edits)
def test_fuzz_workbook_cells(scratch: Path, base: object, edits: list[Edit]) -> None:
    workbook_outcomes(apply_cell_edits(base_bytes(base), edits), scratch, FormulaMode.never)


@FUZZ
@given(line_edits, line_endings)
def test_fuzz_writeup_lines(edits: list[Edit], ending: str) -> None:
    text = apply_line_edits(WRITEUP_TEXT, edits, ending)
    with deadline(CASE_SECONDS, "parsing one fuzzed write-up"):
        try:
            parse_writeup(text, "fuzzed.txt")
            event("result")
        except WorkbookError as error:
            assert error.location.file == "fuzzed.txt"
            event(f"error {error.code}")
