"""The check server (`jobzone server start`): a command it answers says, prints and exits
exactly as the same command run in its own process, and the server steps aside when
it cannot answer (code changed, stopped, a folder another user could use).

Real processes throughout: the server is started by `jobzone server start`, the
clients are `python -m jobzone` processes, and every command is run twice, through the
server and with JOBZONE_NO_SERVER=1, and compared. That the server answered is read
from its own count of commands served, not assumed.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jobzone.engine.cli import server as server_module
from jobzone.engine.cli.server_address import receive_message, send_message, socket_path
from jobzone.engine.cli.server_warm_up import code_files
from jobzone.engine.runtime.pool_server import process_alive
from tests.conftest import REFERENCE_WORKBOOK, ROOT
from tests.hostile_corpus import HOSTILE_TITLE, with_cell

HANG_GUARD = 600  # seconds: turns a hang into a failure; no outcome depends on it

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and fork")


@pytest.fixture
def folder() -> Iterator[Path]:
    # short: a Unix socket's path must fit in 108 bytes
    path = Path(tempfile.mkdtemp(prefix="jzs-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def jobzone(folder: Path, *args: str, served: bool = True, cwd: Path = ROOT,
            stdin: bytes | None = None, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "JOBZONE_SERVER_DIR": str(folder), **(env or {})}
    environment.pop("JOBZONE_NO_SERVER", None)
    if not served:
        environment["JOBZONE_NO_SERVER"] = "1"
    return subprocess.run([sys.executable, "-m", "jobzone", *args], capture_output=True,
                          cwd=cwd, env=environment, input=stdin or b"", check=False,
                          timeout=HANG_GUARD)


def status(folder: Path) -> dict[str, object]:
    done = jobzone(folder, "server", "status", "--format", "json")
    return dict(json.loads(done.stdout))


@pytest.fixture
def server(folder: Path) -> Iterator[Path]:
    started = jobzone(folder, "server", "start", "--idle-minutes", "30")
    assert started.returncode == 0, started.stderr.decode()
    assert b"jobzone server running" in started.stdout
    try:
        yield folder
    finally:
        stopped = jobzone(folder, "server", "stop")
        assert b"stopped" in stopped.stdout
        assert not socket_path(folder).exists()


def test_every_answer_is_the_cold_answer(server: Path, tmp_path: Path) -> None:
    """Findings, scorecards, formats, exit codes and stderr, for good, broken and
    missing files, standard input and usage errors."""
    hostile = tmp_path / "hostile.xlsx"
    hostile.write_bytes(with_cell("xl/worksheets/sheet1.xml", "B3",
                                  f'<c r="B3" t="inlineStr"><is><t>{HOSTILE_TITLE}</t></is></c>'))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(REFERENCE_WORKBOOK.read_bytes()[:5000])
    example = str(REFERENCE_WORKBOOK)
    cases: list[tuple[tuple[str, ...], bytes | None]] = [
        (("check", example), None),
        (("check", "--format", "json", example, str(hostile)), None),
        (("check", "--format", "sarif", str(broken)), None),
        (("check", str(tmp_path / "missing.xlsx")), None),
        (("check", "--strict", "--select", "JZ6", example), None),
        (("score", example), None),
        (("score", "--format", "json", example, str(broken)), None),
        (("check", "-"), REFERENCE_WORKBOOK.read_bytes()),
        (("check", "--no-such-option", example), None),
        (("check", "--help"), None),
    ]
    for args, stdin in cases:
        served = jobzone(server, *args, stdin=stdin)
        alone = jobzone(server, *args, stdin=stdin, served=False)
        assert (served.returncode, served.stdout, served.stderr) == \
            (alone.returncode, alone.stdout, alone.stderr), args
    assert status(server)["served"] == len(cases)  # every one was answered by the server


def test_the_callers_directory_environment_and_settings_apply(server: Path,
                                                              tmp_path: Path) -> None:
    """The child works where the client was started, with its environment: a
    jobzone.toml there and a limit set in the environment change the answer alike."""
    shutil.copy(REFERENCE_WORKBOOK, tmp_path / "book.xlsx")
    (tmp_path / "jobzone.toml").write_text('strict = true\nignore = ["JZ605"]\n')
    for env in ({}, {"JOBZONE_MAX_CELLS": "10", "NO_COLOR": "1"}):
        served = jobzone(server, "check", "book.xlsx", cwd=tmp_path, env=env)
        alone = jobzone(server, "check", "book.xlsx", cwd=tmp_path, served=False, env=env)
        assert (served.returncode, served.stdout, served.stderr) == \
            (alone.returncode, alone.stdout, alone.stderr), env
    assert status(server)["served"] == 2


def test_ctrl_c_reaches_the_command_the_server_runs(server: Path) -> None:
    """A check waiting on standard input, interrupted at the client as a terminal does:
    the command stops as it would alone, and nothing is left running in the server."""
    environment = {**os.environ, "JOBZONE_SERVER_DIR": str(server)}
    client = subprocess.Popen([sys.executable, "-m", "jobzone", "check", "-"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=environment, cwd=ROOT,
                              start_new_session=True)
    try:
        while status(server)["running"] != 1:  # the server's child has started
            assert client.poll() is None, client.communicate()
        os.killpg(client.pid, signal.SIGINT)
        # standard input stays open until the caller has exited: the command cannot end
        # by reading to its end (on a busy machine it would, before the Ctrl-C arrived)
        client.wait(timeout=120)
        out, err = client.communicate(timeout=120)
    finally:
        if client.poll() is None:
            client.kill()
    assert client.returncode == 130, (out, err)
    assert b"Traceback" not in err
    while status(server)["running"]:
        pass  # the child's exit is reaped as the client's reply is sent
    assert status(server)["served"] == 1


def test_no_server_means_the_command_runs_alone(folder: Path) -> None:
    done = jobzone(folder, "check", str(REFERENCE_WORKBOOK))
    assert done.returncode == 0 and b"Found 0 errors" in done.stderr
    assert jobzone(folder, "server", "status").returncode == 1
    assert jobzone(folder, "server", "stop").stdout.startswith(b"jobzone server is not running")


def test_a_second_start_keeps_the_running_server(server: Path) -> None:
    pid = status(server)["pid"]
    again = jobzone(server, "server", "start")
    assert again.returncode == 0 and b"already running" in again.stdout
    assert status(server)["pid"] == pid


def test_a_folder_others_can_use_is_never_used(folder: Path) -> None:
    os.chmod(folder, 0o777)
    started = jobzone(folder, "server", "start")
    assert started.returncode == 2 and b"not a directory only this user can use" in \
        started.stderr
    assert jobzone(folder, "check", str(REFERENCE_WORKBOOK)).returncode == 0


def test_the_server_stops_when_idle(folder: Path) -> None:
    started = jobzone(folder, "server", "start", "--idle-minutes", "0.01")
    assert started.returncode == 0
    # from what start printed: on a busy machine the server may be gone before a status
    pid = int(re.search(rb"\(pid (\d+)", started.stdout).group(1))  # type: ignore[union-attr]
    hang_guard = time.monotonic() + HANG_GUARD
    while process_alive(pid) and time.monotonic() < hang_guard:  # it leaves by itself
        time.sleep(0.02)  # after 0.6 s without a request (not a busy wait: on two busy
    assert not process_alive(pid)  # cores that would slow the server)
    assert not socket_path(folder).exists()
    assert jobzone(folder, "check", str(REFERENCE_WORKBOOK)).returncode == 0


def test_changed_code_stops_the_server_and_the_client_runs_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before each command the server compares jobzone's files with what it loaded; on a
    difference it answers "stale" and stops, and the client runs the command itself."""
    monkeypatch.setenv("JOBZONE_SERVER_DIR", str(tmp_path))
    server = server_module.Server(tmp_path, idle_seconds=60)
    server.watched = code_files()
    assert str(ROOT / "engine" / "cli" / "server.py") in server.watched
    server.watched[next(iter(server.watched))] = (-1, 0)  # as if that file had changed
    ours, theirs = socket.socketpair()
    with ours, theirs:
        with pytest.raises(server_module._Stop):
            server.start_child(ours, {"op": "run", "argv": ["check"], "cwd": ".",
                                      "env": {}}, [])
        reply, _ = receive_message(theirs)
    assert reply == {"stale": True}
    assert not server.children


