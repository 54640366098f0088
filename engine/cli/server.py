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
import os
import selectors
import signal
import socket
import struct
import sys
import time
from pathlib import Path
from typing import Any

from jobzone.engine.cli.server_address import (
    NOT_SERVED,
    ServerUnusable,
    interpreter_facts,
    lock_path,
    private_dir,
    receive_message,
    send_message,
    socket_path,
)
from jobzone.engine.cli.server_child import die_with_parent, find_prctl
from jobzone.engine.cli.server_warm_up import code_files, warm_up

# A connection waits in the selector, however long, until its request starts to arrive
# (no deadline between connect and send, which a busy machine can stretch). The request
# is one send, so once it has started the rest is there: a client that sends part of
# one and stalls is dropped after this, and its command runs alone.
HEADER_SECONDS = 2.0
AWAITING_REQUEST = "awaiting request"  # the selector's tag for such a connection
# at most this many connections wait at once (a process of the user's that connects and
# never speaks would otherwise hold descriptors until the server idles out); past it a
# new caller is closed at once and runs its command alone
MAX_AWAITING = 64
SOCKET_CHECK_SECONDS = 30.0  # how often an idle server checks its socket is still there
DEFAULT_IDLE_MINUTES = 30


class _Stop(Exception):
    """Leave the serving loop (stop requested, or the code changed on disk)."""


class BecomeChild(BaseException):
    """Raised in a freshly forked child to leave the server's frames (whose `finally`
    blocks belong to the server) and run the command from the top frame
    (`jobzone.engine.cli.server_child`)."""

    def __init__(self, conn: socket.socket, message: dict[str, Any], fds: list[int]) -> None:
        super().__init__()
        self.request = (conn, message, fds)


