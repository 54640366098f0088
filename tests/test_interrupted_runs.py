"""Runs that are interrupted, starved or crowded leave whole files and keep finished results.

Real processes, real signals, a real full disk: concurrent imports into one
directory, a tmpfs that fills up mid-run (or RLIMIT_FSIZE where mounting is not
allowed), Ctrl-C delivered to the whole process group as a terminal does, and a
worker process killed mid-run, in the local pool and on a Dask cluster. After
each, every output that exists opens and scores, no temporary file is left
behind, the report says what happened, and no traceback reaches the user.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jobzone.workbooks.reader import read_assessment
from tests.hostile_corpus import ROOT, WRITEUP

REFERENCE = WRITEUP.read_text(encoding="utf-8")


def jobzone(*args: str | Path, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "jobzone", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            **kwargs)  # type: ignore[call-overload]


HANG_GUARD = 600  # seconds: turns a hang into a failure; no outcome depends on it


def finish(process: subprocess.Popen[str], timeout: float = HANG_GUARD) -> tuple[int, str]:
    """The run's exit code, and its stdout (findings) and stderr (summaries) together; a run
    that never ends fails with what is stuck."""
    try:
        out, err = process.communicate(timeout=timeout)
        err = (out or "") + err
    except subprocess.TimeoutExpired as exc:
        stuck = stuck_processes(process.pid)
        # the run and every process under it (a run not started in its own session has
        # no group of its own to kill: killpg missed it and this waited forever)
        for pid in [*descendants(process.pid), process.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.communicate(timeout=HANG_GUARD)
        pytest.fail(f"the run did not end within {timeout} s; stderr so far: {exc.stderr!r}\n"
                    f"its processes (the run's own first):\n{stuck}")
    return process.returncode, err


def stuck_processes(run: int) -> str:
    """The run and each live process under it: its state, and where each thread waits."""
    lines = []
    for pid in [run, *descendants(run)]:
        proc = Path(f"/proc/{pid}")
        with contextlib.suppress(OSError, IndexError):
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            args = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()[:120]
            waits = [(task / "wchan").read_text() for task in sorted((proc / "task").iterdir())]
            lines.append(f"{proc.name} ppid {fields[1]} state {fields[0]} {args!r} "
                         f"threads waiting in {waits}")
    return "\n".join(lines) or "none left"


def write_ups(folder: Path, count: int, title: str = "LLMOps Engineer {i}") -> Path:
    """`count` copies of the reference write-up, each under its own title (or one shared)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"role-{i:03}.txt").write_text(
            REFERENCE.replace("LLMOps Engineer", title.format(i=i)), encoding="utf-8")
    return folder


def workbooks(folder: Path, count: int) -> Path:
    """`count` copies of the example workbook: a portfolio to report on."""
    from tests.hostile_corpus import example_bytes

    folder.mkdir(parents=True, exist_ok=True)
    data = example_bytes()
    for i in range(count):
        (folder / f"role-{i:03}.xlsx").write_bytes(data)
    return folder


def leftovers(folder: Path) -> list[str]:
    """Temporary files of atomic writes (`.name.XXXX.tmp`) still lying around."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def assert_outputs_whole(out: Path) -> list[Path]:
    """Every workbook in `out` opens and scores like the reference; the report is valid JSON."""
    outputs = sorted(out.glob("*.xlsx"))
    for path in outputs:
        assert read_assessment(path).role.job_title.startswith("LLMOps Engineer"), path
    assert leftovers(out) == []
    return outputs


def report_records(out: Path) -> list[dict[str, object]]:
    return json.loads((out / "import-report.json").read_text(encoding="utf-8"))["files"]


def descendants(pid: int) -> list[int]:
    """Every process under `pid` (children first), read from /proc."""
    found = children(pid)
    return [*found, *(d for child in found for d in descendants(child))]


def children(pid: int) -> list[int]:
    """Process ids whose parent is `pid`, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def wait_for(condition: object, seconds: float = 600) -> None:
    """Poll until `condition`; `seconds` is a hang guard, not a bound any run must meet."""
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition never came true"
        time.sleep(0.05)