def test_a_caller_slow_to_send_blocks_no_one_and_is_still_answered(server: Path) -> None:
    """A connection that has sent nothing yet waits in the server's selector: others are
    served meanwhile, and its request is answered whenever it comes (no deadline between
    connect and send, which a busy machine can stretch)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as slow:
        slow.settimeout(HANG_GUARD)
        slow.connect(str(socket_path(server)))
        assert jobzone(server, "check", str(REFERENCE_WORKBOOK)).returncode == 0
        assert status(server)["served"] == 1  # served while `slow` had sent nothing
        send_message(slow, {"op": "status"})
        reply, _ = receive_message(slow)
    assert reply is not None and reply["served"] == 1


def test_requests_the_server_does_not_know_are_refused(server: Path) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(str(socket_path(server)))
        send_message(conn, {"op": "run", "argv": ["check"]})  # no descriptors sent
        reply, _ = receive_message(conn)
    assert reply is not None and "unusable" in reply
    assert status(server)["served"] == 0


def _blocked_check(folder: Path) -> subprocess.Popen[bytes]:
    """`jobzone check -` through the server, waiting on a standard input the test holds
    open; returned once the server's child for it runs."""
    environment = {**os.environ, "JOBZONE_SERVER_DIR": str(folder)}
    client = subprocess.Popen([sys.executable, "-m", "jobzone", "check", "-"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=environment, cwd=ROOT)
    while status(folder)["running"] != 1:
        assert client.poll() is None, client.communicate()
    return client


def test_a_caller_that_dies_takes_its_command_with_it(server: Path) -> None:
    """Killed (a closed terminal, `timeout`, a cancelled CI job), the caller's command in
    the server is stopped too, as it would be in a process of its own."""
    client = _blocked_check(server)
    client.kill()
    client.wait()
    while status(server)["running"]:
        pass  # the server sees the caller's end close and stops the command
    assert client.stdin is not None
    client.stdin.close()


def test_a_stopping_server_sends_new_commands_away_at_once(folder: Path) -> None:
    """`server stop` while a command runs: the server waits for that command, but new
    commands run alone meanwhile instead of waiting behind it."""
    assert jobzone(folder, "server", "start").returncode == 0
    client = _blocked_check(folder)
    environment = {**os.environ, "JOBZONE_SERVER_DIR": str(folder)}
    stopping = subprocess.Popen([sys.executable, "-m", "jobzone", "server", "stop"],
                                stdout=subprocess.PIPE, env=environment, cwd=ROOT)
    while socket_path(folder).exists():
        pass  # the server has stopped listening
    alone = subprocess.run([sys.executable, "-m", "jobzone", "check", str(REFERENCE_WORKBOOK)],
                           capture_output=True, env=environment, cwd=ROOT, timeout=300,
                           check=False)
    assert alone.returncode == 0  # ran while the other command still holds the server
    assert client.poll() is None and stopping.poll() is None
    out, _ = client.communicate(REFERENCE_WORKBOOK.read_bytes(), timeout=300)
    assert client.returncode == 0 and b"JZ605" in out
    assert b"stopped" in stopping.communicate(timeout=300)[0]


def test_the_callers_limits_and_temporary_folder_apply(folder: Path, tmp_path: Path) -> None:
    """A file-size limit set by the caller stops the served command as it stops the
    command alone; the server's own TMPDIR, gone since, is not the command's."""
    server_tmp = tmp_path / "server-tmp"
    server_tmp.mkdir()
    assert jobzone(folder, "server", "start", env={"TMPDIR": str(server_tmp)}).returncode == 0
    try:
        server_tmp.rmdir()
        args = ("check", "--strict", "--formulas", "always", str(REFERENCE_WORKBOOK))
        served, alone = jobzone(folder, *args), jobzone(folder, *args, served=False)
        assert (served.returncode, served.stdout, served.stderr) == \
            (alone.returncode, alone.stdout, alone.stderr)
        outputs = []
        for served_flag in (True, False):
            sink = tmp_path / f"out-{served_flag}.json"
            environment = {**os.environ, "JOBZONE_SERVER_DIR": str(folder)}
            if not served_flag:
                environment["JOBZONE_NO_SERVER"] = "1"
            with sink.open("wb") as handle:
                done = subprocess.run(
                    [sys.executable, "-m", "jobzone", "check", "--format", "sarif",
                     str(REFERENCE_WORKBOOK)], stdout=handle, stderr=subprocess.PIPE,
                    env=environment, cwd=ROOT, check=False,
                    preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (300, 300)))
            outputs.append((done.returncode, sink.stat().st_size, done.stderr))
        assert outputs[0] == outputs[1]
        assert outputs[0][1] <= 300
        assert status(folder)["served"] == 2
    finally:
        jobzone(folder, "server", "stop")


