"""How much a block may grow this process's peak memory: hostile input must stay small."""

from __future__ import annotations

import contextlib
import resource
from collections.abc import Iterator


@contextlib.contextmanager
def peak_rss_grows_less_than(kilobytes: int) -> Iterator[None]:
    """Fail when the block raises the process's peak resident size by `kilobytes` or more.

    The peak only ever rises, so a block that allocated and freed a gigabyte still fails.
    """
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    yield
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown < kilobytes, f"peak memory grew by {grown // 1024} MB"
