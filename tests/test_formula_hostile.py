"""Hostile formulas against the workbook-formula evaluator: no file opened, no hang, no crash.

A workbook's own formulas are evaluated with `formulas`, which would open any
workbook a reference names. Every spelling of such a reference (relative,
absolute, INDIRECT, a defined name) must leave the named file unread and give
`#REF!` at the cell; circular and self references are findings; a formula set
that takes too long is abandoned at JOBZONE_FORMULA_SECONDS with a finding, in
the main thread and in a worker thread alike.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from jobzone.engine.core.limits import Limits
from jobzone.engine.recalc.compile import CompiledModelCache
from jobzone.engine.recalc.evaluator import FormulaEvaluator
from jobzone.engine.recalc.time_limit import MachineTooSlow, TimeLimitExceeded, time_limit
from tests.hostile_corpus import EXAMPLE
from tests.memory_budget import peak_rss_grows_less_than

SECRET_MARK = "jobzone-secret-"
OPENED: list[str] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and isinstance(args[0], str) and SECRET_MARK in args[0]:
        OPENED.append(args[0])


sys.addaudithook(_audit)  # permanent for the process, but it only notes our marker files


@pytest.fixture()
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workbook the hostile formulas point at, in /tmp (beside formulas' skeleton dir)."""
    from openpyxl import Workbook

    folder = tmp_path_factory.mktemp(SECRET_MARK + "dir")
    workbook = Workbook()
    workbook.active.title = "Sheet1"
    workbook.active["A1"] = 4242
    path = folder / (SECRET_MARK + "pay.xlsx")
    workbook.save(path)
    OPENED.clear()
    return path


def hostile_workbook(tmp_path: Path, cells: dict[tuple[str, str], str],
                     names: dict[str, str] | None = None) -> Path:
    """The example with formulas written into cells (and defined names added)."""
    from openpyxl import load_workbook
    from openpyxl.workbook.defined_name import DefinedName

    workbook = load_workbook(EXAMPLE)
    for (sheet, ref), formula in cells.items():
        workbook[sheet][ref] = formula
    for name, target in (names or {}).items():
        workbook.defined_names[name] = DefinedName(name, attr_text=target)
    path = tmp_path / "hostile.xlsx"
    workbook.save(path)
    return path


