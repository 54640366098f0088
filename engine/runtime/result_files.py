"""A pool worker's large results handed back through a file, so a killed worker cannot
hang its parent.

`concurrent.futures.ProcessPoolExecutor` sends each result down one pipe that every
worker shares. A result larger than the pipe's atomic write (PIPE_BUF, 4096 bytes on
Linux) goes in several writes, and a worker killed between two of them leaves half a
message in the pipe: the pool's manager thread then waits in `recv` for the rest
forever, and the run hangs instead of reporting the killed worker's item (seen: an
import whose worker was killed while it sent a batch of built workbooks, stuck for 10
minutes until the test's guard; `py-spy` showed the manager in `Connection._recv` and
the other worker blocked on the queue's lock).

So a worker sends at most a small reply: a result whose pickle fits in `INLINE_BYTES`
goes as it is, a larger one is written to a file of the run's own folder and only its
name is sent. A reply that small is one write (header and body together), which a kill
cannot split. The parent reads the file and removes it; files of workers killed after
writing them go with the folder when the pool closes.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# well under PIPE_BUF (4096): the pool wraps a result in its own reply (ids, pickling)
INLINE_BYTES = 2048


@dataclass(frozen=True)
class ResultFile:
    """Where a worker left a result too large to send down the shared pipe."""

    path: str


class ThroughFiles:
    """`fn` run in a pool worker, its large results left in `folder` (module-level and
    plain, so it pickles by name with the function it wraps)."""

    def __init__(self, fn: Callable[[Any], Any], folder: str) -> None:
        self.fn = fn
        self.folder = folder

    def __call__(self, item: Any) -> Any:
        value = self.fn(item)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if len(data) <= INLINE_BYTES:
            return value
        fd, path = tempfile.mkstemp(dir=self.folder, suffix=".result")
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        return ResultFile(path)


def received(value: Any) -> Any:
    """A worker's result as the parent uses it: read back (and its file removed) if it
    came through a file."""
    if not isinstance(value, ResultFile):
        return value
    try:
        with open(value.path, "rb") as file:
            return pickle.load(file)
    finally:
        os.unlink(value.path)


def results_folder() -> str:
    """A private folder for one pool's result files."""
    return tempfile.mkdtemp(prefix="jobzone-results-")


def remove_folder(folder: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
