"""Start a bulk command's process-pool server before the command line is even parsed.

A pool's workers fork from a server that first imports what they need (pandas,
pandera, openpyxl and the check: about half a second). Started when the command
makes its runner, that import waits for the command line's own start-up (typer,
the command's imports); started here, from the raw arguments, the two overlap.
The guess is cheap and errs both ways harmlessly: a server started for a run that
ends up in-process exits with it, and a run the guess misses starts its server
later, as before. `jobzone check`'s and `jobzone report`'s runners then find it
running with the same preload.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from jobzone.engine.check.preload import PRELOAD as CHECK_PRELOAD
from jobzone.engine.report.preload import PRELOAD as REPORT_PRELOAD

PRELOADS = {"check": CHECK_PRELOAD, "report": REPORT_PRELOAD}


def start_early(args: Sequence[str]) -> bool:
    """Start the pool server if `args` (after the program name) look like a bulk run.

    The runner and the pool server are imported only for a command that may pool (the
    runner brings concurrent.futures and multiprocessing: about 40 ms `--help` and the
    other commands do not need).
    """
    if not args or args[0] not in PRELOADS or not _pooled(args[1:]):
        return False
    from jobzone.engine.runtime.pool_server import start_pool_server

    with contextlib.suppress(Exception):  # a guess: the runner starts it later if this fails
        start_pool_server(PRELOADS[args[0]])
        return True
    return False


def _pooled(args: Sequence[str]) -> bool:
    """More files than a handful, and neither --jobs 1 nor a Dask scheduler."""
    from jobzone.engine.runtime.runner import IN_PROCESS_MAX

    for index, arg in enumerate(args):
        if arg.startswith("--scheduler") or arg in ("--help", "-h", "--jobs=1", "-j1"):
            return False
        if arg in ("--jobs", "-j") and list(args[index + 1:index + 2]) == ["1"]:
            return False
    files = 0
    for arg in args:
        if arg.startswith("-"):
            continue
        path = Path(arg)
        if path.is_dir():
            return True
        files += path.is_file()
    return files > IN_PROCESS_MAX
