"""Stop a block of pure-Python work that runs past its time: `with time_limit(10): ...`.

A workbook's formulas are compiled and evaluated by `formulas`, in Python; a
hostile formula set (hundreds of thousands of formulas, deep chains) can keep it
busy for minutes. The block is interrupted with `TimeLimitExceeded` raised inside
it, so the caller reports a finding and goes on with the next file.

In the main thread (the CLI, process-pool workers) the interruption is SIGALRM,
nested correctly with any timer already running. In other threads (Dask runs
tasks in threads) a timer thread raises the exception asynchronously in the
worker thread (`PyThreadState_SetAsyncExc`), and clears it again if the block
finished first. Either way the exception lands between Python bytecodes: a
single long C call (one numpy operation) finishes before it. A raise that lands
in a finalizer is swallowed by Python, so it is repeated until one lands.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
import time
from collections.abc import Iterator

# An exception raised into running code can land inside a finalizer or a garbage
# collector callback, where Python prints "Exception ignored" and carries on; so the
# limit is raised again at this interval until it lands, and raised once more when
# the block ends if every raise was swallowed.
REFIRE_SECONDS = 0.05


class TimeLimitExceeded(BaseException):
    """The block ran longer than its limit and was interrupted.

    A BaseException, like KeyboardInterrupt: libraries that turn any `Exception`
    into a value (formulas makes it `#REF!` or an unparsable formula) must not
    swallow it and carry on.
    """


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    if threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _async_exception(seconds):
            yield


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    state = {"inside": True, "fired": False}

    def expire(signum: int, frame: object) -> None:
        if state["inside"]:
            state["fired"] = True
            raise TimeLimitExceeded(f"ran longer than {seconds:g} s")

    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, expire)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds,
                                                        REFIRE_SECONDS)
    if previous_delay and previous_delay < seconds:  # an outer limit is sooner: keep it
        signal.signal(signal.SIGALRM, previous_handler)
        signal.setitimer(signal.ITIMER_REAL, previous_delay, previous_interval)
    try:
        yield
    finally:
        state["inside"] = False  # from here on a late alarm does nothing
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:
            left = previous_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), previous_interval)
    if state["fired"]:  # every raise was swallowed (see REFIRE_SECONDS), yet time ran out
        raise TimeLimitExceeded(f"ran longer than {seconds:g} s")


@contextlib.contextmanager
def _async_exception(seconds: float) -> Iterator[None]:
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"inside": True, "fired": False}
    done = threading.Event()

    def expire() -> None:
        if done.wait(seconds):
            return
        while True:  # again and again, until it lands outside a finalizer or the block ends
            with lock:
                if not state["inside"]:
                    return
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    target, ctypes.py_object(TimeLimitExceeded))
            if done.wait(REFIRE_SECONDS):
                return

    timer = threading.Thread(target=expire, daemon=True)
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["inside"] = False
            if state["fired"]:  # raised already, or still pending: never let it escape later
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)
        done.set()
        timer.join()
    if state["fired"]:  # every raise was swallowed, yet time ran out
        raise TimeLimitExceeded(f"ran longer than {seconds:g} s")
