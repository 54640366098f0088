"""What the check server loads before it serves, and what it watches while it does.

The warm-up runs real commands (through the same runner a served command uses,
`jobzone.engine.cli.server_child.command_exit_code`), so every import and first-use cost
is paid once in the server; `code_files` is the snapshot a running server compares with
before each command, so it never answers with code that is no longer on disk.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from jobzone.engine.cli.server_child import command_exit_code


def code_files() -> dict[str, tuple[int, int]]:
    """Every file of jobzone's code and data with its size and modification time, and
    every folder of the import path with its modification time (installing, upgrading
    or removing a package changes its folder's listing)."""
    root = Path(__file__).resolve().parent.parent.parent
    seen: dict[str, tuple[int, int]] = {}
    for top in ("engine", "schemas", "workbooks", "jobzone"):
        for folder, dirs, files in os.walk(root / top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in files:
                path = os.path.join(folder, name)
                with contextlib.suppress(OSError):
                    status = os.stat(path)
                    seen[path] = (status.st_size, status.st_mtime_ns)
    for folder in sys.path:
        with contextlib.suppress(OSError):
            if folder and os.path.isdir(folder):
                seen[folder] = (-1, os.stat(folder).st_mtime_ns)
    return seen


def warm_up() -> None:
    """One blank workbook made, checked and scored here, so every import and first-use
    cost (pandera's backends, the template, the check's tables) is paid before the
    first request, once, instead of in every child."""
    with tempfile.TemporaryDirectory(prefix="jobzone-server-") as folder:
        book = str(Path(folder) / "warm-up.xlsx")
        for argv in (["new", book], ["check", "--quiet", book], ["score", "--quiet", book]):
            command_exit_code(argv)
    for stream in (sys.stdout, sys.stderr):  # nothing of the warm-up may reach a client
        stream.flush()
    tempfile.tempdir = None
    from jobzone.engine.runtime.fork_safety import stop_tqdm_monitor

    stop_tqdm_monitor()
