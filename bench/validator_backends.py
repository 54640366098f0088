"""pandera's pandas backend (what the schemas use) beside its polars backend: CPU of a cold
import and of validating the Tasks table, in fresh processes (issue 17, item 3).

The question was whether validating through `pandera.polars` brings a cold `jobzone check`
to 0.5 s CPU. Each variant runs in its own process, with what every check imports
whatever validates it (openpyxl, which imports numpy; the layout) already imported, and
reports:
import (the data-frame library and pandera), the first validation (pandera registers
its backends then), one of a broken table, a warm clean one, and one batch of 50 files'
tables joined (`jobzone.schemas.batch`); then the failure cases of the broken table,
which must be the same (check, column, row) under both backends.

The polars side is a probe, not a port: cells are Python objects (Decimal, formulas,
text), and pandera.polars cannot report failure cases of a `pl.Object` column (it
casts them to String: ComputeError), so each cell travels as a tagged string that
every check decodes. Its checks restate the Tasks schema's (`jobzone.schemas.sheets`)
without importing it, since that module imports pandas.

`import pandera` imports pandas whenever pandas is installed (pandera/__init__.py), and
the polars backend imports it again at its first validation, so the polars variant is
run twice: as installed here, and with pandas made unimportable for the whole process
(an install without pandas).
Needs polars (`pip install -e '.[bench]'`). Run: python bench/validator_backends.py [RUNS]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPAN = 2**21  # a batch frame's row key: file * SPAN + Excel row (jobzone.schemas.sheets)
ROWS = list(range(7, 15))
BATCH_FILES = 50
STEPS = ("import", "first", "broken", "warm", "batch")

NO_PANDAS = """
import importlib.abc, sys
class _NoPandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] == 'pandas':
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
sys.meta_path.insert(0, _NoPandas())
"""
VARIANTS = {
    "pandas backend (today)": ("pandas", ""),
    "pandas backend, hypothesis hidden": ("pandas", "import sys; sys.modules['hypothesis'] = None"),
    "polars backend, pandas installed": ("polars", ""),
    "polars backend, pandas absent": ("polars", NO_PANDAS),
}


def tables() -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """A clean Tasks table and one with a failure of each element-wise check and JZ202."""
    from decimal import Decimal

    clean: dict[str, list[Any]] = {
        "name": [f"task {i}" for i in range(8)], "time_share": [Decimal("12.5")] * 8,
        "score": [3] * 8, "label": ["AUGMENTATION"] * 8, "rationale": ["why"] * 8}
    broken = {key: list(values) for key, values in clean.items()}
    broken["score"][1:4] = ["text", "=FORMULA", 7]
    broken["time_share"][4] = None
    broken["time_share"][0] = Decimal("12.555")
    broken["name"][5] = "task 0"
    broken["label"][6] = "Purple"
    return clean, broken


def batch(clean: dict[str, list[Any]], broken: dict[str, list[Any]]
          ) -> tuple[dict[str, list[Any]], list[int]]:
    """BATCH_FILES files' tables joined, half clean, half broken, keyed file * SPAN + row."""
    half = BATCH_FILES // 2
    joined = {key: clean[key] * half + broken[key] * half for key in clean}
    return joined, [file * SPAN + row for file in range(BATCH_FILES) for row in ROWS]


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    import time

    start = time.process_time()
    out = run()
    return time.process_time() - start, out


def pandas_child() -> dict[str, Any]:
    import time

    start = time.process_time()
    import pandera.pandas as pa

    from jobzone.engine.core.ruleset import AIJRI_1
    from jobzone.schemas.frames import frame
    from jobzone.schemas.sheets import BATCH_INDEX, InputFormula, task_schema

    loaded = time.process_time() - start
    schema = task_schema(AIJRI_1)

    def failures(columns: dict[str, list[Any]], rows: list[int]) -> list[list[Any]]:
        columns = {k: [InputFormula(v) if v == "=FORMULA" else v for v in vs]
                   for k, vs in columns.items()}
        data = frame(columns, rows)
        if rows[-1] >= SPAN:
            data.index.name = BATCH_INDEX
        try:
            schema.validate(data, lazy=True)
        except pa.errors.SchemaErrors as exc:
            return [[str(c.check).split(":")[0], str(c.column), int(c.index)]
                    for c in exc.failure_cases.itertuples(index=False)]
        return []

    return _steps(loaded, failures)


