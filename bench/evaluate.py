"""Per-evaluation cost of every way jobzone can evaluate a canonical workbook (issue 3).

One run, one table: native evaluation, the cached compiled workbook function
(jobzone's flat incremental plan, and schedula's own DispatchPipe for reference),
the evaluator's whole `evaluate(path, workbook)` (inputs read, Result and findings
mapped; the workbook already parsed), a fresh `formulas` load of each workbook, and
LibreOffice per file in one batch. Every row evaluates *distinct* generated
workbooks (a stream like a bulk check, so no row is flattered by repeating one
input); in-process rows report wall and CPU time per evaluation, CPU being what
other work on a shared machine does not inflate. The target: the cached compiled
function at least 50x faster than a fresh load.

`--cold` adds the persistence experiment: the time to a first result in a fresh
process when the canonical model is compiled there, against loading it pickled
from disk (kept out of the product unless it pays; see README).

Run: python bench/evaluate.py [--workbooks 300] [--fresh 8] [--libreoffice 50] [--cold]
"""

from __future__ import annotations

import argparse
import functools
import gc
import itertools
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("TQDM_DISABLE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jobzone.engine.core.evaluate import evaluate  # noqa: E402
from jobzone.engine.core.model import Assessment, Override  # noqa: E402
from jobzone.engine.core.ruleset import AIJRI_1  # noqa: E402
from jobzone.workbooks.builder import save_workbook  # noqa: E402
from tests.factories import assessment  # noqa: E402

LABELS = AIJRI_1.labels.all()


def generated(count: int, seed: int = 2026, max_tasks: int = 40) -> list[Assessment]:
    """Distinct valid assessments: 1-max_tasks tasks with two-decimal shares (so hardly
    two cells repeat across workbooks), every scale's range, some overrides."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        tasks = rng.randint(1, max_tasks)
        cuts = sorted(rng.sample(range(1, 10_000), tasks - 1))
        shares = [Decimal(b - a) / 100 for a, b in itertools.pairwise([0, *cuts, 10_000])]
        zone = rng.choice([None, None, None, "Green", "Yellow", "Red"])
        out.append(assessment(
            tasks=[(f"{s:f}", rng.randint(1, 5), rng.choice(LABELS)) for s in shares],
            evidence=[rng.randint(-2, 2) for _ in range(5)],
            barriers=[rng.randint(0, 2) for _ in range(5)], growth=rng.randint(-2, 2),
            principles=[rng.randint(0, 3) for _ in range(3)],
            override=Override(zone, "bench reason" if zone else "")))
    return out


def clocks(run: Callable[[], Any]) -> tuple[float, float]:
    """(wall, cpu) seconds of one call (after collecting earlier rows' garbage)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def per_item(items: Sequence[Any], run: Callable[[Any], Any]) -> tuple[float, float]:
    """Mean (wall, cpu) seconds per item over the whole stream."""
    wall, cpu = clocks(lambda: [run(item) for item in items])
    return wall / len(items), cpu / len(items)


def median_each(items: Sequence[Any], run: Callable[[Any], Any]) -> tuple[float, float]:
    timings = [clocks(functools.partial(run, item)) for item in items]
    return (statistics.median(w for w, _ in timings), statistics.median(c for _, c in timings))


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workbooks", type=int, default=300)
    parser.add_argument("--fresh", type=int, default=8)
    parser.add_argument("--libreoffice", type=int, default=50)
    parser.add_argument("--cold", action="store_true")
    options = parser.parse_args()

    import formulas
    import openpyxl

    from jobzone.engine.recalc.compile import compile_formula_set
    from jobzone.engine.recalc.evaluator import FormulaEvaluator, input_values
    from jobzone.engine.recalc.formula_set import read_formula_set
    from jobzone.engine.recalc.functions.rounding import install
    from tests.libreoffice import recalculate, soffice_path

    cases = generated(options.workbooks)
    typical = generated(options.workbooks, seed=7, max_tasks=12)
    folder = Path(tempfile.mkdtemp(prefix="jobzone-bench-"))
    paths, typical_paths = [], []
    for index, case in enumerate(cases):
        paths.append(folder / f"w{index:04d}.xlsx")
        save_workbook(case, AIJRI_1, paths[-1])
    for index, case in enumerate(typical):
        typical_paths.append(folder / f"t{index:04d}.xlsx")
        save_workbook(case, AIJRI_1, typical_paths[-1])
    rows: dict[str, tuple[float, float]] = {}
    load = os.getloadavg()[0]

    def inputs_of(files: list[Path], model: Any) -> list[list[Any]]:
        """Input values per workbook, the parsed books let go (a bulk run holds one)."""
        return [input_values(openpyxl.load_workbook(path), model.inputs) for path in files]

    rows["native (jobzone.engine.core.evaluate)"] = per_item(cases, lambda a: evaluate(a, AIJRI_1))
    canonical = read_formula_set(openpyxl.load_workbook(paths[0]))
    compile_wall, compile_cpu = clocks(lambda: compile_formula_set(canonical))
    model = compile_formula_set(canonical)
    inputs = inputs_of(paths, model)
    rows["cached compiled function (plan)"] = per_item(inputs, model.evaluate)
    small = compile_formula_set(canonical)
    rows["  same, workbooks of 1-12 tasks"] = per_item(inputs_of(typical_paths, small),
                                                       small.evaluate)
    pipe = compile_formula_set(canonical, executor="pipe")
    rows["  schedula DispatchPipe (reference)"] = per_item(inputs[:40], pipe.evaluate)
    evaluator = FormulaEvaluator()
    books = [openpyxl.load_workbook(path) for path in paths[:100]]
    evaluator.evaluate(paths[0], books[0])
    rows["FormulaEvaluator.evaluate (parsed book)"] = per_item(
        list(zip(paths, books, strict=False)), lambda pb: evaluator.evaluate(*pb))
    del books
    rows["  openpyxl parse, for scale"] = median_each(paths[:20], openpyxl.load_workbook)

    install()  # the fresh loads round like Excel too
    first = clocks(lambda: formulas.ExcelModel().loads(str(paths[0])).finish().calculate())
    rows["fresh formulas load per workbook"] = median_each(
        paths[1:1 + options.fresh],
        lambda p: formulas.ExcelModel().loads(str(p)).finish().calculate())

    if soffice_path() and options.libreoffice:
        batch = paths[:options.libreoffice]
        cpu_before, start = children_cpu(), time.perf_counter()
        recalculate(batch, folder / "lo")
        rows[f"LibreOffice, batch of {len(batch)}"] = (
            (time.perf_counter() - start) / len(batch), (children_cpu() - cpu_before) / len(batch))

    native, cached = rows["native (jobzone.engine.core.evaluate)"], (
        rows["cached compiled function (plan)"])
    print(f"evaluating {len(cases)} distinct canonical workbooks of 1-40 tasks "
          f"(load average {load:.1f}); "
          f"compiling the canonical model once: {compile_wall:.2f} s wall, "
          f"{compile_cpu:.2f} s cpu; first fresh load in the process {first[0]:.2f} s")
    print(f"{'per evaluation':42} {'wall ms':>9} {'cpu ms':>9} {'x native':>9} "
          f"{'x cached':>9}")
    for name, (wall, cpu) in rows.items():
        print(f"{name:42} {wall * 1e3:9.3f} {cpu * 1e3:9.3f} {cpu / native[1]:9.0f} "
              f"{cpu / cached[1]:9.1f}")
    fresh = rows["fresh formulas load per workbook"]
    small_cached = rows["  same, workbooks of 1-12 tasks"]
    print(f"cached compiled vs fresh formulas load: {fresh[0] / cached[0]:.0f}x wall, "
          f"{fresh[1] / cached[1]:.0f}x cpu; workbooks of 1-12 tasks "
          f"{fresh[0] / small_cached[0]:.0f}x wall, {fresh[1] / small_cached[1]:.0f}x cpu "
          f"(target >= 50x)")
    if options.cold:
        cold_start(model, paths[0])


COMPILE_CHILD = """
import time; start = time.perf_counter()
from pathlib import Path
from jobzone.engine.recalc.evaluator import FormulaEvaluator
result = FormulaEvaluator().evaluate(Path({path!r}))
assert result.canonical and result.result is not None
print(time.perf_counter() - start)
"""
PICKLE_CHILD = """
import time; start = time.perf_counter()
import pickle, threading
from pathlib import Path
from jobzone.engine.recalc.evaluator import FormulaEvaluator
from jobzone.engine.recalc.compile import CompiledModelCache
with open({model!r}, "rb") as handle:
    model = pickle.load(handle)
model._lock = threading.Lock()
cache = CompiledModelCache()
cache._models[model.fingerprint] = model
result = FormulaEvaluator(cache).evaluate(Path({path!r}))
assert result.canonical and result.result is not None
print(time.perf_counter() - start)
"""
IMPORT_CHILD = "import jobzone.engine.recalc.evaluator"
FLOOR_CHILD = "import formulas; formulas.get_functions()"


def cold_start(model: Any, workbook: Path, runs: int = 5) -> None:
    """First result in a fresh process: compile there, or unpickle a persisted model."""
    import cloudpickle

    lock, model._lock = model._lock, None
    persisted = Path(tempfile.mkdtemp(prefix="jobzone-model-")) / "canonical.pickle"
    persisted.write_bytes(cloudpickle.dumps(model))
    model._lock = lock
    children = {
        "import jobzone.engine.recalc.evaluator": IMPORT_CHILD,
        "import formulas + its function table": FLOOR_CHILD,
        "compile canonical model, evaluate": COMPILE_CHILD.format(path=str(workbook)),
        "unpickle persisted model, evaluate": PICKLE_CHILD.format(
            path=str(workbook), model=str(persisted)),
    }
    print(f"\ncold process, seconds ({runs} runs; model pickle "
          f"{persisted.stat().st_size / 1e6:.1f} MB)   {'wall min':>8} {'median':>7} "
          f"{'cpu median':>10}")
    for name, code in children.items():
        walls, cpus = [], []
        for _ in range(runs):
            cpu, start = children_cpu(), time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT,
                           capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
            walls.append(time.perf_counter() - start)
            cpus.append(children_cpu() - cpu)
        print(f"{name:55} {min(walls):8.3f} {statistics.median(walls):7.3f} "
              f"{statistics.median(cpus):10.3f}")


if __name__ == "__main__":
    main()
