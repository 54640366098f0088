"""The formula engine opens one workbook: jobzone's own skeleton, never one a formula names.

`formulas` follows references to other workbooks by opening them from disk,
relative to the workbook it loads: `'../../home/me/[pay.xlsx]Sheet1'!A1`,
`INDIRECT("'/srv/[x.xlsx]S'!A1")` and a defined name pointing at another file all
make it read that file (with its own openpyxl load, past jobzone's archive guard)
and feed its values into the results. Inside `only_workbook(path)`, any other
workbook `formulas` tries to open is refused; formulas turns the refusal into
`#REF!`, which the evaluator reports as a finding at the cell.

`formulas` imports its loader at each call, so the guard is installed once on
that module and consults a per-thread allowance: code that uses `formulas`
outside this context (benchmarks, other threads) is unaffected.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_allowed = threading.local()
_install_lock = threading.Lock()


class ForeignWorkbook(FileNotFoundError):
    """A formula named a workbook other than the one being evaluated."""


def _install() -> None:
    from formulas.excel import xlreader

    with _install_lock:
        if getattr(xlreader.load_workbook, "jobzone_guard", False):
            return
        real = xlreader.load_workbook

        def guarded(filename: Any, *args: Any, **kwargs: Any) -> Any:
            allowed = getattr(_allowed, "path", None)
            if allowed is not None and os.path.realpath(str(filename)) != allowed:
                raise ForeignWorkbook(f"{filename}: jobzone never opens another workbook")
            return real(filename, *args, **kwargs)

        guarded.jobzone_guard = True  # type: ignore[attr-defined]
        xlreader.load_workbook = guarded


@contextlib.contextmanager
def only_workbook(path: Path) -> Iterator[None]:
    """While the block runs in this thread, `formulas` may open `path` and nothing else."""
    _install()
    previous = getattr(_allowed, "path", None)
    _allowed.path = os.path.realpath(path)
    try:
        yield
    finally:
        _allowed.path = previous
