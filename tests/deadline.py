"""Fail a test that hangs instead of hanging the suite: `with deadline(5): ...`.

The hostile corpus holds files built to make a parser run for hours; if a
defence regresses, the test must fail with a clear message, not stall CI. Built
on `jobzone.engine.recalc.time_limit`, so it works in the main thread and in worker threads and
nests with the limits jobzone itself sets.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from jobzone.engine.recalc.time_limit import TimeLimitExceeded, time_limit


class DeadlineExceeded(AssertionError):
    pass


@contextlib.contextmanager
def deadline(seconds: float, what: str = "the block") -> Iterator[None]:
    try:
        with time_limit(seconds):
            yield
    except TimeLimitExceeded:
        raise DeadlineExceeded(f"{what} ran longer than {seconds} s") from None