@contextlib.contextmanager
def tiny_disk(tmp_path: Path, size: str) -> Iterator[Path]:
    """A real filesystem of `size` (tmpfs); skipped where mounting is not allowed."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                           str(mount_point)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); RLIMIT_FSIZE tests cover it")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


# ------------------------------------------------------------------ concurrency

def test_concurrent_imports_into_one_directory_keep_every_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    sources = [write_ups(tmp_path / f"src{i}", 1, title="LLMOps Engineer") for i in range(4)]
    runs = [jobzone("import", source, "--out", out, "--jobs", "1", "-q") for source in sources]
    results = [finish(run) for run in runs]
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    outputs = assert_outputs_whole(out)
    assert len(outputs) == 4  # one title, four roles: four distinct names, none overwritten
    assert "Traceback" not in "".join(err for _, err in results)


def test_concurrent_reports_into_one_file_leave_a_whole_report(tmp_path: Path) -> None:
    folder = workbooks(tmp_path / "portfolio", 6)
    out = tmp_path / "report.json"
    runs = [jobzone("report", folder, "--out", out, "--jobs", "1") for _ in range(3)]
    assert [finish(run)[0] for run in runs] == [0, 0, 0]
    assert len(json.loads(out.read_text(encoding="utf-8"))["files"]) == 6
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------------ a full disk

def test_import_onto_a_full_disk_fails_the_rest_and_keeps_what_was_written(
        tmp_path: Path) -> None:
    sources = write_ups(tmp_path / "src", 30)
    with tiny_disk(tmp_path, "300k") as disk:
        out = disk / "out"
        code, err = finish(jobzone("import", sources, "--out", out, "--jobs", "2", "-q"))
        outputs = assert_outputs_whole(out)
        assert 0 < len(outputs) < 30
    assert code == 2, err  # the report itself could not be written either
    assert "No space left on device" in err and "could not write the import report" in err
    assert err.count("JZ512") == 30 - len(outputs)
    assert "Traceback" not in err


def test_report_onto_a_full_disk_keeps_the_previous_report(tmp_path: Path) -> None:
    folder = workbooks(tmp_path / "portfolio", 12)
    with tiny_disk(tmp_path, "32k") as disk:  # the report is ~50 KB
        target = disk / "report.html"
        target.write_text("previous report\n", encoding="utf-8")
        code, err = finish(jobzone("report", folder, "--out", target, "--jobs", "1"))
        assert target.read_text(encoding="utf-8") == "previous report\n"
        assert leftovers(disk) == []
    assert code == 2 and "No space left on device" in err and "Traceback" not in err


def test_a_file_size_limit_mid_write_keeps_the_previous_report(tmp_path: Path) -> None:
    """The same without root: RLIMIT_FSIZE makes the write fail with EFBIG part-way."""
    folder = workbooks(tmp_path / "portfolio", 12)
    target = tmp_path / "report.html"
    target.write_text("previous report\n", encoding="utf-8")
    script = ("import resource, signal, sys\n"
              "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
              "resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))\n"
              f"sys.argv = ['jobzone', 'report', {str(folder)!r}, '--out', {str(target)!r},"
              " '--jobs', '1']\n"
              "from jobzone.engine.cli.app import main\nmain()\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, check=False)
    assert done.returncode == 2, done.stderr
    assert "could not write the report" in done.stderr and "Traceback" not in done.stderr
    assert target.read_text(encoding="utf-8") == "previous report\n"
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------------ Ctrl-C

def interrupt_when(process: subprocess.Popen[str], ready: object) -> None:
    """Ctrl-C as a terminal sends it: SIGINT to the whole process group."""
    wait_for(lambda: ready() or process.poll() is not None)  # type: ignore[operator]
    assert process.poll() is None, "the run finished before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)


def test_ctrl_c_during_import_keeps_finished_outputs_and_reports_them(tmp_path: Path) -> None:
    sources = write_ups(tmp_path / "src", 120)
    out = tmp_path / "out"
    run = jobzone("import", sources, "--out", out, "--jobs", "2", "-q", start_new_session=True)
    interrupt_when(run, lambda: len(list(out.glob("*.xlsx"))) >= 3)
    code, err = finish(run)
    assert code == 130, err
    assert "interrupted" in err and "Traceback" not in err
    outputs = assert_outputs_whole(out)
    imported = {Path(str(r["output"])).name for r in report_records(out)
                if r["status"] == "imported"}
    assert imported == {p.name for p in outputs}  # every finished output is in the report
    assert 0 < len(outputs) < 120


def test_ctrl_c_during_report_leaves_no_file(tmp_path: Path) -> None:
    folder = workbooks(tmp_path / "portfolio", 150)
    target = tmp_path / "report.html"
    run = jobzone("report", folder, "--out", target, "--jobs", "2", start_new_session=True)
    interrupt_when(run, lambda: bool(pool_workers(run.pid)))  # while files are checked
    code, err = finish(run)
    assert code != 0
    assert "Traceback" not in err, err
    assert not target.exists() and leftovers(tmp_path) == []


# ------------------------------------------------------------------ a worker dies

def pool_workers(pid: int) -> list[int]:
    """A process pool's workers: the children of its fork server, itself a child of `pid`."""
    return [worker for child in children(pid) for worker in children(child)]