class Server:
    def __init__(self, folder: Path, idle_seconds: float) -> None:
        self.path = socket_path(folder)
        self.idle_seconds = idle_seconds
        self.pid = os.getpid()
        self.children: dict[int, socket.socket] = {}
        self.awaiting: set[socket.socket] = set()  # accepted, request not yet read
        self.served = 0
        self.worker_cpu = 0.0
        self.started = time.time()
        self.watched: dict[str, tuple[int, int]] = {}
        self.facts = interpreter_facts()
        self.listener: socket.socket | None = None
        self.inode: int | None = None
        self.lock: int | None = None
        self.wake: tuple[int, int] | None = None
        self.selector: selectors.BaseSelector | None = None
        self.prctl = find_prctl() if sys.platform.startswith("linux") else None

    # --- start and stop -----------------------------------------------------------
    def take_lock(self) -> bool:
        """The installation's lock, held for the server's life; False if another server
        holds it (two `server start`s at once: the second leaves)."""
        import fcntl

        fd = os.open(lock_path(self.path.parent), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self.lock = fd
        return True

    def bind(self) -> None:
        """Listen at the socket path. Under the lock no other server can be binding it;
        a socket left there by one that died is removed first."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(self.path))
        os.chmod(self.path, 0o600)
        listener.listen(64)
        self.inode = os.stat(self.path).st_ino
        self.listener = listener

    def close(self) -> None:
        """The socket removed (if it is still ours) and closed: from here on, commands
        run alone instead of waiting for this server."""
        with contextlib.suppress(OSError):
            if self.inode is not None and os.stat(self.path).st_ino == self.inode:
                os.unlink(self.path)
        self.inode = None
        if self.listener is not None:
            self.listener.close()
            self.listener = None

    def in_server(self) -> bool:
        return os.getpid() == self.pid

    def ours(self) -> bool:
        """Is the socket path still this server's socket?"""
        try:
            return os.stat(self.path).st_ino == self.inode
        except OSError:
            return False

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
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.listener, selectors.EVENT_READ)
        self.selector.register(wake_read, selectors.EVENT_READ)
        last = time.monotonic()
        stopping = False
        try:
            while not (stopping and not self.children):
                try:
                    if not stopping and not self.ours():  # its socket deleted or replaced
                        raise _Stop
                    idle = max(0.0, self.idle_seconds - (time.monotonic() - last))
                    events = self.selector.select(None if stopping else
                                                  min(SOCKET_CHECK_SECONDS, idle))
                    self.reap()
                    if not stopping and not self.children \
                            and time.monotonic() - last >= self.idle_seconds:
                        return
                    for key, _ in events:
                        if key.fileobj is self.listener:
                            last = time.monotonic()
                            self.accept()
                        elif key.data == AWAITING_REQUEST:
                            self.answer(key.fileobj)  # type: ignore[arg-type]
                        elif key.fileobj == wake_read:
                            with contextlib.suppress(OSError):
                                while os.read(wake_read, 512):
                                    pass
                        else:
                            self.caller_gone(key.data)
                    self.reap()
                except _Stop:
                    # stop listening at once (new commands run alone, not after these);
                    # go on serving the running commands' callers until they finish
                    # (a second stop or SIGTERM changes nothing)
                    if not stopping and self.listener is not None:
                        self.selector.unregister(self.listener)
                    self.close()
                    self.send_away_awaiting()
                    stopping = True
        finally:
            if self.in_server():
                signal.set_wakeup_fd(-1)
                self.close()
                self.send_away_awaiting()
                self.wait_for_children()

    def accept(self) -> None:
        """A caller's connection, left in the selector until its request arrives."""
        assert self.listener is not None and self.selector is not None
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        try:
            if not _same_user(conn):
                return conn.close()
        except OSError:
            return conn.close()
        if len(self.awaiting) >= MAX_AWAITING:
            return conn.close()
        self.awaiting.add(conn)
        self.selector.register(conn, selectors.EVENT_READ, AWAITING_REQUEST)

    def send_away_awaiting(self) -> None:
        """Connections whose request has not come, closed: a stopping server runs no new
        command, and their callers run theirs alone."""
        for conn in self.awaiting:
            if self.selector is not None:
                with contextlib.suppress(KeyError, ValueError):
                    self.selector.unregister(conn)
            conn.close()
        self.awaiting = set()

    def answer(self, conn: socket.socket) -> None:
        """Read a request that has started to arrive, and answer it."""
        assert self.selector is not None
        self.selector.unregister(conn)  # first: a SIGTERM's _Stop between the two lines
        self.awaiting.discard(conn)     # must not leave it registered and unlisted
        fds: list[int] = []
        try:
            conn.settimeout(HEADER_SECONDS)
            message, fds = receive_message(conn, want_fds=3)
            if message is None:
                return conn.close()
            op = message.get("op")
            if op == "run" and len(fds) == 3:
                if message.get("python") != self.facts:
                    send_message(conn, {"unusable": "another interpreter set-up"})
                else:
                    self.start_child(conn, message, fds)
                    return
            elif op == "status":
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
            if self.in_server():
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
            self.leave_to_child()
            die_with_parent(self.prctl)
            raise BecomeChild(conn, message, fds)
        conn.settimeout(None)
        self.children[pid] = conn
        assert self.selector is not None
        self.selector.register(conn, selectors.EVENT_READ, pid)  # its caller's end
        self.served += 1

    def leave_to_child(self) -> None:
        """In a new child: nothing of the server's stays open or installed."""
        signal.set_wakeup_fd(-1)
        for number in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(number, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        if self.selector is not None:
            self.selector.close()
        if self.listener is not None:
            self.listener.close()
        for fd in (*(self.wake or ()), *((self.lock,) if self.lock is not None else ())):
            os.close(fd)
        for other in (*self.children.values(), *self.awaiting):  # other callers' connections
            other.close()
        self.children = {}
        self.awaiting = set()

    def caller_gone(self, pid: int) -> None:
        """A caller's connection is readable while its command runs: the caller has gone
        (killed, or its terminal closed), so its command is stopped as it would have
        been with it."""
        conn = self.children.get(pid)
        if conn is None:
            return
        with contextlib.suppress(OSError, ProcessLookupError):
            if conn.recv(4096, socket.MSG_DONTWAIT) == b"":  # bytes it sent are dropped
                os.kill(pid, signal.SIGTERM)
                assert self.selector is not None
                self.selector.unregister(conn)

    def reap(self) -> None:
        """Every finished child's exit status and CPU time sent to its caller."""
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
        if code == NOT_SERVED:  # the caller runs its command alone
            self.served -= 1
        else:
            self.worker_cpu += cpu
        if conn is None:
            return
        if self.selector is not None:
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(conn)
        with contextlib.suppress(OSError):  # killed by a signal: the caller dies by it too
            send_message(conn, {"exit": code if code >= 0 else 128 - code,
                                "signal": -code if code < 0 else None, "cpu": cpu})
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


def _say(ready: int | None, line: str) -> None:
    if ready is not None:
        os.write(ready, f"{line}\n".encode())
        os.close(ready)


def serve(folder: Path, idle_seconds: float, ready: int | None = None) -> int:
    """Warm up, listen, and serve until idle, stopped or stale; says "ready PID" (or
    "running" when another server holds the lock, or the error) on descriptor `ready`
    once clients can connect. In a child it forks, raises BecomeChild."""
    server = Server(folder, idle_seconds)
    try:
        if not private_dir(folder, create=True):
            raise OSError(f"{folder}: not a private directory of this user")
        if not server.take_lock():
            _say(ready, "running")
            return 0
        warm_up()
        import threading

        if threading.active_count() > 1:
            raise RuntimeError("a thread is running after the warm-up; forking is unsafe: "
                               + ", ".join(t.name for t in threading.enumerate()))
        server.watched = code_files()
        server.bind()
    except Exception as exc:
        _say(ready, f"error {exc}")
        return 1
    gc.collect()
    gc.freeze()  # children share these pages instead of copying them at their first GC
    _say(ready, f"ready {os.getpid()}")
    try:
        server.serve()
    finally:
        if server.in_server():
            server.close()
    return 0


def main() -> None:
    """`python -m jobzone.engine.cli.server FOLDER IDLE_SECONDS READY_FD` (what
    `jobzone server start` runs, in a new session with no terminal). A child forked for
    a command runs it from here, outside the server's frames (whose `finally` blocks
    are the server's)."""
    folder, idle, ready = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    request = None
    try:
        code = serve(Path(folder), idle, ready)
    except BecomeChild as become:
        request = become.request
    if request is None:
        raise SystemExit(code)
    from jobzone.engine.cli.server_child import run

    run(*request)  # never returns: the child leaves as the command's program would


if __name__ == "__main__":
    main()
