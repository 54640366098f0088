"""Where this installation's check server listens, and the messages both ends exchange.

Imported by every `jobzone check` and `jobzone score` before anything else of jobzone
(`jobzone.engine.cli.start`), so it uses the standard library's cheapest modules only.

One server per installation: the socket's name is a digest of the interpreter's prefix
(the venv) and of where jobzone's code lies, so two venvs, or two checkouts, never
answer for each other. The folder is the user's own (mode 0700, checked before use):
another user on the machine can neither connect to the server nor plant a socket in
its place.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import struct
import sys
from pathlib import Path
from typing import Any

# the commands a running server answers; every other command runs in its own process
SERVED_COMMANDS = ("check", "score")
NO_SERVER_ENV = "JOBZONE_NO_SERVER"
DIR_ENV = "JOBZONE_SERVER_DIR"
_LENGTH = struct.Struct("!I")
NOT_SERVED = 125  # a child's exit status when it left the command to its caller
MAX_MESSAGE = 16 * 1024 * 1024  # a message header: argv, cwd and the environment


class ServerUnusable(Exception):
    """The server cannot take this request; the command runs in its own process."""


def interpreter_facts() -> dict[str, Any]:
    """What a command's output depends on in the interpreter that runs it, beyond its
    arguments, directory and environment: file-name and UTF-8 modes, warning filters
    (PYTHONWARNINGS, -W), -X options, dev mode, optimisation, the Python itself. A
    caller whose facts differ from the server's runs its command alone."""
    return {"executable": os.path.realpath(sys.executable), "fs": [sys.getfilesystemencoding(),
                                                 sys.getfilesystemencodeerrors()],
            "utf8_mode": sys.flags.utf8_mode, "dev_mode": sys.flags.dev_mode,
            "optimize": sys.flags.optimize, "bytes_warning": sys.flags.bytes_warning,
            "warnoptions": list(sys.warnoptions),
            "xoptions": sorted(f"{k}={v}" for k, v in sys._xoptions.items())}


def server_dir() -> Path:
    """The user's folder for server sockets: $JOBZONE_SERVER_DIR, else
    $XDG_RUNTIME_DIR/jobzone, else /tmp/jobzone-UID."""
    if os.environ.get(DIR_ENV):
        return Path(os.environ[DIR_ENV])
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        return Path(runtime) / "jobzone"
    return Path("/tmp") / f"jobzone-{os.getuid()}"


def installation_key() -> str:
    """Which interpreter prefix and which copy of jobzone's code a server runs."""
    code = Path(__file__).resolve().parent.parent.parent  # the folder holding engine/
    return hashlib.sha256(f"{sys.prefix}\0{code}".encode()).hexdigest()[:16]


def socket_path(folder: Path | None = None) -> Path:
    return (folder or server_dir()) / f"jz-{installation_key()}.sock"


def lock_path(folder: Path) -> Path:
    """Held by the running server for its whole life: one server per installation."""
    return folder / f"jz-{installation_key()}.lock"


def private_dir(folder: Path, create: bool) -> bool:
    """Is `folder` a real directory owned by this user and closed to others?

    With `create`, makes it (mode 0700) when missing. A folder that fails the test is
    never used: the caller runs without a server.
    """
    if create:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            return False
    try:
        status = os.lstat(folder)
    except OSError:
        return False
    import stat

    return (stat.S_ISDIR(status.st_mode) and status.st_uid == os.getuid()
            and not status.st_mode & 0o077)


def send_message(conn: socket.socket, message: dict[str, Any],
                 fds: list[int] | None = None) -> None:
    data = json.dumps(message).encode()
    framed = _LENGTH.pack(len(data)) + data
    if fds:
        sent = socket.send_fds(conn, [framed], fds)
        if sent < len(framed):
            conn.sendall(framed[sent:])
    else:
        conn.sendall(framed)


def _exactly(conn: socket.socket, size: int, fds: list[int], want_fds: int) -> bytes | None:
    """`size` bytes, never more (the next message may follow from another process);
    None at end of stream. Descriptors arrive with the first byte of their message."""
    buffer = b""
    while len(buffer) < size:
        if want_fds and not fds and not buffer:
            chunk, received, _flags, _addr = socket.recv_fds(conn, size, want_fds)
            fds.extend(received)
        else:
            chunk = conn.recv(size - len(buffer))
        if not chunk:
            return None
        buffer += chunk
    return buffer


def receive_message(conn: socket.socket, want_fds: int = 0
                    ) -> tuple[dict[str, Any] | None, list[int]]:
    """One message (None at end of stream) and the descriptors sent with it."""
    fds: list[int] = []
    head = _exactly(conn, _LENGTH.size, fds, want_fds)
    if head is None:
        return None, fds
    (length,) = _LENGTH.unpack(head)
    if length > MAX_MESSAGE:
        raise ServerUnusable(f"message of {length} bytes")
    body = _exactly(conn, length, fds, 0)
    if body is None:
        return None, fds
    return json.loads(body), fds


def connect(path: Path) -> socket.socket:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(str(path))
    except OSError:
        conn.close()
        raise
    return conn


def ask(message: dict[str, Any], folder: Path | None = None) -> dict[str, Any] | None:
    """A control request (status, stop) to this installation's server; None if none runs."""
    path = socket_path(folder)
    if not private_dir(path.parent, create=False):
        return None
    try:
        conn = connect(path)
    except OSError:
        return None
    with conn:
        send_message(conn, message)
        reply, _ = receive_message(conn)
    return reply
