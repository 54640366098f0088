"""Atomic output: a file is either absent, the old one, or complete.

Written to a temporary file in the destination directory and renamed over the
target, so a crash, Ctrl-C or full disk never leaves a half-written workbook.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it into place on success."""
    target = Path(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


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
