"""`jobzone check` and `jobzone score` handed to this installation's check server, when
one runs (`jobzone server start`; `jobzone.engine.cli.server`).

Costs one `stat` when no server runs. Whatever goes wrong before the server's child
has started (no server, another user's folder, a server that stopped, code changed
since it started) leaves the command to run in its own process, with nothing printed
yet; JOBZONE_NO_SERVER=1 always does.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
from typing import Any

from jobzone.engine.cli.server_address import (
    NO_SERVER_ENV,
    SERVED_COMMANDS,
    ServerUnusable,
    connect,
    interpreter_facts,
    private_dir,
    receive_message,
    send_message,
    socket_path,
)

SERVER_LOST = 2  # the server died under a running command: some output may be missing


def forward(args: list[str]) -> int | None:
    """The exit code of `jobzone ARGS` run by the server, or None to run it here.

    A Ctrl-C before the request is sent ends the command (130) with nothing done; after
    it, the child the server starts is interrupted as soon as its pid is known, so a
    command is never left running unseen.
    """
    try:
        return _forward(args)
    except KeyboardInterrupt:
        return 130


def _forward(args: list[str]) -> int | None:
    if os.name != "posix" or not args or args[0] not in SERVED_COMMANDS \
            or os.environ.get(NO_SERVER_ENV):
        return None
    path = socket_path()
    if not os.path.exists(path) or not private_dir(path.parent, create=False):
        return None
    streams = (sys.stdin, sys.stdout, sys.stderr)
    if any(stream is None for stream in streams):
        return None
    try:
        for fd in (0, 1, 2):
            os.fstat(fd)
        request = {"op": "run", "argv": args, **caller_state()}  # ready before connecting,
        conn = connect(path)  # then sent in one piece (the server's HEADER_SECONDS)
    except OSError:
        return None
    with conn:
        try:
            send_message(conn, request, [0, 1, 2])
        except (OSError, ValueError, ServerUnusable):
            return None
        interrupted = False
        while True:  # the child's pid (or why there is none), Ctrl-C or not
            try:
                started, _ = receive_message(conn)
                break
            except KeyboardInterrupt:
                interrupted = True
            except (OSError, ValueError, ServerUnusable):
                started = None
                break
        if not started or "pid" not in started:
            return 130 if interrupted else None  # stale or unusable: run here
        pid = int(started["pid"])
        if interrupted:
            _interrupt(pid)
        _pass_on_stops(pid)
        return _exit_code(conn, pid)


def caller_state() -> dict[str, Any]:
    """Everything of this process a command's behaviour depends on, for the server's
    child to take on: directory, environment, how each standard stream is encoded and
    buffered, resource limits, umask, priority, and the interpreter's own modes."""
    import resource

    mask = os.umask(0o022)
    os.umask(mask)
    limits = {name: resource.getrlimit(getattr(resource, name))
              for name in dir(resource) if name.startswith("RLIMIT_")}
    stdio = {}
    for name in ("stdin", "stdout", "stderr"):
        stream = getattr(sys, name)
        stdio[name] = {"encoding": stream.encoding, "errors": stream.errors,
                       "line_buffering": getattr(stream, "line_buffering", False),
                       "write_through": getattr(stream, "write_through", False)}
    return {"cwd": os.getcwd(), "env": dict(os.environ), "stdio": stdio, "umask": mask,
            "rlimits": limits, "priority": os.getpriority(os.PRIO_PROCESS, 0),
            "python": interpreter_facts()}


def _interrupt(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGINT)


def _pass_on_stops(pid: int) -> None:
    """Ctrl-Z (SIGTSTP) stops the command with its caller, and `fg`/`bg` (SIGCONT)
    resumes both, as one process of its own would be stopped and resumed."""

    def stop(*_: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGSTOP)
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stops here until continued
        signal.signal(signal.SIGTSTP, stop)

    def resume(*_: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)

    with contextlib.suppress(ValueError, OSError):  # not the main thread: left as it is
        signal.signal(signal.SIGTSTP, stop)
        signal.signal(signal.SIGCONT, resume)


def _exit_code(conn: socket.socket, pid: int) -> int:
    """Wait for the child's exit status; a Ctrl-C here is passed on to the child, which
    stops as the command would in its own process."""
    while True:
        try:
            finished, _ = receive_message(conn)
        except KeyboardInterrupt:  # every Ctrl-C is the command's, as it would be alone
            _interrupt(pid)
            continue
        except (OSError, ValueError, ServerUnusable):
            finished = None
        if not finished or "exit" not in finished:
            print("jobzone: the check server stopped before the command finished",
                  file=sys.stderr)
            return SERVER_LOST
        if finished.get("signal"):  # the command was killed: so is this process, alike
            _die_by(int(finished["signal"]))
        return int(finished["exit"])


def _die_by(number: int) -> None:
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError):  # SIGKILL and SIGSTOP have no handler
        signal.signal(number, signal.SIG_DFL)
    with contextlib.suppress(OSError, ValueError):
        os.kill(os.getpid(), number)