def polars_child() -> dict[str, Any]:
    import time

    start = time.process_time()
    import pandera.polars as pa
    import polars as pl

    from jobzone.engine.core.ruleset import AIJRI_1
    from jobzone.schemas.codes import SCHEMA_CODES

    loaded = time.process_time() - start
    from collections import Counter
    from decimal import Decimal

    class Formula(str):
        """A formula in an input cell."""

    def encode(value: Any) -> str | None:
        tags: dict[type, str] = {Formula: "f", bool: "b", int: "i", float: "r", Decimal: "d",
                                 str: "s"}
        return None if value is None else tags[type(value)] + str(value)

    def decode(text: str | None) -> Any:
        if text is None:
            return None
        kinds: dict[str, Callable[[str], Any]] = {
            "f": Formula, "b": lambda b: b == "True", "i": int, "r": float, "d": Decimal,
            "s": str}
        return kinds[text[0]](text[1:])

    def number(v: Any) -> bool:
        return isinstance(v, int | float | Decimal) and not isinstance(v, bool)

    def blank(v: Any) -> bool:
        return v is None or (isinstance(v, str) and not isinstance(v, Formula)
                             and not v.strip())

    def typed(v: Any) -> bool:
        return not blank(v) and not isinstance(v, Formula)

    def share_ok(v: Any) -> bool:
        if not number(v):
            return True
        share = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
        return share.is_finite() and 0 <= share <= 100 and share == share.quantize(
            Decimal("0.01"))

    def check(code: str, fn: Callable[[Any], Any], element_wise: bool = True,
              ignore_na: bool | None = None) -> Any:
        run = (lambda s: bool(fn(decode(s)))) if element_wise else fn
        return pa.Check(run, element_wise=element_wise,
                        ignore_na=element_wise if ignore_na is None else ignore_na,
                        name=code, error=f"{code}: {SCHEMA_CODES[code]}")

    def values(data: Any, name: str) -> list[Any]:
        return [decode(s) for s in data.lazyframe.select(name).collect()[name]]

    def files(data: Any) -> list[int]:
        return [key // SPAN for key in data.lazyframe.select("row").collect()["row"]]

    def unique(data: Any) -> Any:
        names = [v.strip() if isinstance(v, str) else "" for v in values(data, "name")]
        keys = list(zip(files(data), names, strict=True))
        counts = Counter(key for key in keys if key[1])
        return pl.LazyFrame({"ok": [not name or counts[(file, name)] == 1
                                    for file, name in keys]})

    required = AIJRI_1.constants.shares_required_total * 100

    def sums(data: Any) -> Any:
        per: dict[int, list[Any]] = {}
        for file, v in zip(files(data), values(data, "time_share"), strict=True):
            per.setdefault(file, []).append(v)
        verdict = {file: not all(number(v) for v in shares) or sum(
            (Decimal(repr(v)) if isinstance(v, float) else Decimal(v) for v in shares),
            Decimal(0)) == required for file, shares in per.items()}
        if len(verdict) <= 1:
            return all(verdict.values())
        return pl.LazyFrame({"ok": [verdict[file] for file in files(data)]})

    not_formula = check("JZ103", lambda v: not isinstance(v, Formula))
    low, high = AIJRI_1.scales.task
    labels = set(AIJRI_1.labels.all())

    def column(*checks: Any) -> Any:
        return pa.Column(pl.Utf8, list(checks), nullable=True, required=True)

    schema = pa.DataFrameSchema({
        "row": pa.Column(pl.Int64),
        "name": column(not_formula, check("JZ201", lambda v: isinstance(v, Formula)
                                          or not blank(v), ignore_na=False)),
        "time_share": column(not_formula, check("JZ104", lambda v: not blank(v),
                                                ignore_na=False),
                             check("JZ105", lambda v: not typed(v) or number(v)),
                             check("JZ203", share_ok)),
        "score": column(not_formula, check("JZ104", lambda v: not blank(v), ignore_na=False),
                        check("JZ105", lambda v: not typed(v) or (number(v) and v == int(v))),
                        check("JZ204", lambda v: not number(v) or low <= v <= high)),
        "label": column(not_formula, check("JZ205", lambda v: isinstance(v, Formula)
                                           or v in labels, ignore_na=False)),
        "rationale": column(not_formula),
    }, checks=[check("JZ202", unique, element_wise=False),
               check("JZ206", sums, element_wise=False),
               check("JZ207", lambda d: d.lazyframe.select(pl.len()).collect().item() > 0,
                     element_wise=False)], name="Tasks")

    def failures(columns: dict[str, list[Any]], rows: list[int]) -> list[list[Any]]:
        data = pl.DataFrame({"row": pl.Series(rows, dtype=pl.Int64), **{
            name: pl.Series([encode(Formula(v) if v == "=FORMULA" else v) for v in vs],
                            dtype=pl.Utf8) for name, vs in columns.items()}})
        try:
            schema.validate(data, lazy=True)
        except pa.errors.SchemaErrors as exc:
            found = []
            for case in exc.failure_cases.iter_rows(named=True):
                code = str(case["check"]).split(":")[0]
                # a frame-wide failure names the schema, not a column: each column of the
                # row, as pandas reports it
                names = list(columns) if case["column"] == "Tasks" else [case["column"]]
                found += [[code, name, rows[case["index"]]] for name in names]
            return found
        return []

    return _steps(loaded, failures)


def _steps(loaded: float, failures: Callable[[dict[str, list[Any]], list[int]], Any]
           ) -> dict[str, Any]:
    clean, broken = tables()
    first, _ = timed(lambda: failures(clean, ROWS))
    broken_cpu, found = timed(lambda: failures(broken, ROWS))
    warm, _ = timed(lambda: [failures(clean, ROWS) for _ in range(10)])
    joined, keys = batch(clean, broken)
    batch_cpu, _ = timed(lambda: failures(joined, keys))
    return {"import": loaded, "first": first, "broken": broken_cpu, "warm": warm / 10,
            "batch": batch_cpu, "failures": sorted(found),
            "pandas": "pandas" in sys.modules and sys.modules["pandas"] is not None}


def child(backend: str) -> None:
    # what every check imports whatever validates it (openpyxl brings numpy): untimed
    import openpyxl  # noqa: F401

    import jobzone.engine.core.ruleset
    import jobzone.schemas.codes
    import jobzone.workbooks.layout  # noqa: F401

    print(json.dumps(pandas_child() if backend == "pandas" else polars_child()))


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in VARIANTS}
    for _ in range(runs):
        for name, (backend, prelude) in VARIANTS.items():
            code = (f"{prelude}\nimport sys; sys.path.insert(0, {str(ROOT / 'bench')!r})\n"
                    f"from validator_backends import child; child({backend!r})")
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True, cwd=ROOT)
            found[name].append(json.loads(out.stdout))
    print(f"CPU seconds, median of {runs} fresh processes (openpyxl and numpy imported first, "
          "untimed)")
    print(f"{'':36} {'import':>7} {'1st val':>7} {'broken':>7} {'warm':>7} "
          f"{'batch50':>7} {'import+1st':>10}  pandas loaded")
    for name, results in found.items():
        med = {step: statistics.median(r[step] for r in results) for step in STEPS}
        both = statistics.median(r["import"] + r["first"] for r in results)
        print(f"{name:36} {med['import']:7.3f} {med['first']:7.3f} {med['broken']:7.3f} "
              f"{med['warm']:7.4f} {med['batch']:7.3f} {both:10.3f}  {results[0]['pandas']}")
    reference = found["pandas backend (today)"][0]["failures"]
    for name, results in found.items():
        same = "the same" if results[0]["failures"] == reference else "DIFFERENT"
        print(f"{name}: {len(results[0]['failures'])} failure cases, {same} as today's")


if __name__ == "__main__":
    main()