def kill_a_worker(process: subprocess.Popen[str], out: Path) -> int:
    """SIGKILL one pool worker once outputs are being written; returns its pid."""
    wait_for(lambda: len(list(out.glob("*.xlsx"))) >= 2 or process.poll() is not None)
    assert process.poll() is None, "the run finished before a worker could be killed"
    workers = pool_workers(process.pid)
    assert workers, "no pool worker found"
    os.kill(workers[0], signal.SIGKILL)
    return workers[0]


def test_a_killed_pool_worker_costs_at_most_its_own_source(tmp_path: Path) -> None:
    sources = write_ups(tmp_path / "src", 60)
    out = tmp_path / "out"
    run = jobzone("import", sources, "--out", out, "--jobs", "2", "-q")
    kill_a_worker(run, out)
    code, err = finish(run)
    assert code in (0, 1), err
    assert "Traceback" not in err
    records = report_records(out)
    assert len(records) == 60  # every source accounted for
    failed = [r for r in records if r["status"] == "failed"]
    findings = [f for r in failed for f in r["findings"]]  # type: ignore[attr-defined]
    assert all(f["code"] == "JZ510" for f in findings if f["severity"] == "error")
    assert len(failed) <= 1
    assert len(assert_outputs_whole(out)) == 60 - len(failed)


@pytest.mark.slow
def test_a_killed_dask_worker_costs_at_most_its_own_source(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    sources = write_ups(tmp_path / "src", 60)
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster:
        with distributed.Client(cluster, set_as_default=False) as client:
            worker_pids = list(client.run(os.getpid).values())
        run = jobzone("import", sources, "--out", out, "--scheduler", cluster.scheduler_address,
                      "-q")
        wait_for(lambda: len(list(out.glob("*.xlsx"))) >= 2 or run.poll() is not None)
        assert run.poll() is None, "the run finished before a worker could be killed"
        os.kill(worker_pids[0], signal.SIGKILL)
        code, err = finish(run)
    assert code in (0, 1), err
    assert "Traceback" not in err
    records = report_records(out)
    assert len(records) == 60
    failed = [r for r in records if r["status"] == "failed"]
    assert len(failed) <= 1
    assert len(assert_outputs_whole(out)) == 60 - len(failed)


def test_ctrl_c_during_a_bulk_check_stops_cleanly(tmp_path: Path) -> None:
    folder = workbooks(tmp_path / "portfolio", 200)
    run = jobzone("check", folder, "--jobs", "2", "--format", "jsonl", start_new_session=True)
    started = time.monotonic()
    interrupt_when(run, lambda: time.monotonic() - started > 3)
    code, err = finish(run)
    assert code != 0 and "Traceback" not in err, err


def test_a_killed_worker_during_a_bulk_check_costs_at_most_its_own_file(tmp_path: Path) -> None:
    # 200 files print ~200 KB of JSON lines and stdout is not read until the kill: the run
    # blocks on the full pipe (64 KiB) long before its end, so it is still running when a
    # worker is killed, however fast the machine
    folder = workbooks(tmp_path / "portfolio", 200)
    run = jobzone("check", folder, "--jobs", "2", "--format", "jsonl")
    wait_for(lambda: pool_workers(run.pid) or run.poll() is not None)
    time.sleep(0.5)  # let the workers take files
    workers = pool_workers(run.pid)
    assert run.poll() is None and workers, "the check finished before a worker could be killed"
    os.kill(workers[0], signal.SIGKILL)
    out, err = run.communicate(timeout=600)  # a hang guard
    assert "Traceback" not in err
    reports = [json.loads(line) for line in out.splitlines() if line.strip()]
    files = [r for r in reports if "file" in r and "findings" in r]
    assert len(files) == 200  # every file has its line
    crashed = [r for r in files if any(f["code"] == "JZ000" for f in r["findings"])]
    assert len(crashed) <= 1
    assert run.returncode in (0, 1, 2)
