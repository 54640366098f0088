"""What one child of the check server does: become the caller's process, then run the
caller's command line and leave as a Python program leaves.

The child is forked from the warm server (`jobzone.engine.cli.server`) and then takes on
everything of the caller's process a command depends on (`caller_state` in
`jobzone.engine.cli.server_client`): the standard streams themselves (descriptors),
encoded and buffered as the caller's are, the working directory, the environment (and
what Python caches of it: the temporary folder, the time zone), resource limits, umask
and priority. If any of that cannot be taken on (a limit above the server's hard
limit, a priority the server may not raise to), the child says so before anything is
printed and the caller runs its command alone.

The command then runs outside the server's loop and ends as Python ends a program
(`Py_RunMain`, `Py_FinalizeEx`), step by step: SystemExit's code (a text is printed,
exit 1), an uncaught exception through `sys.excepthook` (typer's; exit 1), then the
non-daemon threads joined, atexit handlers run, stdout flushed (a failure reported as
an unraisable exception and exit 120). A finalizing interpreter then tears down every
module, which would cost a child 0.07 s of CPU (it touches the whole heap it shares
with the server); no check or score leaves anything that teardown would show (a
`__del__` that prints, a file left open and unflushed), so the child leaves there.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
from typing import Any

from jobzone.engine.cli.server_address import NOT_SERVED, send_message

_STDIO = ("stdin", "stdout", "stderr")


class CannotServe(Exception):
    """The caller's process cannot be reproduced here; it runs its command alone."""


def take_on(message: dict[str, Any], fds: list[int]) -> None:
    """This process made the caller's (see the module docstring)."""
    import resource

    for name, (soft, hard) in message["rlimits"].items():
        which = getattr(resource, name, None)
        if which is None:
            raise CannotServe(f"no {name} here")
        if resource.getrlimit(which) != (soft, hard):
            try:
                resource.setrlimit(which, (soft, hard))
            except (ValueError, OSError) as exc:
                raise CannotServe(f"{name}: {exc}") from exc
    priority = int(message["priority"])
    if os.getpriority(os.PRIO_PROCESS, 0) != priority:
        try:
            os.setpriority(os.PRIO_PROCESS, 0, priority)
        except OSError as exc:
            raise CannotServe(f"priority {priority}: {exc}") from exc
    try:
        os.chdir(message["cwd"])
    except OSError as exc:
        raise CannotServe(str(exc)) from exc
    os.umask(int(message["umask"]))
    os.environ.clear()
    os.environ.update(message["env"])
    tempfile.tempdir = None  # found again from TMPDIR and friends, as a new process would
    time.tzset()
    for stream in (sys.stdout, sys.stderr):  # the server's own (/dev/null): empty them
        stream.flush()
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    _stdio_from(message["stdio"])


def _stdio_from(settings: dict[str, Any]) -> None:
    """sys.stdin, stdout and stderr over descriptors 0-2 (now the caller's), as Python
    makes them at start-up, with the caller's encoding, errors and buffering."""
    for fd, name in enumerate(_STDIO):
        setting = settings[name]
        raw = io.FileIO(fd, "r" if fd == 0 else "w", closefd=False)
        raw.name = f"<{name}>"  # type: ignore[misc]  # as CPython names its own streams
        buffer: Any
        if fd == 0:
            size = os.fstat(fd).st_blksize
            buffer = io.BufferedReader(raw, size if size > 1 else io.DEFAULT_BUFFER_SIZE)
        elif setting["write_through"]:  # -u or PYTHONUNBUFFERED: no binary buffer
            buffer = raw
        else:  # sized as `open` sizes it: the descriptor's block size
            size = os.fstat(fd).st_blksize
            buffer = io.BufferedWriter(raw, size if size > 1 else io.DEFAULT_BUFFER_SIZE)
        stream = io.TextIOWrapper(buffer, encoding=setting["encoding"],
                                  errors=setting["errors"], newline="\n",
                                  line_buffering=setting["line_buffering"],
                                  write_through=setting["write_through"])
        stream.mode = "r" if fd == 0 else "w"  # type: ignore[misc]  # as CPython sets it
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def run(conn: socket.socket, message: dict[str, Any], fds: list[int]) -> None:
    """Take on the caller's process, run its command, and leave as Python would."""
    try:
        take_on(message, fds)
    except CannotServe as exc:
        send_message(conn, {"unusable": str(exc)})
        os._exit(NOT_SERVED)  # nothing of the command ran; the caller runs it alone
    # Once the caller knows this pid it passes a Ctrl-C on, at once if one came while it
    # waited: wherever it lands, it ends the command as `jobzone.engine.cli.start.main`
    # ends one (130, nothing printed)
    try:
        send_message(conn, {"pid": os.getpid()})
        conn.close()  # the server holds its own end for the exit status
        code = command_exit_code(list(message["argv"]))
    except KeyboardInterrupt:
        code = 130
    try:
        code = _finalized(code)
    except KeyboardInterrupt:
        code = 130
    os._exit(code)


def command_exit_code(argv: list[str]) -> int:
    """The command line's exit code, as `Py_RunMain` makes it of how `main` ended."""
    from jobzone.engine.cli.app import main

    sys.argv = ["jobzone", *argv]
    try:
        main()
    except SystemExit as stop:
        if stop.code is None:
            return 0
        if isinstance(stop.code, int):  # as a C long, then the status's 8 bits
            return (stop.code if -2**63 <= stop.code < 2**63 else -1) & 0xFF
        print(stop.code, file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # as the program's entry point ends it
        return 130
    except BaseException as error:
        sys.excepthook(type(error), error, error.__traceback__)
        return 1
    return 0


def _finalized(code: int) -> int:
    """`Py_FinalizeEx`'s visible steps; the exit code (120 if stdout cannot be flushed)."""
    threading._shutdown()  # type: ignore[attr-defined]  # joins non-daemon threads
    atexit._run_exitfuncs()
    try:
        if sys.stdout is not None and not sys.stdout.closed:
            sys.stdout.flush()
    except Exception as error:
        with contextlib.suppress(Exception):
            sys.stderr.write(f"Exception ignored in: {sys.stdout!r}\n"
                             + "".join(traceback.format_exception_only(type(error), error)))
        code = 120
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    return code


def find_prctl() -> Any:
    """libc's prctl, found once in the server (finding a library runs a program)."""
    import ctypes
    import ctypes.util

    with contextlib.suppress(Exception):
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").prctl
    return None


def die_with_parent(prctl: Any) -> None:
    """On Linux, the child is sent SIGTERM if the server dies (killed, out of memory), so a
    command whose caller can no longer learn its end does not run on unseen."""
    if prctl is None:
        return
    with contextlib.suppress(Exception):
        prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the server died before the line above
        os._exit(NOT_SERVED)
