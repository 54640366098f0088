"""The check server: `jobzone check` and `jobzone score` answered by a process that has
already imported what they need (`jobzone server start`).

Why: a cold check spends nearly all its CPU importing (pandas, pandera, numpy, openpyxl:
0.63 of 0.67 s measured, `bench/check_cold.py`); the check itself is a few hundredths
of a second. As a pre-commit hook that import is the whole wait, every commit. pandera
on pandas stays the validator: the server imports it once and runs one warm check, then
forks a child per request, which runs the very command line a cold process would.

A request is the client's argument list, working directory, environment and its
standard input, output and error themselves (passed as descriptors, so the child
writes straight to the client's terminal or pipe, and `isatty` says what it would say
there). The child's exit status goes back to the client from this loop, which reaps it,
with the CPU time it used; a child that dies by a signal is reported as a shell would
(128 + the signal). The client forwards a Ctrl-C to the child.

The server answers only while its code is the code on disk: before each run it compares
jobzone's files with what it loaded, and on any change it says so and stops, and the
client runs the command itself. It stops after `idle` seconds without a request, on
`jobzone server stop`, or on SIGTERM, and removes its socket.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import selectors
import signal
import socket
import struct
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from jobzone.engine.cli.server_address import (
    ServerUnusable,
    private_dir,
    receive_message,
    send_message,
    socket_path,
)

HEADER_SECONDS = 10.0  # a client sends its request at once; one that stalls is dropped
DEFAULT_IDLE_MINUTES = 30
_STDIO = ("stdin", "stdout", "stderr")


class _Stop(Exception):
    """Leave the serving loop (stop requested, or the code changed on disk)."""


def code_files() -> dict[str, tuple[int, int]]:
    """Every file of jobzone's code and data, with its size and modification time."""
    root = Path(__file__).resolve().parent.parent.parent
    seen: dict[str, tuple[int, int]] = {}
    for top in ("engine", "schemas", "workbooks"):
        for folder, dirs, files in os.walk(root / top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in files:
                path = os.path.join(folder, name)
                with contextlib.suppress(OSError):
                    status = os.stat(path)
                    seen[path] = (status.st_size, status.st_mtime_ns)
    return seen


def run_command_line(argv: list[str]) -> int:
    """`jobzone ARGV` in this process, as `jobzone.engine.cli.start.main` runs it; its exit
    code."""
    from jobzone.engine.cli.app import main

    sys.argv = ["jobzone", *argv]
    try:
        main()
    except SystemExit as stop:
        if stop.code is None or isinstance(stop.code, int):
            return stop.code or 0
        print(stop.code, file=sys.stderr)
        return 1
    return 0


def warm_up() -> None:
    """One blank workbook made, checked and scored here, so every import and first-use
    cost (pandera's backends, the template, the check's tables) is paid before the
    first request, once, instead of in every child."""
    with tempfile.TemporaryDirectory(prefix="jobzone-server-") as folder:
        book = str(Path(folder) / "warm-up.xlsx")
        for argv in (["new", book], ["check", "--quiet", book], ["score", "--quiet", book]):
            run_command_line(argv)
    for stream in (sys.stdout, sys.stderr):  # nothing of the warm-up may reach a client
        stream.flush()
    from jobzone.engine.runtime.fork_safety import stop_tqdm_monitor

    stop_tqdm_monitor()


class Server:
    def __init__(self, folder: Path, idle_seconds: float) -> None:
        self.path = socket_path(folder)
        self.idle_seconds = idle_seconds
        self.children: dict[int, socket.socket] = {}
        self.served = 0
        self.worker_cpu = 0.0
        self.started = time.time()
        self.watched: dict[str, tuple[int, int]] = {}
        self.listener: socket.socket | None = None
        self.inode: int | None = None

    # --- start and stop -----------------------------------------------------------
    def bind(self) -> None:
        """Listen at the socket path: bound under a temporary name, then renamed over the
        path, so a client never finds a socket that refuses it."""
        if not private_dir(self.path.parent, create=True):
            raise OSError(f"{self.path.parent}: not a private directory of this user")
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(temporary))
        os.chmod(temporary, 0o600)
        listener.listen(64)
        os.replace(temporary, self.path)
        self.inode = os.stat(self.path).st_ino
        self.listener = listener

    def close(self) -> None:
        """The socket removed, if it is still ours (a newer server may have replaced it)."""
        with contextlib.suppress(OSError):
            if self.inode is not None and os.stat(self.path).st_ino == self.inode:
                os.unlink(self.path)
        if self.listener is not None:
            self.listener.close()

    # --- the loop -------------------------------------------------------------------
    def serve(self) -> None:
        assert self.listener is not None
        wake_read, wake_write = os.pipe()
        os.set_blocking(wake_read, False)
        os.set_blocking(wake_write, False)
        signal.set_wakeup_fd(wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGTERM, _stop_on_signal)
        self.wake = (wake_read, wake_write)
        selector = selectors.DefaultSelector()
        selector.register(self.listener, selectors.EVENT_READ)
        selector.register(wake_read, selectors.EVENT_READ)
        last = time.monotonic()
        try:
            while True:
                timeout = None if self.children else \
                    max(0.0, self.idle_seconds - (time.monotonic() - last))
                events = selector.select(timeout)
                self.reap()
                if not events and not self.children \
                        and time.monotonic() - last >= self.idle_seconds:
                    return
                for key, _ in events:
                    if key.fileobj is self.listener:
                        last = time.monotonic()
                        self.accept()
                    else:
                        with contextlib.suppress(OSError):
                            while os.read(wake_read, 512):
                                pass
                self.reap()
        except _Stop:
            return
        finally:
            signal.set_wakeup_fd(-1)
            self.wait_for_children()

    def accept(self) -> None:
        assert self.listener is not None
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        fds: list[int] = []
        try:
            if not _same_user(conn):
                return conn.close()
            conn.settimeout(HEADER_SECONDS)
            message, fds = receive_message(conn, want_fds=3)
            if message is None:
                return conn.close()
            op = message.get("op")
            if op == "run" and len(fds) == 3:
                return self.start_child(conn, message, fds)
            if op == "status":
                send_message(conn, self.status())
            elif op == "stop":
                send_message(conn, {"stopping": True, "pid": os.getpid()})
                conn.close()
                raise _Stop
            else:
                send_message(conn, {"unusable": f"unknown request {op!r}"})
            conn.close()
        except (OSError, ValueError, ServerUnusable):
            conn.close()
        finally:
            for fd in fds:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def start_child(self, conn: socket.socket, message: dict[str, Any],
                    fds: list[int]) -> None:
        if code_files() != self.watched:
            send_message(conn, {"stale": True})
            conn.close()
            raise _Stop
        pid = os.fork()
        if pid == 0:
            self.child(conn, message, fds)  # never returns
        conn.settimeout(None)
        self.children[pid] = conn
        self.served += 1

    def child(self, conn: socket.socket, message: dict[str, Any], fds: list[int]) -> None:
        code = 2
        try:
            assert self.listener is not None
            self.listener.close()
            for fd in self.wake:
                os.close(fd)
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            send_message(conn, {"pid": os.getpid()})
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
                os.close(fd)
            os.chdir(message["cwd"])
            os.environ.clear()
            os.environ.update(message["env"])
            _stdio_from(message.get("stdio") or {})
            code = run_command_line(list(message["argv"]))
        except KeyboardInterrupt:
            code = 130
        except BaseException:
            with contextlib.suppress(Exception):
                traceback.print_exc()
            code = 2
        finally:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            os._exit(code)

    def reap(self) -> None:
        """Every finished child's exit status and CPU time sent to its client."""
        while self.children:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self._finished(pid, status, usage)

    def wait_for_children(self) -> None:
        while self.children:
            try:
                pid, status, usage = os.wait4(-1, 0)
            except ChildProcessError:
                return
            self._finished(pid, status, usage)

    def _finished(self, pid: int, status: int, usage: Any) -> None:
        conn = self.children.pop(pid, None)
        code = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
        self.worker_cpu += cpu
        if conn is None:
            return
        with contextlib.suppress(OSError):
            send_message(conn, {"exit": code if code >= 0 else 128 - code, "cpu": cpu})
        conn.close()

    def status(self) -> dict[str, Any]:
        own = os.times()
        return {"pid": os.getpid(), "socket": str(self.path), "served": self.served,
                "running": len(self.children), "worker_cpu_seconds": round(self.worker_cpu, 4),
                "server_cpu_seconds": round(own.user + own.system, 4),
                "started": self.started, "idle_seconds": self.idle_seconds,
                "watched_files": len(self.watched)}


