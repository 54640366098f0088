"""Benchmark bulk `jobzone check` against its two baselines in one run, and its memory at scale.

    python bench/bulk_check.py [--files 2000] [--big 20000] [--naive 5] [--libreoffice 100]
                               [--keep DIR]

1. Generates --files canonical workbooks (`tests.bulk_corpus`: of every 20, 16 clean,
   2 tampered, 2 with an edited formula) in a temporary folder, or in --keep DIR
   (bench/out is git-ignored).
2. Where the time goes per file (`bench/check_stages.py`), steady state in one process.
3. Full check: a cold `jobzone check DIR --jobs 2 --format jsonl > /dev/null`, pool
   start-up included; also with `--formulas always` (every workbook's own formulas
   evaluated on the shared compiled model).
4. Naive path, two ways, each on a --naive sample in this process: the same check with
   a fresh `formulas` model compiled for every workbook (a new Checker per file,
   `--formulas always`), and `formulas` alone (`ExcelModel().loads(file).finish()
   .calculate()`); rates are extrapolated to 2,000 files and to two cores (twice the
   one-process rate).
5. LibreOffice: `tests.libreoffice.recalculate` on a --libreoffice sample, as two
   batches at once (one soffice per core).
6. Memory: the full check over --big files (the --files distinct workbooks repeated under
   new names, hard-linked) against the same at --files: peak RSS of the whole process
   tree (the command, its fork server and workers), sampled every 50 ms with psutil.

CPU is the user + system time of every process in the tree, so `cpu ms/file` does not
depend on other work on the machine; the 1-minute load average is printed beside each
measured row (2 cores: a load above 2 means the run shared its cores).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psutil  # noqa: E402  (installed with the dask extra)
from check_stages import stage_table  # noqa: E402
from evaluate import children_cpu  # noqa: E402

from tests.bulk_corpus import replicate, write_bulk_corpus  # noqa: E402

TARGETS = {"rate": 100.0, "naive": 30.0, "libreoffice": 30.0, "memory": 1.5}


@dataclass(frozen=True)
class Run:
    label: str
    files: int
    seconds: float
    cpu_seconds: float
    peak_rss: int  # bytes, whole process tree
    load: float
    exit_code: int = 0
    lines: int = 0
    parent_cpu_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.files / self.seconds

    def row(self, note: str = "") -> str:
        rss = f"{self.peak_rss / 2**20:,.0f}" if self.peak_rss else "-"
        return (f"| {self.label} | {self.files:,} | {self.seconds:.1f} | {self.rate:.1f} | "
                f"{1000 * self.cpu_seconds / self.files:.1f} | {rss} | {self.load:.1f} | {note} |")


class TreeSampler:
    """Peak RSS and CPU time of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        try:
            tree = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        rss = 0
        for process in tree:
            try:
                with process.oneshot():
                    rss += process.memory_info().rss
                    times = process.cpu_times()
                    self.cpu[process.pid] = times.user + times.system
            except psutil.Error:
                continue
        self.peak = max(self.peak, rss)

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())


def cold_check(label: str, directory: Path, files: int, *options: str) -> Run:
    """`jobzone check DIR --jobs 2 --format jsonl` in a fresh process; output counted, dropped."""
    command = [sys.executable, "-m", "jobzone", "check", str(directory), "--jobs", "2",
               "--format", "jsonl", *options]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    with TreeSampler(process.pid) as sampler:
        assert process.stdout is not None and process.stderr is not None
        lines = 0
        for _ in process.stdout:  # streamed: the lines are counted, not kept
            lines += 1
        stderr = process.stderr.read().decode()
        code = process.wait()
        sampler.sample()
    seconds = time.perf_counter() - started
    if code not in (0, 1) or lines != files:
        raise SystemExit(f"{label}: exit {code}, {lines} lines for {files} files: {stderr[-800:]}")
    return Run(label, files, seconds, sampler.cpu_seconds, sampler.peak, os.getloadavg()[0],
               code, lines, sampler.cpu.get(process.pid, 0.0))