def references(secret: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """Every way a formula can name the secret workbook: (formula in Notes!D40, names)."""
    folder, book = secret.parent, secret.name
    up = "../" * 6 + str(folder).lstrip("/")
    return {
        "relative": (f"='{up}/[{book}]Sheet1'!A1+1", {}),
        "absolute": (f"='{folder}/[{book}]Sheet1'!A1+1", {}),
        "indirect": (f"=INDIRECT(\"'{folder}/[{book}]Sheet1'!A1\")", {}),
        "defined-name": ("=Leak+1", {"Leak": f"'{folder}/[{book}]Sheet1'!$A$1"}),
    }


@pytest.mark.parametrize("kind", ["relative", "absolute", "indirect", "defined-name"])
def test_no_reference_makes_the_evaluator_open_another_workbook(
        kind: str, secret: Path, tmp_path: Path) -> None:
    formula, names = references(secret)[kind]
    path = hostile_workbook(tmp_path, {("Notes", "D40"): formula}, names)
    evaluation = FormulaEvaluator(CompiledModelCache()).evaluate(path)
    assert OPENED == []
    at_d40 = [(f.code, f.message) for f in evaluation.errors if f.cell == "D40"]
    assert at_d40 == [("JZ401", "Notes!D40 evaluates to #REF!")]


def test_without_the_sandbox_formulas_would_read_the_other_workbook(
        secret: Path, tmp_path: Path) -> None:
    """What the sandbox is worth: the same reference, loaded by formulas directly."""
    import formulas

    formula, _ = references(secret)["absolute"]
    path = hostile_workbook(tmp_path, {("Notes", "D40"): formula})
    model = formulas.ExcelModel().loads(str(path))
    model.complete()
    assert OPENED, "formulas no longer follows references to other workbooks"


def test_an_external_reference_in_the_score_never_reaches_the_result(
        secret: Path, tmp_path: Path) -> None:
    formula, _ = references(secret)["absolute"]
    path = hostile_workbook(tmp_path, {("Score", "B4"): formula})
    evaluation = FormulaEvaluator(CompiledModelCache()).evaluate(path)
    assert OPENED == [] and evaluation.result is None
    assert ("JZ401", "Score", "B4") in {(f.code, f.sheet, f.cell) for f in evaluation.errors}


@pytest.mark.parametrize(("cells", "circular"), [
    ({("Notes", "D40"): "=D40+1"}, {("Notes", "D40")}),
    ({("Notes", "D40"): "=D41", ("Notes", "D41"): "=D40*2"}, {("Notes", "D40"), ("Notes", "D41")}),
    ({("Score", "B4"): "=B4"}, {("Score", "B4")}),
])
def test_circular_and_self_references_are_findings(
        cells: dict[tuple[str, str], str], circular: set[tuple[str, str]],
        tmp_path: Path) -> None:
    evaluation = FormulaEvaluator(CompiledModelCache()).evaluate(
        hostile_workbook(tmp_path, cells))
    assert {(f.sheet, f.cell) for f in evaluation.errors if f.code == "JZ402"} == circular
    if ("Score", "B4") in circular:
        assert evaluation.result is None


def slow_workbook(tmp_path: Path, count: int = 4000) -> Path:
    """A chain of `count` formulas: seconds of compiling for formulas."""
    cells = {("Notes", f"D{row}"): f"=D{row - 1}+1" for row in range(2, count + 1)}
    return hostile_workbook(tmp_path, cells)


def test_a_slow_formula_set_is_abandoned_at_the_limit(tmp_path: Path) -> None:
    path = slow_workbook(tmp_path)
    cache = CompiledModelCache()
    started = time.thread_time()
    evaluation = FormulaEvaluator(cache).evaluate(path, limits=Limits(formula_seconds=0.5))
    assert time.thread_time() - started < 2  # stopped near the limit: CPU, not wall-clock
    assert [f.code for f in evaluation.errors] == ["JZ406"] and evaluation.result is None
    assert "JOBZONE_FORMULA_SECONDS" in evaluation.errors[0].message
    assert len(cache) == 0  # nothing half-compiled kept
    assert FormulaEvaluator(cache).evaluate(EXAMPLE).result is not None  # and it goes on


def test_the_limit_holds_in_a_worker_thread_too(tmp_path: Path) -> None:
    """Dask runs tasks in threads, where SIGALRM cannot reach."""
    path = slow_workbook(tmp_path)
    outcome: list[object] = []

    def work() -> None:
        evaluator = FormulaEvaluator(CompiledModelCache())
        outcome.append(evaluator.evaluate(path, limits=Limits(formula_seconds=0.5)))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert [f.code for f in outcome[0].errors] == ["JZ406"]  # type: ignore[attr-defined]


def busy(seconds: float) -> None:
    """Use `seconds` of this thread's CPU time, however busy the machine is."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        sum(range(1000))


def run_in(in_thread: bool, run: Callable[[], None]) -> None:
    """Run `run` here (the main thread: SIGALRM) or in a worker thread (as Dask does)."""
    if in_thread:
        thread = threading.Thread(target=run)
        thread.start()
        thread.join(timeout=20)
    else:
        run()


@pytest.mark.parametrize("in_thread", [False, True], ids=["main-thread", "worker-thread"])
def test_time_limit_interrupts_and_never_fires_late(in_thread: bool) -> None:
    results: list[str] = []

    def run() -> None:
        try:
            with time_limit(0.2):
                busy(5)
            results.append("finished")
        except TimeLimitExceeded:
            results.append("interrupted")
        with time_limit(0.2):
            busy(0.05)
        busy(0.4)  # past the second limit: nothing may fire now
        results.append("clean")

    run_in(in_thread, run)
    assert results == ["interrupted", "clean"]


class SlowToDie:
    """An object whose finalizer is where the time goes: a raise landing there is
    swallowed by Python ("Exception ignored in ..."), as one landing in a
    weakref finalizer during `formulas`' compile was."""

    def __del__(self) -> None:
        busy(0.03)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("in_thread", [False, True], ids=["main-thread", "worker-thread"])
def test_time_limit_holds_when_the_time_goes_in_finalizers(in_thread: bool) -> None:
    outcome: list[str] = []

    def run() -> None:
        try:
            with time_limit(0.1):
                for _ in range(60):  # 1.8 s, nearly all of it inside __del__
                    SlowToDie()
            outcome.append("finished")
        except TimeLimitExceeded:
            outcome.append("interrupted")
        busy(0.2)  # nothing may fire after the block
        outcome.append("clean")

    run_in(in_thread, run)
    assert outcome == ["interrupted", "clean"]


def test_an_outer_sooner_limit_wins_and_is_restored() -> None:
    with pytest.raises(TimeLimitExceeded, match=r"0\.3 s"), time_limit(0.3):
        with time_limit(10):
            busy(0.05)
        busy(5)  # the outer 0.3 s limit, re-armed after the inner block, stops this


def test_limits_object_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    monkeypatch.setenv("JOBZONE_FORMULA_SECONDS", "0.5")
    evaluation = FormulaEvaluator(CompiledModelCache()).evaluate(slow_workbook(tmp_path))
    assert [f.code for f in evaluation.errors] == ["JZ406"]


def test_network_functions_are_never_fetched(tmp_path: Path) -> None:
    """WEBSERVICE, HYPERLINK, IMAGE and friends pointed at a live local server: no request."""
    import http.server

    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<a>1</a>")

        def log_message(self, *args: object) -> None:
            return None

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        cells = {("Notes", "D40"): f'=WEBSERVICE("{url}/webservice")',
                 ("Notes", "D41"): f'=FILTERXML(WEBSERVICE("{url}/filterxml"),"//a")',
                 ("Notes", "D42"): f'=HYPERLINK("{url}/hyperlink","click")',
                 ("Notes", "D43"): f'=IMAGE("{url}/image.png")',
                 ("Notes", "D44"): f'=IMPORTXML("{url}/importxml","//a")'}
        evaluation = FormulaEvaluator(CompiledModelCache()).evaluate(
            hostile_workbook(tmp_path, cells))
    finally:
        server.shutdown()
    assert hits == []
    assert evaluation.result is not None  # the score itself does not depend on them


def test_a_dde_formula_is_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "dde-ran"
    path = hostile_workbook(tmp_path, {("Notes", "D40"): f"=cmd|' /C touch {marker}'!A0"})
    evaluation = FormulaEvaluator(CompiledModelCache()).evaluate(path)
    assert not marker.exists()
    assert [(f.code, f.cell) for f in evaluation.errors] == [("JZ403", "D40")]


@pytest.mark.parametrize("formula", ["=XFD1:Nope!A1", "=XFD1:Tasks!A1", "=SUM(XFD2:Nope!B2)"])
def test_a_formula_formulas_parses_but_cannot_load_is_one_finding(formula: str,
                                                                   tmp_path: Path) -> None:
    """Found by fuzzing: a range from the last column to another sheet parses, then
    crashes formulas' loader (AttributeError) for the whole workbook. It is the one
    formula's finding; the rest of the workbook is evaluated."""
    evaluation = FormulaEvaluator(CompiledModelCache()).evaluate(
        hostile_workbook(tmp_path, {("Notes", "D40"): formula}))
    assert [(f.code, f.cell) for f in evaluation.errors] == [("JZ403", "D40")]
    assert "cannot load" in evaluation.errors[0].message
    assert evaluation.result is not None


@pytest.mark.parametrize("formula", ["=SUM(Tasks!B:B)", "=SUMPRODUCT(A:C)",
                                     "=SUM(A1:XFD1048576)", '=SUM(INDIRECT("B:D"))',
                                     "=C1048576:C1048576"])
def test_whole_column_ranges_are_refused_before_arrays_are_built(formula: str,
                                                                 tmp_path: Path) -> None:
    """A few whole-column references would take formulas gigabytes inside one numpy call."""
    path = hostile_workbook(tmp_path, {("Notes", "D40"): formula})
    with peak_rss_grows_less_than(100 * 1024):
        evaluation = FormulaEvaluator(CompiledModelCache()).evaluate(path)
    assert [f.code for f in evaluation.errors] == ["JZ407"] and evaluation.result is None


@pytest.mark.parametrize(("text", "corner"), [
    ("=SUM(B:B)", (1_048_576, 2)), ("=SUM(Tasks!A:C)", (1_048_576, 3)),
    ("=SUM($2:$3)", (3, 16_384)), ("=SUM($B$4:$B$53)", (53, 2)), ("='Rules'!$B$4:$C$9", (9, 3)),
    ('=INDIRECT("B1:B100")', (100, 2)), ("=C1048576:C1048576", (1_048_576, 3)),
    ('="A:A"', (0, 0)), ("=TIME(1,30,0)", (0, 0)), ("=LOG10(2)", (0, 0)),
    ("=ROUND(RawScore,1)", (0, 0)), ("=XFD1048576", (0, 0)),
])
def test_far_corner(text: str, corner: tuple[int, int]) -> None:
    from jobzone.engine.recalc.budget import far_corner

    assert far_corner(text) == corner


def test_the_canonical_formulas_span_few_cells() -> None:
    from openpyxl import load_workbook

    from jobzone.engine.recalc.budget import referenced_cells
    from jobzone.engine.recalc.formula_set import read_formula_set

    assert referenced_cells(read_formula_set(load_workbook(EXAMPLE))) < 1_000


@pytest.mark.parametrize("in_thread", [False, True], ids=["main-thread", "worker-thread"])
def test_the_limit_counts_cpu_time_not_the_wall_clock(in_thread: bool) -> None:
    """Waiting (as a thread does on a machine whose cores other work holds) uses no CPU:
    the verdict depends on the work, not on how busy the machine is."""
    outcome: list[str] = []

    def run() -> None:
        with time_limit(0.1):
            for _ in range(25):  # 0.5 s of wall-clock time, next to no CPU
                time.sleep(0.02)
        outcome.append("finished")

    run_in(in_thread, run)
    assert outcome == ["finished"]


def test_the_wall_clock_guard_blames_the_machine() -> None:
    with pytest.raises(MachineTooSlow, match="machine was too slow"), \
            time_limit(5, wall_seconds=0.1):
        for _ in range(100):
            time.sleep(0.02)


def test_a_slow_machine_is_named_in_the_finding(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """When the last-resort wall-clock guard fires first, JZ406 says so."""
    from jobzone.engine.recalc import time_limit as limit_module

    monkeypatch.setattr(limit_module, "WALL_FACTOR", 0.001)
    monkeypatch.setattr(limit_module, "MIN_WALL_SECONDS", 0.0)
    evaluation = FormulaEvaluator(CompiledModelCache()).evaluate(
        slow_workbook(tmp_path), limits=Limits(formula_seconds=50))
    assert [f.code for f in evaluation.errors] == ["JZ406"]
    assert "machine was too slow" in evaluation.errors[0].message
