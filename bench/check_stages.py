"""Where a check's time goes, per file: CPU ms of each stage, and the floor of reading the file.

The stages are timed inside the real pipeline, fed as a bulk worker feeds it
(`Checker.check_many`, MAX_BATCH files at a time; the bytes are read beforehand): each stage
function is wrapped where the pipeline looks it up, so nothing is re-implemented
here and the figures are those of the code that runs. The floor is what any
checker of .xlsx files pays: the bytes read and every archive member inflated;
openpyxl's full load is shown beside the lean load the check uses.

    python bench/check_stages.py DIR [--files 200] [--formulas auto|always] [--profile]

`--profile` runs the same batches under pyinstrument (`pip install -e '.[bench]'`), a
sampling profiler, and prints its call tree: where a worker's time goes below the
stages, with the profiler's own overhead kept out of the stage figures.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import io
import sys
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# (label, module, attribute): stages in the order the pipeline runs them; indented
# labels are parts of the stage above them.
STAGES = (
    ("load (guard + lean load + limits)", "jobzone.workbooks.reader", "workbook_from_bytes"),
    ("  archive guard", "jobzone.workbooks.reader", "inspect_archive"),
    ("  lean load (cells, names)", "jobzone.workbooks.fastload.cells_load", "cells_workbook"),
    ("  size limits", "jobzone.workbooks.reader", "refuse_oversized"),
    ("formula risks", "jobzone.workbooks.guard.formula_risks", "formula_risk_notices"),
    ("input tables (sheet_tables)", "jobzone.schemas.sheet_frames", "sheet_tables"),
    ("pandera validation (batch)", "jobzone.schemas.batch", "validate_batch"),
    ("  files with a failure, alone", "jobzone.schemas.batch", "validate_tables"),
    ("integrity (formulas vs template)", "jobzone.engine.check.stages.integrity",
    "check_integrity"),
    ("rules drift", "jobzone.engine.check.stages.rules_drift", "check_rules_drift"),
    ("native evaluation + method rules", "jobzone.engine.check.pipeline", "_score"),
    ("workbook's formulas (shared model)", "jobzone.engine.check.pipeline", "Checker._evaluate"),
    ("cached values (calamine)", "jobzone.workbooks.cached_values", "read_cached_values"),
    ("three-way agreement", "jobzone.engine.check.stages.agreement", "check_agreement"),
)


@contextlib.contextmanager
def timed_stages(totals: dict[str, float]) -> Iterator[None]:
    """Wrap each stage where the pipeline finds it; CPU seconds summed into `totals`."""
    undo: list[Callable[[], None]] = []
    for label, module_name, attribute in STAGES:
        owner: Any = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        original = getattr(owner, name)

        def wrapper(*args: Any, _f: Any = original, _label: str = label, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return _f(*args, **kwargs)
            finally:
                totals[_label] += time.process_time() - started

        setattr(owner, name, wrapper)
        undo.append(functools.partial(setattr, owner, name, original))
    try:
        yield
    finally:
        for restore in reversed(undo):
            restore()


def _inflate(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            archive.read(info)


def _full_openpyxl(data: bytes) -> None:
    from openpyxl import load_workbook

    load_workbook(io.BytesIO(data), keep_links=False)


def stage_table(files: list[Path], formulas: str = "auto") -> list[tuple[str, float]]:
    """(label, CPU ms per file) for every stage, the whole check, and the floors."""
    from jobzone.engine.check.bulk import MAX_BATCH, collected_when_done, worker_checker
    from jobzone.engine.check.options import FormulaMode
    from jobzone.engine.check.pipeline import CheckOptions

    checker = worker_checker(CheckOptions(formulas=FormulaMode(formulas)))  # as in a worker
    batches = [[(path.read_bytes(), str(path)) for path in files[start:start + MAX_BATCH]]
               for start in range(0, len(files), MAX_BATCH)]
    for batch in batches:
        with collected_when_done():
            checker.check_many(batch)  # warm, as a worker is after its first files
    totals: dict[str, float] = defaultdict(float)
    with timed_stages(totals):
        started = time.process_time()
        for batch in batches:  # as a worker gets them (`jobzone.engine.check.bulk.check_job`)
            with collected_when_done():  # the garbage collection counts in "other"
                checker.check_many(batch)
        whole = time.process_time() - started
    rows = [(label, 1000 * totals[label] / len(files)) for label, _, _ in STAGES]
    counted = sum(ms for label, ms in rows if not label.startswith(" "))
    rows += [("other (findings, garbage collection)", 1000 * whole / len(files) - counted),
             ("whole check", 1000 * whole / len(files))]
    datas = [path.read_bytes() for path in files]
    for label, step in (("floor: bytes read + zip inflated", _inflate),
                        ("reference: openpyxl full load", _full_openpyxl)):
        started = time.process_time()
        for data in datas:
            step(data)
        rows.append((label, 1000 * (time.process_time() - started) / len(files)))
    return rows


def profile_tree(files: list[Path], formulas: str = "auto") -> str:
    """pyinstrument's call tree of a warm worker checking `files` in its batches."""
    from pyinstrument import Profiler

    from jobzone.engine.check.bulk import MAX_BATCH, collected_when_done, worker_checker
    from jobzone.engine.check.options import FormulaMode
    from jobzone.engine.check.pipeline import CheckOptions

    checker = worker_checker(CheckOptions(formulas=FormulaMode(formulas)))
    batches = [[(path.read_bytes(), str(path)) for path in files[start:start + MAX_BATCH]]
               for start in range(0, len(files), MAX_BATCH)]
    for batch in batches:  # warm first, as a worker is after its first files
        with collected_when_done():
            checker.check_many(batch)
    profiler = Profiler(interval=0.0005)
    with profiler:
        for batch in batches:
            with collected_when_done():
                checker.check_many(batch)
    return str(profiler.output_text(unicode=False, color=False, show_all=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--formulas", choices=("auto", "always"), default="auto")
    parser.add_argument("--profile", action="store_true", help="print pyinstrument's tree")
    args = parser.parse_args()
    files = sorted(args.directory.glob("*.xlsx"))[:args.files]
    if args.profile:
        print(profile_tree(files, args.formulas))
        return
    print(f"CPU ms per file over {len(files)} files (--formulas {args.formulas}):")
    for label, ms in stage_table(files, args.formulas):
        print(f"  {label:<40} {ms:7.2f}")


if __name__ == "__main__":
    main()
