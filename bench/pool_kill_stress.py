"""Kill a process-pool worker at a random moment while the workers send large results,
round after round, and count the runs that never end.

A worker killed in the middle of sending a result larger than one pipe write leaves
half a message in the pool's shared pipe, and `concurrent.futures` then waits for the
rest forever (`jobzone.engine.runtime.result_files` has the story). Each round starts a
pool, lets its workers come up, SIGKILLs one 10-200 ms into a run of 2,000 results of
200 KB, and waits up to 60 s for the run to end. A hung round ends the script with exit
1 (its pool cannot be shut down, so the process leaves without waiting for it).

    python bench/pool_kill_stress.py [ROUNDS]
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jobzone.engine.runtime.runner import process_pool
from tests.runner_jobs import large


def one_round(rng: random.Random) -> bool:
    """True when the run ended after one of its workers was killed."""
    runner = process_pool(2)
    list(runner.run(large, range(2)))  # the workers are up
    victim = next(iter(runner.executor._processes.values()))  # type: ignore[attr-defined]

    def kill() -> None:
        time.sleep(rng.uniform(0.01, 0.2))
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim.pid, signal.SIGKILL)

    ended = threading.Event()

    def run() -> None:
        list(runner.run(large, range(2000)))
        ended.set()

    threading.Thread(target=kill, daemon=True).start()
    threading.Thread(target=run, daemon=True).start()
    if not ended.wait(60):
        return False
    runner.close()
    return True


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    rng = random.Random(17)
    started = time.perf_counter()
    for number in range(1, rounds + 1):
        if not one_round(rng):
            print(f"round {number} of {rounds}: the run never ended (hung)", flush=True)
            os._exit(1)
    print(f"{rounds} rounds, a worker killed in each: none hung "
          f"({time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
