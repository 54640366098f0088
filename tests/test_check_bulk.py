"""Bulk `jobzone check`: the same findings however the files are spread, streamed as they end.

A generated folder (clean, tampered and edited-formula workbooks, plus broken files)
is checked in-process, on a local process pool and on a real Dask LocalCluster; the
outputs are identical. JSON lines carry one file each, written before the next
report is taken; the parent reads only as many files ahead as the runner has room
for, and text output waits only for files still running.
"""

from __future__ import annotations

import gc
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jobzone.engine.check.bulk import (
    Checked,
    CheckJob,
    batch_size,
    check_files,
    check_job,
    in_input_order,
)
from jobzone.engine.check.pipeline import CheckOptions, FileReport
from jobzone.engine.cli.app import build_app
from jobzone.engine.runtime.runner import WINDOW_PER_WORKER, InProcessRunner, process_pool
from jobzone.workbooks import reader
from tests.bulk_corpus import CLEAN, CorpusFile, write_bulk_corpus
from tests.portfolio import write_broken_files
from tests.test_import_cli import jobzone

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[CorpusFile]]:
    folder = tmp_path_factory.mktemp("bulk")
    made = write_bulk_corpus(folder, 40)
    write_broken_files(folder)  # an empty file, text named .xlsx, shares short of 100 %
    return folder, made


def run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(build_app(), ["check", *args])
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    return done.exit_code, done.stdout, done.stderr


@pytest.fixture(scope="module")
def in_process(corpus: tuple[Path, list[CorpusFile]]) -> tuple[int, dict[str, Any], str]:
    code, out, err = run(str(corpus[0]), "--format", "json", "--jobs", "1")
    return code, json.loads(out), err


def test_pool_and_in_process_give_identical_findings(
        corpus: tuple[Path, list[CorpusFile]], in_process: tuple[int, dict[str, Any], str]
) -> None:
    code, out, err = run(str(corpus[0]), "--format", "json", "--jobs", "2")
    assert (code, json.loads(out), err) == in_process
    assert code == 2 and "2 files could not be checked" in err  # the empty and the text file


def test_every_file_gets_what_it_deserves(corpus: tuple[Path, list[CorpusFile]],
                                          in_process: tuple[int, dict[str, Any], str]) -> None:
    made = corpus[1]
    by_file = {Path(f["file"]).name: f for f in in_process[1]["files"]}
    assert len(by_file) == len(made) + 3
    for item in made:
        found = by_file[item.path.name]
        codes = {f["code"] for f in found["findings"]}
        errors = {f["code"] for f in found["findings"] if f["severity"] == "error"}
        if item.kind == CLEAN:
            assert not errors and found["result"] is not None, found
        else:
            assert item.code in codes, (item.path.name, codes)
    assert by_file["zz-empty.xlsx"]["findings"][0]["code"] == "JZ004"
    assert by_file["zz-shares-short.xlsx"]["result"] is None


def test_jsonl_is_one_object_per_file_with_the_json_entries(
        corpus: tuple[Path, list[CorpusFile]], in_process: tuple[int, dict[str, Any], str]
) -> None:
    code, out, err = run(str(corpus[0]), "--format", "jsonl", "--jobs", "2")
    lines = [json.loads(line) for line in out.splitlines()]
    assert all(set(line) == {"file", "readable", "ruleset", "ruleset_version", "ruleset_hash",
                             "role", "findings", "result"}
               for line in lines)
    expected = in_process[1]["files"]
    assert sorted(lines, key=lambda f: f["file"]) == sorted(expected, key=lambda f: f["file"])
    assert (code, err) == (in_process[0], in_process[2])  # exit code and summary on stderr
    assert err.startswith("Found ") and out.count("\n") == len(expected)


