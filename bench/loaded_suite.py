"""Run the whole test suite several times in a row on a machine kept busy, and report.

Findings must not depend on how busy the machine is (issue 17): every limit that
decides a finding counts work or CPU time. This script is the proof at the scale of
the suite: it starts `--load` CPU hogs (as `stress --cpu N` does: each spins on
arithmetic, at the suite's own priority, so they really compete for the cores),
runs the README's test command `--runs` times while they spin, and prints one row
per run (outcome, pytest's summary, wall time, the load average over the run). It
exits non-zero when any run failed.

    python bench/loaded_suite.py [--runs 5] [--load 2] [--profile ci] [--log-dir DIR]
                                 [-- PYTEST ARGS]

Use a clean checkout: the suite runs against the files as they are on disk.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(r"^=*\s*(\d+ (passed|failed).*) in [\d.]+s", re.MULTILINE)


def spin(seed: int, parent: int) -> None:
    """One core's worth of load: arithmetic until the parent terminates it, or is gone
    (killed without a chance to stop its hogs)."""
    rng = random.Random(seed)
    total = 0.0
    while os.getppid() == parent:
        for _ in range(100_000):
            total += math.sqrt(rng.random())
        total = 0.0


def _stopped(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)  # through `finally`: the hogs are stopped


def run_suite(profile: str, pytest_args: list[str], log: Path | None = None
              ) -> tuple[int, str, float]:
    """One run of the suite: exit code, pytest's summary line, wall seconds; its whole
    output kept in `log` when given (a red run's tracebacks, a stall's dump)."""
    env = {**os.environ, "HYPOTHESIS_PROFILE": profile}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "2",
                           "-p", "no:cacheprovider", *pytest_args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if log is not None:
        log.write_text(done.stdout + done.stderr, encoding="utf-8")
    found = SUMMARY.findall(done.stdout)
    summary = found[-1][0] if found else (done.stdout.strip().splitlines() or ["no output"])[-1]
    if done.returncode != 0:
        failures = [line for line in done.stdout.splitlines() if line.startswith("FAILED")]
        summary += "".join(f"\n      {line}" for line in failures)
    return done.returncode, summary, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--load", type=int, default=os.cpu_count() or 2,
                        help="CPU hogs kept spinning meanwhile (default: one per core)")
    parser.add_argument("--profile", default="ci", help="HYPOTHESIS_PROFILE (default: ci)")
    parser.add_argument("--log-dir", type=Path,
                        help="keep each run's whole pytest output here (run-N.txt)")
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    if args.log_dir is not None:
        args.log_dir.mkdir(parents=True, exist_ok=True)
    context = multiprocessing.get_context("spawn")
    signal.signal(signal.SIGTERM, _stopped)
    hogs = [context.Process(target=spin, args=(n, os.getpid()), daemon=True)
            for n in range(args.load)]
    for hog in hogs:
        hog.start()
    print(f"load: {args.load} CPU hogs spinning (as `stress --cpu {args.load}`) on "
          f"{os.cpu_count()} cores; hypothesis profile {args.profile}; {args.runs} runs",
          flush=True)
    print(f"{'run':>3}  {'result':<6} {'wall':>8} {'load avg':>8}  pytest", flush=True)
    failed = 0
    try:
        for number in range(1, args.runs + 1):
            log = args.log_dir / f"run-{number}.txt" if args.log_dir is not None else None
            code, summary, seconds = run_suite(args.profile, args.pytest_args, log)
            failed += code != 0
            print(f"{number:>3}  {'green' if code == 0 else 'RED':<6} {seconds:>7.0f}s "
                  f"{os.getloadavg()[1]:>8.1f}  {summary}", flush=True)
    finally:
        for hog in hogs:
            hog.terminate()
    print(f"{args.runs - failed} of {args.runs} runs green under load", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
