"""Atomic output: a file is either absent, the old one, or complete.

Written to a temporary file in the destination directory and renamed over the
target, so a crash, Ctrl-C or full disk never leaves a half-written workbook.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from jobzone.engine.runtime.deferred_interrupts import interrupts_deferred


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it into place on success.

    Creating the temporary file and removing it again run with Ctrl-C held back, so an
    interrupt never lands between the file's creation and the name that cleans it up.
    """
    target = Path(target)
    tmp: Path | None = None
    try:
        with interrupts_deferred():
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                            dir=target.parent)
            tmp = Path(tmp_name)
            try:
                os.fchmod(fd, _mode_for(target))  # mkstemp's 0600 would make outputs private
            finally:
                os.close(fd)
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        if tmp is not None:
            with interrupts_deferred(), contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        raise


def _mode_for(target: Path) -> int:
    """The replaced file's permissions, or what a plain new file gets under the umask."""
    with contextlib.suppress(OSError):
        return stat.S_IMODE(target.stat().st_mode)
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask, read without changing it where the system allows (Linux)."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        status = Path("/proc/self/status").read_text().splitlines()
        return int(next(line for line in status if line.startswith("Umask:")).split()[1], 8)
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp_path)` and move the result onto `target` only if it succeeds."""
    with atomic_path(target) as tmp:
        write(tmp)


def write_bytes_atomically(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text_atomically(target: Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