def test_jsonl_writes_each_line_before_taking_the_next_report(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from jobzone.engine.check.outcome import Tally
    from jobzone.engine.cli.commands.check import _write

    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    written_before: list[int] = []

    def reports() -> Iterator[Checked]:
        for number in range(5):
            written_before.append(out.getvalue().count("\n"))
            yield Checked(number, FileReport(f"f{number}.xlsx"))

    _write("jsonl", reports(), Tally(), False)
    assert written_before == [0, 1, 2, 3, 4] and out.getvalue().count("\n") == 5


def test_the_parent_reads_only_as_far_ahead_as_the_runner_has_room(
        corpus: tuple[Path, list[CorpusFile]], monkeypatch: pytest.MonkeyPatch) -> None:
    files = [item.path for item in corpus[1]]
    real = reader.read_workbook_bytes
    reads: list[Path] = []

    def counted(path: Path, *args: Any) -> bytes:
        reads.append(path)
        return real(path, *args)

    monkeypatch.setattr(reader, "read_workbook_bytes", counted)
    runner = process_pool(2, ("jobzone.engine.check.bulk",))
    ahead = []
    try:
        for done, item in enumerate(check_files(files, CheckOptions(), runner), start=1):
            ahead.append(len(reads) - done)
            assert item.report.file == str(files[item.number])
    finally:
        runner.close()
    size = batch_size(len(files), 2)
    assert len(reads) == len(files) and max(ahead) <= 2 * WINDOW_PER_WORKER * size + size


def test_each_checked_workbook_is_freed_when_its_check_ends(
        corpus: tuple[Path, list[CorpusFile]]) -> None:
    from openpyxl.worksheet.worksheet import Worksheet

    def sheets_alive() -> int:
        gc.unfreeze()  # a process's first batch freezes what it holds; count that too
        return sum(isinstance(o, Worksheet) for o in gc.get_objects())

    def check(item: CorpusFile) -> None:
        check_job(CheckJob.of([(0, str(item.path), item.path.read_bytes())], CheckOptions()))

    check(corpus[1][0])  # a process's first batch keeps what it built once (collected_when_done)
    before = sheets_alive()
    for item in corpus[1][:6]:  # clean, and the first tampered and edited-formula ones
        check(item)
        assert sheets_alive() == before


def test_a_process_freezes_its_first_batch_and_collects_after_that(
        corpus: tuple[Path, list[CorpusFile]]) -> None:
    """The first batch's long-lived objects are frozen; later batches freeze nothing."""
    files = [str(item.path) for item in corpus[1][:3]]
    script = f"""
import gc, sys, weakref
from pathlib import Path
from jobzone.engine.check.bulk import CheckJob, check_job
from jobzone.engine.check.pipeline import CheckOptions

def job(name):
    return CheckJob.of([(0, name, Path(name).read_bytes())], CheckOptions())

assert gc.get_freeze_count() == 0
check_job(job({files[0]!r}))
frozen = gc.get_freeze_count()
assert frozen > 10_000, frozen

class Node:
    pass

cycle = Node(); cycle.me = cycle
alive = weakref.ref(cycle)
del cycle
for name in {files[1:]!r}:
    check_job(job(name))
gc.collect()  # frees it unless a later batch froze it too
assert alive() is None, "a later batch froze a garbage cycle"
assert gc.get_freeze_count() <= frozen  # (frozen objects freed by reference counting leave it)
print("ok", frozen)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok ")


def test_text_order_waits_only_for_files_still_running() -> None:
    emitted: list[tuple[int, str]] = []
    arrivals = [1, 2, 0, 4, 3, 5]  # finishing order of files 0..5

    def arriving() -> Iterator[Checked]:
        for step, number in enumerate(arrivals):
            emitted.append((step, "arrives"))
            yield Checked(number, FileReport(f"f{number}"))

    in_input_order(arriving(), lambda r: emitted.append((-1, r.file)))
    order = [what for _, what in emitted]
    assert order == ["arrives", "arrives", "arrives", "f0", "f1", "f2", "arrives",
                     "arrives", "f3", "f4", "arrives", "f5"]


def test_in_process_runner_streams_unreadable_files_in_turn(tmp_path: Path) -> None:
    missing, empty = tmp_path / "gone.xlsx", tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    checked = list(check_files([missing, empty], CheckOptions(), InProcessRunner()))
    assert [(c.number, c.report.findings[0].code, c.report.unreadable) for c in checked] == \
        [(0, "JZ003", True), (1, "JZ004", True)]


def test_bad_jobs_is_exit_2(corpus: tuple[Path, list[CorpusFile]]) -> None:
    code, out, err = run(str(corpus[0]), "--jobs", "0")
    assert (code, out) == (2, "") and "--jobs must be at least 1" in err


@pytest.mark.slow
def test_an_unreachable_scheduler_is_exit_2(corpus: tuple[Path, list[CorpusFile]]) -> None:
    done = jobzone("check", str(corpus[0]), "--scheduler", "tcp://127.0.0.1:9")
    assert (done.returncode, done.stdout) == (2, "")
    assert "cannot reach the Dask scheduler" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_local_dask_cluster_gives_the_same_findings(
        corpus: tuple[Path, list[CorpusFile]], in_process: tuple[int, dict[str, Any], str]
) -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        done = jobzone("check", str(corpus[0]), "--format", "json", "--scheduler",
                       cluster.scheduler_address)
    assert (done.returncode, json.loads(done.stdout), done.stderr) == in_process


class DyingOn(InProcessRunner):
    """Runs jobs here, but any job holding `poison` ends as a dead worker's job does."""

    workers = 1

    def __init__(self, poison: str) -> None:
        self.poison = poison
        self.jobs: list[tuple[str, ...]] = []

    def run(self, fn: Any, items: Any) -> Iterator[Any]:
        from jobzone.engine.runtime.runner import Done

        for job in items:
            self.jobs.append(job.files)
            if any(Path(f).name == self.poison for f in job.files):
                yield Done(job, None, "its worker process died (crashed or was killed)",
                           crashed=True)
            else:
                yield Done(job, fn(job))


def test_a_batch_whose_worker_died_is_checked_again_file_by_file(
        corpus: tuple[Path, list[CorpusFile]]) -> None:
    files = [item.path for item in corpus[1]][:40]
    poison = files[5].name
    runner = DyingOn(poison)
    checked = sorted(check_files(files, CheckOptions(), runner), key=lambda c: c.number)
    assert [c.number for c in checked] == list(range(len(files)))
    size = batch_size(len(files), runner.workers)
    poisoned = [job for job in runner.jobs if poison in map(_name, job)]
    assert size > 1 and len(poisoned[0]) == size  # batched first, then each file alone:
    assert [job for job in runner.jobs if len(job) == 1] == [(f,) for f in poisoned[0]]
    lost = [c for c in checked if c.report.unreadable]
    assert [(c.number, c.report.findings[0].code) for c in lost] == [(5, "JZ000")]
    assert "died" in lost[0].report.findings[0].message


def _name(file: str) -> str:
    return Path(file).name
