"""One jobzone run at a time per output directory: an advisory lock, held for the whole run.

Atomic writes keep each file whole, but two runs into one directory still race on
everything *between* files: both pick the same free name for different roles
(one output silently replaces the other) and each rewrites the directory's
report from its own records (the other run's results vanish from it). A second
run therefore waits for the first, then starts from what the first left: its
report, its names. The lock is `fcntl.flock` on `DIR/.jobzone.lock`, released
by the kernel if the holder dies, so a crash or Ctrl-C never leaves it stuck.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

LOCK_NAME = ".jobzone.lock"


@contextlib.contextmanager
def exclusive_output(directory: Path, waiting: Callable[[str], None] | None = None
                     ) -> Iterator[None]:
    """Hold the directory's lock for the block; call `waiting(message)` if another run has it."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no advisory locks, runs are not serialised
        yield
        return
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting(f"{directory}: another jobzone run is writing here; waiting for it")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
