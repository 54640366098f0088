"""Module-level jobs the runner tests send to worker processes (they must pickle)."""

from __future__ import annotations

import os


def square(n: int) -> int:
    return n * n


def fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three is refused")
    return n


def crash_on_three(n: int) -> int:
    """Kills its own worker process for 3, as a segfaulting parser would."""
    if n == 3:
        os._exit(13)
    return n * 10


def worker_pid(_: int) -> int:
    return os.getpid()


def stalled(n: int) -> int:
    """An item that will not finish while a test waits on it (its pool is cancelled)."""
    import time

    time.sleep(600.0)
    return n


def large(n: int) -> bytes:
    """A result far larger than one pipe write (a batch of built workbooks is)."""
    return bytes([n % 256]) * 200_000
