"""`jobzone server start | stop | status`: the check server that answers `jobzone check`
and `jobzone score` without a cold start (`jobzone.engine.cli.server`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from jobzone.engine.cli.contract import choice_option

server_app = typer.Typer(
    help="A warm process that answers `jobzone check` and `jobzone score` at once "
    "(they use it whenever it runs; JOBZONE_NO_SERVER=1 runs them alone).",
    rich_markup_mode=None, no_args_is_help=True)


@server_app.command("start")
def start(
    idle_minutes: Annotated[float, typer.Option(
        "--idle-minutes", help="Stop after this many minutes without a request.",
        min=0.01)] = 30,
) -> None:
    """Start this installation's check server in the background (once it is ready to
    answer, this returns); a running one is left as it is."""
    from jobzone.engine.cli.server_address import ask, private_dir, server_dir

    if os.name != "posix":
        typer.echo("jobzone server needs Unix sockets and fork; commands run on their own "
                   "here", err=True)
        raise typer.Exit(2)
    running = ask({"op": "status"})
    if running:
        typer.echo(f"jobzone server already running (pid {running['pid']}, "
                   f"{running['socket']})")
        return
    folder = server_dir().absolute()
    if not private_dir(folder, create=True):
        typer.echo(f"{folder}: not a directory only this user can use; set "
                   "JOBZONE_SERVER_DIR", err=True)
        raise typer.Exit(2)
    said, process = _spawn(folder, idle_minutes)
    while said == "running":  # another server holds the installation's lock
        process.wait()
        running = _wait_for_lock_holder(folder)
        if running:
            typer.echo(f"jobzone server already running (pid {running['pid']}, "
                       f"{running['socket']})")
            return
        said, process = _spawn(folder, idle_minutes)  # it has gone: start one after all
    if not said.startswith("ready"):
        process.wait()
        typer.echo(f"jobzone server did not start: {said.removeprefix('error ') or 'it exited'}",
                   err=True)
        raise typer.Exit(2)
    status = ask({"op": "status"}) or {}
    typer.echo(f"jobzone server running (pid {process.pid}, {status.get('socket', folder)}); "
               f"it stops after {idle_minutes:g} idle minutes")


def _spawn(folder: Path, idle_minutes: float) -> tuple[str, subprocess.Popen[bytes]]:
    """A server process started; its first line ("ready PID", "running" or "error ...")."""
    read_end, write_end = os.pipe()
    # -P and cwd /: nothing in the caller's directory can stand in for a module the
    # server imports; a new session: no terminal, so a Ctrl-C meant for a command never
    # reaches the server
    process = subprocess.Popen(
        [sys.executable, "-P", "-m", "jobzone.engine.cli.server", str(folder),
         str(idle_minutes * 60), str(write_end)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        pass_fds=(write_end,), start_new_session=True, close_fds=True, cwd="/")
    os.close(write_end)
    with os.fdopen(read_end, "rb") as ready:  # the server's first line, or its end
        said = ready.readline().decode(errors="replace").strip()
    return said, process


def _wait_for_lock_holder(folder: Path) -> dict[str, Any] | None:
    """The status of the server holding the lock once it answers (it was starting), or
    None once it has let go of the lock (it was stopping after its last commands)."""
    import fcntl

    from jobzone.engine.cli.server_address import ask, lock_path

    while True:
        running = ask({"op": "status"}, folder)
        if running:
            return running
        fd = os.open(lock_path(folder), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            time.sleep(0.05)  # held: starting or stopping; ask again
            continue
        finally:
            os.close(fd)  # closing also releases a lock just taken
        return None


@server_app.command("stop")
def stop() -> None:
    """Stop this installation's check server (it finishes the commands it is running)."""
    from jobzone.engine.cli.server_address import ask

    reply = ask({"op": "stop"})
    if not reply:
        typer.echo("jobzone server is not running")
        return
    pid = int(reply["pid"])
    from jobzone.engine.runtime.pool_server import process_alive

    while process_alive(pid):  # it exits once its running commands have finished
        time.sleep(0.02)
    typer.echo(f"jobzone server stopped (pid {pid})")


@server_app.command("status")
def status(
    format: Annotated[str, choice_option(
        "--format", "-f", what="a format", choices=("text", "json"),
        help="text or json.")] = "text",
) -> None:
    """Whether this installation's server runs, what it served and the CPU it used.
    Exit 0 if it runs, 1 if not."""
    from jobzone.engine.cli.server_address import ask, socket_path

    reply = ask({"op": "status"})
    if format == "json":
        typer.echo(json.dumps(reply or {"running": False, "socket": str(socket_path())},
                              indent=2))
    elif reply:
        typer.echo(f"jobzone server running: pid {reply['pid']}, {reply['socket']}, "
                   f"{reply['served']} commands served ({reply['running']} running), "
                   f"their CPU {reply['worker_cpu_seconds']:.3f} s, the server's own "
                   f"{reply['server_cpu_seconds']:.3f} s")
    else:
        typer.echo(f"jobzone server is not running ({socket_path()})")
    if not reply:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(server_app, name="server")
