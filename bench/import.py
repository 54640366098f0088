"""Benchmark `jobzone import`: files per second over generated legacy files.

Generates N legacy sources (default 1,000: .xlsx, .xls, .ods, .csv and write-ups
in the styles the tests use), then imports all of them three times into fresh
output directories: in-process (--jobs 1), a local process pool (--jobs 2), and a
local Dask cluster (2 worker processes, 1 thread each) through --scheduler.
Each run reads, validates, scores, builds and `jobzone check`s every output.

    python bench/import.py [--files 1000] [--profile]

`--profile` prints where the time goes per file instead (`bench/import_stages.py`:
CPU ms of each stage in one process, and the floor of reading the sources alone).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.importer.run import ImportPlan, run_import
from jobzone.workbooks.legacy.aliases import load_aliases
from jobzone.workbooks.legacy.sources import group_sources
from jobzone.workbooks.legacy.writeup import parse_writeup
from jobzone.workbooks.legacy.writeup_render import render_writeup
from tests.legacy_shapes import STYLES, legacy_sheets
from tests.legacy_writers import WRITERS

SUFFIXES = (".xlsx", ".xls", ".ods", ".csv", ".md")


def generate(folder: Path, count: int) -> None:
    reference = parse_writeup((Path(__file__).resolve().parent.parent / "examples" /
                               "llmops-engineer.txt").read_text(encoding="utf-8")).assessment
    for n in range(count):
        a = dataclasses.replace(reference, role=dataclasses.replace(
            reference.role, job_title=f"Role {n:04d}", seniority="Mid-level"))
        suffix = SUFFIXES[n % len(SUFFIXES)]
        path = folder / f"source-{n:04d}{suffix}"
        if suffix == ".md":
            path.write_text(render_writeup(a, evaluate(a, AIJRI_1), AIJRI_1), encoding="utf-8")
        else:
            WRITERS[suffix](legacy_sheets(a, STYLES[n % len(STYLES)], seed=n), path)


def report(label: str, plan: ImportPlan, seconds: float, imported: int) -> float:
    rate = len(plan.sources) / seconds
    print(f"{label:<36} {len(plan.sources):>6} {imported:>8} {seconds:>8.1f} {rate:>8.1f} "
          f"{os.getloadavg()[0]:>6.1f}", flush=True)
    if imported != len(plan.sources):
        raise SystemExit(f"{label}: only {imported} of {len(plan.sources)} imported")
    return rate


def timed(label: str, plan: ImportPlan, setup: Callable[[], Any] | None = None) -> float:
    """Wall time of the import, from the first source read to the report written."""
    if plan.out.exists():
        shutil.rmtree(plan.out)
    with (setup or contextlib.nullcontext)() as address:
        if address:
            plan.scheduler = address
        start = time.perf_counter()
        run = run_import(plan)
        seconds = time.perf_counter() - start
    imported = sum(r["status"] == "imported" for r in run.records)
    return report(label, plan, seconds, imported)


@contextlib.contextmanager
def local_cluster() -> Iterator[str]:
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.worker.daemon": False}), LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--profile", action="store_true",
                        help="CPU ms per file of each stage, in one process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jobzone-bench-import-") as tmp:
        sources_dir = Path(tmp) / "sources"
        sources_dir.mkdir()
        start = time.perf_counter()
        generate(sources_dir, args.files)
        print(f"generated {args.files} legacy sources in {time.perf_counter() - start:.1f} s "
              f"({', '.join(SUFFIXES)})", flush=True)
        sources = group_sources(sorted(sources_dir.iterdir()), load_aliases())
        if args.profile:
            from import_stages import profile  # bench/ is this script's folder

            profile(sources)
            return

        def plan(name: str, **kwargs: object) -> ImportPlan:
            return ImportPlan(sources, Path(tmp) / name, force=True, progress=False,
                              **kwargs)  # type: ignore[arg-type]

        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"{'runner':<36} {'files':>6} {'imported':>8} {'seconds':>8} {'files/s':>8} "
              f"{'load':>6}")
        one = timed("--jobs 1 (in-process)", plan("out1", jobs=1))
        two = timed("--jobs 2 (process pool)", plan("out2", jobs=2))
        dask_rate = timed("--scheduler (LocalCluster, 2 workers)", plan("out3"), local_cluster)
        print(f"speed-up over --jobs 1: process pool {two / one:.2f}x, Dask {dask_rate / one:.2f}x"
              " (load: the 1-minute load average when the run ended; other work on the "
              "machine slows every row)")


if __name__ == "__main__":
    main()
