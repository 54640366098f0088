"""The runner on real engines: in-process, a local process pool, and Dask (LocalCluster
and a `dask scheduler` + `dask worker` started as processes on 127.0.0.1)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jobzone.engine.runtime.pool_server import process_alive
from jobzone.engine.runtime.runner import (
    InProcessRunner,
    Runner,
    RunnerError,
    dask_cluster,
    make_runner,
    process_pool,
)
from tests.runner_jobs import crash_on_three, fail_on_three, square, worker_pid


def _results(runner: Runner, fn, items) -> dict[int, object]:  # type: ignore[no-untyped-def]
    try:
        return {d.item: (d.value if d.ok else ("error", d.crashed, d.error))
                for d in runner.run(fn, items)}
    finally:
        runner.close()


def test_make_runner_picks_in_process_for_a_handful_and_a_pool_otherwise() -> None:
    assert isinstance(make_runner(3), InProcessRunner)
    assert isinstance(make_runner(100, jobs=1), InProcessRunner)
    pool = make_runner(100, jobs=2)
    assert pool.workers == 2 and "process pool" in pool.name
    assert make_runner(1, jobs=8).name == "in-process"
    with pytest.raises(RunnerError):
        make_runner(10, jobs=0)


def test_in_process_runs_everything_and_keeps_failures_per_item() -> None:
    results = _results(InProcessRunner(), fail_on_three, range(6))
    assert results[3][:2] == ("error", False)  # type: ignore[index]
    assert "three is refused" in results[3][2]  # type: ignore[index]
    assert {k: v for k, v in results.items() if k != 3} == {0: 0, 1: 1, 2: 2, 4: 4, 5: 5}


def test_process_pool_streams_every_result() -> None:
    assert _results(process_pool(2), square, range(40)) == {n: n * n for n in range(40)}


def test_a_crashed_pool_worker_fails_only_its_item() -> None:
    results = _results(process_pool(2), crash_on_three, range(12))
    assert results[3] == ("error", True, "its worker process died (crashed or was killed)")
    assert {k: v for k, v in results.items() if k != 3} == {n: n * 10 for n in range(12)
                                                            if n != 3}


def test_a_worker_killed_while_idle_costs_nothing() -> None:
    """The pool breaks between runs (a worker killed by the OOM killer or a user while it
    waited for work); the next run starts a fresh pool instead of failing its first file."""
    import signal

    runner = process_pool(2)
    try:
        assert {d.item: d.value for d in runner.run(square, range(4))} == {0: 0, 1: 1, 2: 4, 3: 9}
        executor = runner.executor
        victim = next(iter(executor._processes.values()))  # type: ignore[attr-defined]
        os.kill(victim.pid, signal.SIGKILL)
        hang_guard = time.monotonic() + 600  # the executor's thread notices, however late
        while not executor._broken and time.monotonic() < hang_guard:  # type: ignore[attr-defined]
            time.sleep(0.05)
        assert executor._broken  # type: ignore[attr-defined]
        again = {d.item: (d.value if d.ok else d.error) for d in runner.run(square, range(10))}
        assert again == {n: n * n for n in range(10)}
    finally:
        runner.close()


def test_pool_workers_leave_ctrl_c_to_the_parent(capfd: pytest.CaptureFixture[str]) -> None:
    """A terminal's Ctrl-C reaches every process in the group; an idle worker survives it."""
    import signal

    runner = process_pool(1)
    try:
        (first,) = [d.value for d in runner.run(worker_pid, [0])]
        # decided by the worker's signal mask, not by how long a death would take to show
        ignored = int(next(line.split()[1] for line in
                           Path(f"/proc/{first}/status").read_text().splitlines()
                           if line.startswith("SigIgn:")), 16)
        assert ignored & (1 << (signal.SIGINT - 1)), "the worker does not ignore SIGINT"
        os.kill(first, signal.SIGINT)
        time.sleep(0.5)
        (second,) = [d.value for d in runner.run(worker_pid, [1])]
    finally:
        runner.close()
    assert second == first and "Traceback" not in capfd.readouterr().err


def test_workers_leave_when_the_parent_is_gone_without_shutting_the_pool() -> None:
    """A parent that exits without shutting its pool down (a Ctrl-C landing while the
    pool starts a worker) must not leave workers holding its stdout and stderr open."""
    script = """
import os, sys
from jobzone.engine.runtime.runner import process_pool
from tests.runner_jobs import worker_pid
runner = process_pool(2)
pids = sorted({d.value for d in runner.run(worker_pid, range(8))})
print(" ".join(map(str, pids)), flush=True)
os._exit(0)  # gone, and the pool never told
"""
    # run() returns only once every holder of the output pipes has closed them: a worker
    # that stayed would hold them until the hang guard (600 s) fails the test, however
    # busy the machine (no bound on how soon is asserted)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=600, cwd=Path(__file__).resolve().parent.parent, check=False)
    assert done.returncode == 0, done.stderr
    pids = [int(pid) for pid in done.stdout.split()]
    assert pids
    hang_guard = time.monotonic() + 600
    while any(process_alive(pid) for pid in pids) and time.monotonic() < hang_guard:
        time.sleep(0.05)
    assert not any(process_alive(pid) for pid in pids), "a worker outlived its parent"