def in_process(label: str, files: list[Path], work: Callable[[Path], object],
               scale_to: int) -> Run:
    """Time `work` on each file here; the rate is per process, extrapolated to `scale_to`."""
    started, cpu = time.perf_counter(), time.process_time()
    for path in files:
        work(path)
    seconds = time.perf_counter() - started
    per_file = seconds / len(files)
    return Run(label, scale_to, per_file * scale_to,
               (time.process_time() - cpu) / len(files) * scale_to, 0, os.getloadavg()[0])


def naive_check(path: Path) -> object:
    """A fresh Checker per file: its formula model compiles for this workbook alone, with
    no compiled cells or parse verdicts remembered from the files before it."""
    from jobzone.engine.check.options import FormulaMode
    from jobzone.engine.check.pipeline import Checker, CheckOptions
    from jobzone.engine.recalc import cell_cache as formula_cells
    from jobzone.engine.recalc import compile as formula_model

    formula_cells.forget()
    formula_model._parse_problem.cache_clear()
    return Checker(CheckOptions(formulas=FormulaMode.always)).check(path)


def formulas_alone(path: Path) -> object:
    """`formulas`' own way: load the workbook into a fresh ExcelModel and calculate it."""
    import contextlib
    import io

    import formulas

    with contextlib.redirect_stderr(io.StringIO()):  # its progress bars
        return formulas.ExcelModel().loads(str(path)).finish().calculate()


