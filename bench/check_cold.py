"""Wall time of `jobzone check` on one workbook from a cold process (issue 4's budget: 1.0 s).

Runs the real command in fresh processes, several times, and prints min / median /
max, beside the floor every jobzone command pays (`jobzone --help`: Python, typer)
and a run with hypothesis hidden, as on an install without the test extras
(pandera imports hypothesis when it is present). The minimum is the figure least
disturbed by other work on the machine; the CPU time (user + system of the child)
is the cost itself, which other processes on a busy machine do not inflate.
Run: python bench/check_cold.py [RUNS]
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "llmops-engineer.xlsx"
WITHOUT_HYPOTHESIS = ("import sys; sys.modules['hypothesis'] = None; "
                      "sys.argv = ['jobzone', *sys.argv[1:]]; from jobzone.engine.cli.app "
                      "import main; main()")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each run of `command` in a fresh process."""
    walls, cpus = [], []
    for _ in range(runs):
        cpu, start = _children_cpu(), time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{command} exited {done.returncode}: {done.stderr[-500:]!r}")
    return walls, cpus


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    python = sys.executable
    cases = {
        "jobzone --help (floor)": [python, "-m", "jobzone", "--help"],
        "jobzone check example": [python, "-m", "jobzone", "check", str(EXAMPLE)],
        "  same, no hypothesis": [python, "-c", WITHOUT_HYPOTHESIS, "check", str(EXAMPLE)],
        "jobzone check --format json": [python, "-m", "jobzone", "check", "--format", "json",
                                        str(EXAMPLE)],
    }
    print(f"{'cold process, seconds':32} {'wall min':>8} {'median':>7} {'max':>7} "
          f"{'cpu median':>10}   ({runs} runs each)")
    for name, command in cases.items():
        walls, cpus = measure(command, runs)
        print(f"{name:32} {min(walls):8.3f} {statistics.median(walls):7.3f} {max(walls):7.3f} "
              f"{statistics.median(cpus):10.3f}")
    print(f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
