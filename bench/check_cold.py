"""Wall time of `jobzone check` on one workbook from a cold process (issue 4's budget: 1.0 s).

Runs the real command in fresh processes, several times, and prints min / median /
max, beside the floor every jobzone command pays (`jobzone --help`: Python, typer)
and a run with hypothesis hidden, as on an install without the test extras
(pandera imports hypothesis when it is present). The minimum is the figure least
disturbed by other work on the machine. Run: python bench/check_cold.py [RUNS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "llmops-engineer.xlsx"
WITHOUT_HYPOTHESIS = ("import sys; sys.modules['hypothesis'] = None; "
                      "sys.argv = ['jobzone', *sys.argv[1:]]; from engine.cli import main; main()")


def wall(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{command} exited {done.returncode}: {done.stderr[-500:]!r}")
    return times


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    python = sys.executable
    cases = {
        "jobzone --help (floor)": [python, "-m", "engine", "--help"],
        "jobzone check example": [python, "-m", "engine", "check", str(EXAMPLE)],
        "  same, no hypothesis": [python, "-c", WITHOUT_HYPOTHESIS, "check", str(EXAMPLE)],
        "jobzone check --format json": [python, "-m", "engine", "check", "--format", "json",
                                        str(EXAMPLE)],
    }
    print(f"{'cold process':32} {'min':>7} {'median':>7} {'max':>7}   ({runs} runs each)")
    for name, command in cases.items():
        times = wall(command, runs)
        print(f"{name:32} {min(times):7.3f} {statistics.median(times):7.3f} {max(times):7.3f}")


if __name__ == "__main__":
    main()