ABANDONED_WORKER = """
import os, time
from multiprocessing import forkserver
from jobzone.engine.runtime.pool_server import start_pool_server
start_pool_server({preload!r})
status, task = forkserver.connect_to_new_process([])  # a worker is forked ...
child = forkserver.read_signed(status)
def mask(name):
    line = next(l for l in open(f"/proc/{{child}}/status") if l.startswith(name))
    return int(line.split()[1], 16)
while mask("SigCgt:") & 1 << 16:  # until the child has its own handlers back (SIGCHLD
    time.sleep(0.005)              # no longer caught): no bound, however busy the machine
print("ignored" if mask("SigIgn:") & 1 << 1 else "caught", flush=True)  # SIGINT, at birth
os.close(task)  # ... and its parent is interrupted before writing its task
forkserver.read_signed(status)  # the worker has exited
"""


def _abandon_a_worker(preload: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    script = ABANDONED_WORKER.format(preload=preload)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=900, cwd=Path(__file__).resolve().parent.parent, check=False)


def test_a_worker_abandoned_before_its_task_leaves_no_traceback() -> None:
    """Ctrl-C between asking the fork server for a worker and sending its task: the
    worker reads end-of-file; the terminal must show only the command's own message.
    And a worker ignores SIGINT from birth, before the pool's initializer runs."""
    done = _abandon_a_worker(())
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.split() == ["ignored"]  # and Ctrl-C never reached it


def test_an_abandoned_worker_shows_its_traceback_without_the_quiet_hook() -> None:
    """The cases above are real: multiprocessing alone prints the traceback and gives a
    child Python's SIGINT handler back before it has its task."""
    script = ABANDONED_WORKER.replace(
        "from jobzone.engine.runtime.pool_server import start_pool_server\n"
        "start_pool_server({preload!r})",
        "import multiprocessing\nforkserver.ensure_running()")
    done = subprocess.run([sys.executable, "-c", script.format()], capture_output=True,
                          text=True, timeout=900, check=False,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    assert "EOFError" in done.stderr and "spawn.py" in done.stderr
    assert done.stdout.split() == ["caught"]  # a Ctrl-C would raise KeyboardInterrupt


def test_the_quiet_hook_passes_every_other_error_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from jobzone.engine.runtime import pool_quiet

    seen: list[type[BaseException]] = []
    monkeypatch.setattr(pool_quiet, "_previous_hook", lambda kind, *_: seen.append(kind))
    for kind in (EOFError, ValueError, KeyboardInterrupt):
        try:
            raise kind("not while a worker starts")
        except BaseException as error:
            pool_quiet.quiet_hook(kind, error, error.__traceback__)
    assert seen == [EOFError, ValueError, KeyboardInterrupt]


def test_unreachable_scheduler_is_a_clear_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(RunnerError, match="cannot reach the Dask scheduler"):
        dask_cluster(f"tcp://127.0.0.1:{port}", timeout=1)


@pytest.fixture(scope="module")
def local_cluster() -> Iterator[str]:
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                         host="127.0.0.1", dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow
def test_local_cluster_runs_the_same_interface(local_cluster: str) -> None:
    runner = make_runner(100, scheduler=local_cluster)
    assert "Dask cluster" in runner.name and runner.workers == 2
    results = _results(runner, fail_on_three, range(20))
    assert results[3][:2] == ("error", False)  # type: ignore[index]
    assert {k: v for k, v in results.items() if k != 3} == {n: n for n in range(20) if n != 3}


@pytest.mark.slow
def test_local_cluster_worker_crash_fails_only_its_item(local_cluster: str) -> None:
    results = _results(dask_cluster(local_cluster), crash_on_three, range(8))
    assert results[3][:2] == ("error", True)  # type: ignore[index]
    assert "KilledWorker" in results[3][2]  # type: ignore[index]
    assert {k: v for k, v in results.items() if k != 3} == {n: n * 10 for n in range(8)
                                                            if n != 3}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dask_cli() -> list[str]:
    found = shutil.which("dask", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "dask"]


@pytest.mark.slow
def test_real_scheduler_and_worker_processes(tmp_path: Path) -> None:
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1",
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    logs = [open(tmp_path / name, "w") for name in ("scheduler.log", "worker.log")]  # noqa: SIM115
    scheduler = subprocess.Popen([*_dask_cli(), "scheduler", "--host", "127.0.0.1", "--port",
                                  str(port), "--no-dashboard"], env=env, stdout=logs[0],
                                 stderr=subprocess.STDOUT)
    worker = subprocess.Popen([*_dask_cli(), "worker", address, "--nworkers", "2",
                               "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"],
                              env=env, stdout=logs[1], stderr=subprocess.STDOUT)
    try:
        runner = _wait_for_workers(address, 2)
        results = _results(runner, crash_on_three, range(10))
        assert results[3][:2] == ("error", True)  # type: ignore[index]
        assert {k: v for k, v in results.items() if k != 3} == {n: n * 10 for n in range(10)
                                                                if n != 3}
    finally:
        for process in (worker, scheduler):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()


def _wait_for_workers(address: str, count: int) -> Runner:
    deadline = time.monotonic() + 60
    while True:
        try:
            runner = dask_cluster(address, timeout=5)
        except RunnerError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
            continue
        if runner.workers >= count or time.monotonic() > deadline:
            return runner
        runner.close()
        time.sleep(0.5)
