"""Fail a test that hangs instead of hanging the suite: `with deadline(5): ...`.

The hostile corpus holds files built to make a parser run for hours; if a
defence regresses, the test must fail with a clear message, not stall CI. Uses
SIGALRM, so it works in the main thread (where pytest and xdist workers run tests).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator


class DeadlineExceeded(AssertionError):
    pass


@contextlib.contextmanager
def deadline(seconds: float, what: str = "the block") -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise DeadlineExceeded(f"{what} ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