def test_failures_end_the_served_command_as_they_end_it_alone(server: Path,
                                                               tmp_path: Path) -> None:
    """An uncaught error (typer's handler, exit 1) and standard output closed before the
    first write (Python's exit 120 at its last flush)."""
    bad = {"JOBZONE_MAX_CELLS": "abc"}
    served = jobzone(server, "check", str(REFERENCE_WORKBOOK), env=bad)
    alone = jobzone(server, "check", str(REFERENCE_WORKBOOK), env=bad, served=False)
    assert served.returncode == alone.returncode != 0
    assert served.stderr.strip().splitlines()[-1] == alone.stderr.strip().splitlines()[-1]
    codes = []
    for served_flag in (True, False):
        read_end, write_end = os.pipe()
        os.close(read_end)  # nobody will read: the first write fails
        environment = {**os.environ, "JOBZONE_SERVER_DIR": str(server)}
        if not served_flag:
            environment["JOBZONE_NO_SERVER"] = "1"
        done = subprocess.run([sys.executable, "-m", "jobzone", "score", "--format", "json",
                               str(REFERENCE_WORKBOOK)], stdout=write_end,
                              stderr=subprocess.PIPE, env=environment, cwd=ROOT, check=False)
        os.close(write_end)
        codes.append((done.returncode, done.stderr))
    assert codes[0] == codes[1]
    assert status(server)["served"] == 2


