"""Stop a block of pure-Python work that uses too much CPU: `with time_limit(10): ...`.

A workbook's formulas are compiled and evaluated by `formulas`, in Python; a
hostile formula set (hundreds of thousands of formulas, deep chains) can keep it
busy for minutes. The block is interrupted with `TimeLimitExceeded` raised inside
it, so the caller reports a finding and goes on with the next file.

The limit counts the CPU time of the thread running the block (its own clock,
`pthread_getcpuclockid`), not the wall clock: the same workbook meets the same
verdict on an idle machine and on one whose cores other work shares (a wall-clock
limit once turned a formula's JZ403 into the time limit's JZ406 on a busy CI
machine). A wall-clock guard stays as a last resort, `WALL_FACTOR` times the CPU
limit and never under `MIN_WALL_SECONDS`, far above what any honest workbook needs;
when it fires first the exception is `MachineTooSlow`, whose finding says the
machine was slow rather than blaming the formulas.

A watcher thread reads the block's clock every `POLL_SECONDS` and raises the exception
asynchronously in the block's thread (`PyThreadState_SetAsyncExc`), in the main thread
(the CLI, pool workers) and in worker threads (Dask runs tasks in threads) alike; the
exception lands between Python bytecodes, so a single long C call (one numpy
operation) finishes before it. A raise that lands in a finalizer is swallowed by
Python, so it is repeated until one lands, and once more when the block ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
import time
from collections.abc import Iterator

POLL_SECONDS = 0.02
WALL_FACTOR = 10
MIN_WALL_SECONDS = 60.0


class TimeLimitExceeded(BaseException):
    """The block used more CPU time than its limit and was interrupted.

    A BaseException, like KeyboardInterrupt: libraries that turn any `Exception`
    into a value (formulas makes it `#REF!` or an unparsable formula) must not
    swallow it and carry on.
    """


class MachineTooSlow(TimeLimitExceeded):
    """The wall-clock guard fired before the CPU limit: the machine, not the work, was slow."""


def wall_seconds_for(seconds: float) -> float:
    """The last-resort wall-clock guard of a CPU limit of `seconds`."""
    return max(seconds * WALL_FACTOR, MIN_WALL_SECONDS)


@contextlib.contextmanager
def time_limit(seconds: float, wall_seconds: float | None = None) -> Iterator[None]:
    """Interrupt the block once its thread has used `seconds` of CPU time (or, as a last
    resort, once `wall_seconds` have passed: `wall_seconds_for(seconds)` by default)."""
    wall = wall_seconds_for(seconds) if wall_seconds is None else wall_seconds
    target = threading.get_ident()
    clock = time.pthread_getcpuclockid(target)
    cpu_deadline = time.clock_gettime(clock) + seconds
    wall_deadline = time.monotonic() + wall
    lock = threading.Lock()
    state: dict[str, type[TimeLimitExceeded] | bool | None] = {"inside": True, "fired": None}
    done = threading.Event()

    def overdue() -> type[TimeLimitExceeded] | None:
        if time.clock_gettime(clock) >= cpu_deadline:
            return TimeLimitExceeded
        return MachineTooSlow if time.monotonic() >= wall_deadline else None

    def watch() -> None:
        while not done.wait(POLL_SECONDS):
            with lock:
                if not state["inside"]:
                    return
                kind = state["fired"] or overdue()
                if kind is None:
                    continue
                state["fired"] = kind  # again and again, until it lands outside a finalizer
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target),
                                                           ctypes.py_object(kind))

    watcher = threading.Thread(target=watch, name="jobzone-time-limit", daemon=True)
    watcher.start()
    try:
        yield
    except TimeLimitExceeded as exc:
        if state["fired"] is None:  # an inner or outer limit's: not ours to word
            raise
        raise _worded(state["fired"], seconds, wall) from exc.__cause__
    finally:
        with lock:
            state["inside"] = False
            if state["fired"]:  # raised already, or still pending: never let it escape later
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
        done.set()
        watcher.join()
    fired = state["fired"]
    if isinstance(fired, type):  # every raise was swallowed, yet the limit was reached
        raise _worded(fired, seconds, wall)


def _worded(kind: object, seconds: float, wall: float) -> TimeLimitExceeded:
    if kind is MachineTooSlow:
        return MachineTooSlow(f"the machine was too slow: {wall:g} s passed before "
                              f"{seconds:g} s of CPU time")
    return TimeLimitExceeded(f"used more than {seconds:g} s of CPU time")