def libreoffice_run(files: list[Path], out: Path) -> Run:
    """Two recalculation batches at once (one soffice per core), like --jobs 2."""
    from tests.libreoffice import recalculate

    halves = [files[0::2], files[1::2]]
    errors: list[BaseException] = []

    def batch(part: list[Path], number: int) -> None:
        try:
            recalculate(part, out / f"batch{number}")
        except BaseException as exc:  # reported below, after both batches end
            errors.append(exc)

    threads = [threading.Thread(target=batch, args=(half, n)) for n, half in enumerate(halves)]
    started = time.perf_counter()
    children_before = children_cpu()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if errors:
        raise SystemExit(f"LibreOffice failed: {errors[0]}")
    return Run("LibreOffice headless recalculation (2 batches)", len(files), seconds,
               children_cpu() - children_before, 0, os.getloadavg()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--big", type=int, default=20000, help="0: skip the memory run")
    parser.add_argument("--naive", type=int, default=5, help="sample for the naive path")
    parser.add_argument("--libreoffice", type=int, default=100, help="sample for LibreOffice")
    parser.add_argument("--stages", type=int, default=200, help="sample for the stage profile")
    parser.add_argument("--keep", type=Path, help="generate into this folder (kept, and "
                        "reused by the next run with --keep: files already there are kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jobzone-bulk-bench-") as scratch:
        base = args.keep or Path(scratch)
        corpus = base / "corpus"
        started = time.perf_counter()
        made = write_bulk_corpus(corpus, args.files, workers=os.cpu_count() or 1,
                                 reuse=args.keep is not None)
        files = [f.path for f in made]
        kinds = {kind: sum(f.kind == kind for f in made) for kind in ("clean", "tampered",
                                                                      "edited-formula")}
        print(f"generated {len(files):,} workbooks in {time.perf_counter() - started:.0f} s "
              f"({', '.join(f'{n} {k}' for k, n in kinds.items())}); load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
        report_stages(files[:args.stages])
        runs = measure(args, corpus, files, base)
        print_table(runs, args)


def report_stages(sample: list[Path]) -> None:
    print(f"Where the time goes: CPU ms per file, one process, steady state, "
          f"{len(sample)} files (load {os.getloadavg()[0]:.1f})")
    for label, ms in stage_table(sample):
        print(f"  {label:<40} {ms:7.2f}")
    print()


def measure(args: argparse.Namespace, corpus: Path, files: list[Path], base: Path
            ) -> dict[str, Run]:
    runs = {"full": cold_check("jobzone check --jobs 2 (full check)", corpus, len(files))}
    print(runs["full"].row(), flush=True)
    runs["always"] = cold_check("  same, --formulas always", corpus, len(files),
                                "--formulas", "always")
    print(runs["always"].row(), flush=True)
    naive = in_process("naive: the check, a fresh formulas model per workbook (1 process)",
                       files[:args.naive], naive_check, len(files))
    runs["naive"] = naive
    print(naive.row(f"{args.naive} files, extrapolated"), flush=True)
    runs["formulas"] = in_process("naive: formulas ExcelModel load + calculate (1 process)",
                                  files[:args.naive], formulas_alone, len(files))
    print(runs["formulas"].row(f"{args.naive} files, extrapolated"), flush=True)
    if args.libreoffice:
        runs["libreoffice"] = libreoffice_run(files[:args.libreoffice], base / "libreoffice")
        print(runs["libreoffice"].row(), flush=True)
    if args.big:
        big = base / "big"
        replicate(files, big, args.big)
        runs["big"] = cold_check(f"jobzone check --jobs 2, {args.big:,} files", big, args.big)
        print(runs["big"].row(), flush=True)
    return runs


def verdict(value: float, target: float, higher: bool = True) -> str:
    met = value >= target if higher else value <= target
    return f"{'met' if met else 'NOT met'} (target {'>=' if higher else '<='} {target:g})"


def print_table(runs: dict[str, Run], args: argparse.Namespace) -> None:
    full = runs["full"]
    print("\n| run | files | seconds | files/s | cpu ms/file | peak RSS MiB | load | note |")
    print("|---|---|---|---|---|---|---|---|")
    print(full.row(verdict(full.rate, TARGETS["rate"])))
    print(runs["always"].row())
    print(runs["naive"].row(f"{args.naive} files timed, extrapolated; x2 for two cores: "
                            f"{2 * runs['naive'].rate:.2f} files/s"))
    print(runs["formulas"].row(f"{args.naive} files timed, extrapolated; x2 for two cores: "
                               f"{2 * runs['formulas'].rate:.2f} files/s"))
    if "libreoffice" in runs:
        print(runs["libreoffice"].row(f"{args.libreoffice} files"))
    if "big" in runs:
        print(runs["big"].row())
    idle = 2 / (full.cpu_seconds / full.files)
    print(f"\nfull check: {full.rate:.1f} files/s at load {full.load:.1f}; its CPU cost "
          f"({1000 * full.cpu_seconds / full.files:.1f} ms per file, all processes; the parent "
          f"{1000 * full.parent_cpu_seconds / full.files:.1f}) would allow about {idle:.0f} "
          "files/s on two idle cores")
    for key, what in (("naive", "the check with a fresh model per workbook"),
                      ("formulas", "formulas' ExcelModel per workbook")):
        ratio = full.rate / (2 * runs[key].rate)
        print(f"vs naive, {what} (two cores): {ratio:.0f}x {verdict(ratio, TARGETS['naive'])}; "
              f"per CPU second {runs[key].cpu_seconds / full.cpu_seconds:.0f}x")
    if "libreoffice" in runs:
        lo = runs["libreoffice"]
        print(f"vs LibreOffice: {full.rate / lo.rate:.0f}x "
              f"{verdict(full.rate / lo.rate, TARGETS['libreoffice'])}; per CPU second "
              f"{lo.cpu_seconds / lo.files / (full.cpu_seconds / full.files):.0f}x")
    if "big" in runs:
        ratio = runs["big"].peak_rss / full.peak_rss
        print(f"peak RSS at {args.big:,} files / at {full.files:,}: {ratio:.2f}x "
              f"{verdict(ratio, TARGETS['memory'], higher=False)}")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