def test_another_interpreter_set_up_runs_alone(server: Path) -> None:
    """A caller whose Python decodes file names or filters warnings otherwise than the
    server's runs its command in its own process."""
    for env in ({"PYTHONWARNINGS": "ignore::UserWarning"}, {"PYTHONUTF8": "0", "LC_ALL": "C"}):
        served = jobzone(server, "check", str(REFERENCE_WORKBOOK), env=env)
        alone = jobzone(server, "check", str(REFERENCE_WORKBOOK), env=env, served=False)
        assert (served.returncode, served.stdout, served.stderr) == \
            (alone.returncode, alone.stdout, alone.stderr)
    assert status(server)["served"] == 0


def test_two_starts_at_once_make_one_server(folder: Path) -> None:
    environment = {**os.environ, "JOBZONE_SERVER_DIR": str(folder)}
    starts = [subprocess.Popen([sys.executable, "-m", "jobzone", "server", "start"],
                               stdout=subprocess.PIPE, env=environment, cwd=ROOT)
              for _ in range(2)]
    said = sorted(start.communicate(timeout=300)[0] for start in starts)
    try:
        assert [start.returncode for start in starts] == [0, 0]
        assert said[0].startswith(b"jobzone server already running")
        assert said[1].startswith(b"jobzone server running")
    finally:
        jobzone(folder, "server", "stop")
    again = jobzone(folder, "server", "start")  # the lock is free: no second server held it
    assert again.stdout.startswith(b"jobzone server running"), again
    jobzone(folder, "server", "stop")


def test_a_socket_path_at_the_length_limit_works(folder: Path) -> None:
    """107 bytes, the most a Unix socket's path may have."""
    name = socket_path(folder).name
    deep = folder / ("d" * (107 - len(str(folder)) - len(name) - 2))
    deep.mkdir(mode=0o700)
    assert len(str(socket_path(deep))) == 107
    assert jobzone(deep, "server", "start").returncode == 0
    try:
        assert jobzone(deep, "check", str(REFERENCE_WORKBOOK)).returncode == 0
        assert status(deep)["served"] == 1
    finally:
        jobzone(deep, "server", "stop")


def test_the_program_and_python_dash_m_share_a_server(server: Path) -> None:
    """`jobzone` (the console script) and `python -m jobzone` are one installation."""
    script = Path(sys.executable).parent / "jobzone"
    environment = {**os.environ, "JOBZONE_SERVER_DIR": str(server)}
    done = subprocess.run([str(script), "check", str(REFERENCE_WORKBOOK)], capture_output=True,
                          env=environment, cwd=ROOT, check=False)
    assert done.returncode == 0
    assert status(server)["served"] == 1


def test_a_killed_server_takes_its_commands_with_it(folder: Path) -> None:
    """Killed (or out of memory), the server's running commands are stopped too, and
    their callers say so instead of waiting."""
    started = jobzone(folder, "server", "start")
    server_pid = int(re.search(rb"\(pid (\d+)", started.stdout).group(1))  # type: ignore[union-attr]
    client = _blocked_check(folder)
    children = _children_of(server_pid)
    assert len(children) == 1
    os.kill(server_pid, signal.SIGKILL)
    client.wait(timeout=120)
    assert client.returncode == 2
    assert client.stderr is not None
    assert b"the check server stopped before the command finished" in client.stderr.read()
    while process_alive(children[0]):
        pass  # SIGTERM from the kernel when its parent died
    assert client.stdin is not None
    client.stdin.close()


def _children_of(pid: int) -> list[int]:
    """Processes whose parent is `pid` (from /proc/PID/stat's fourth field)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found