def _stop_on_signal(*_: object) -> None:
    raise _Stop


def _same_user(conn: socket.socket) -> bool:
    """The connecting process runs as this user (the folder's mode says so already)."""
    credentials = struct.Struct("3i")
    raw = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, credentials.size)
    _pid, uid, _gid = credentials.unpack(raw)
    return bool(uid == os.getuid())


def _stdio_from(settings: dict[str, Any]) -> None:
    """sys.stdin, stdout and stderr over descriptors 0-2 (now the client's), with the
    client's encodings; buffered as Python buffers them at start-up (stdout by line on a
    terminal, stderr by line always)."""
    for fd, name in enumerate(_STDIO):
        encoding, errors = settings.get(name) or ("utf-8", "strict")
        raw = io.FileIO(fd, "r" if fd == 0 else "w", closefd=False)
        buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
        stream = io.TextIOWrapper(buffered, encoding=encoding, errors=errors, newline="\n",
                                  line_buffering=fd == 2 or (fd == 1 and os.isatty(1)))
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def serve(folder: Path, idle_seconds: float, ready: int | None = None) -> int:
    """Warm up, listen, and serve until idle, stopped or stale; says "ready PID" (or the
    error) on descriptor `ready` once clients can connect."""
    server = Server(folder, idle_seconds)
    try:
        warm_up()
        import threading

        if threading.active_count() > 1:
            raise RuntimeError("a thread is running after the warm-up; forking is unsafe: "
                               + ", ".join(t.name for t in threading.enumerate()))
        server.watched = code_files()
        server.bind()
    except Exception as exc:
        if ready is not None:
            os.write(ready, f"error {exc}\n".encode())
            os.close(ready)
        return 1
    gc.collect()
    gc.freeze()  # children share these pages instead of copying them at their first GC
    if ready is not None:
        os.write(ready, f"ready {os.getpid()}\n".encode())
        os.close(ready)
    try:
        server.serve()
    finally:
        server.close()
    return 0


def main() -> None:
    """`python -m jobzone.engine.cli.server FOLDER IDLE_SECONDS READY_FD` (what
    `jobzone server start` runs, in a new session with no terminal)."""
    folder, idle, ready = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    raise SystemExit(serve(Path(folder), idle, ready))


if __name__ == "__main__":
    main()
