"""Check many workbooks on the shared runner (`engine.runner`), one report per file as it ends.

The parent reads each file once, only when the runner has room for it (a few
files per worker in flight), and ships the bytes: pool workers and Dask workers
alike need no access to the files. Each worker process keeps one `Checker` across
files, so what a check computes once (the canonical template, compiled formula
models, imported libraries) is paid once per worker, not per file. Reports stream
back as they finish, with the input position of their file; the caller writes or
counts each one and keeps none, so memory stays flat however many files there are.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from engine.check.pipeline import Checker, CheckOptions, FileReport, finding_from_error
from engine.findings import Finding, Severity

if TYPE_CHECKING:
    from engine.runner import Runner

# Imported once by the process pool's fork server, so each worker starts warm.
PRELOAD = ("engine.check.bulk", "engine.check.pipeline", "engine.check.agreement",
           "engine.check.integrity", "engine.check.rules_drift", "engine.check.method_rules",
           "engine.evaluate", "schemas.validate", "schemas.sheet_frames", "workbooks.reader",
           "workbooks.cells_load", "workbooks.cached_values", "openpyxl", "python_calamine")
FULL_COLLECTION_EVERY = 500  # files between full garbage collections in a worker


@dataclass(frozen=True)
class CheckJob:
    """One file for a worker: its position in the run, its name, its bytes."""

    number: int
    file: str
    data: bytes
    options: CheckOptions


@dataclass(frozen=True)
class Checked:
    number: int  # the file's position among the sources (0-based)
    report: FileReport


def check_job(job: CheckJob) -> FileReport:
    """A worker's whole task for one file (module-level, so it pickles by name)."""
    with collected_when_done():
        return worker_checker(job.options).check_bytes(job.data, job.file)


@contextlib.contextmanager
def collected_when_done(full_every: int = FULL_COLLECTION_EVERY) -> Iterator[None]:
    """Pause the cyclic garbage collector during a check, then free its objects at once.

    A checked workbook is thousands of objects in reference cycles (a cell knows its
    sheet, a sheet its workbook), which only the cyclic collector frees. Left running,
    it fires many times during each check, promotes the workbook being checked to the
    older generations and then, in full collections, re-scans every long-lived object
    of the worker (libraries, compiled formula models: some 380,000): about 6 ms of a
    37 ms check. Paused, the file's objects are still young when the check ends, and
    one young-generation collection frees them (about 1.5 ms). A full collection every
    `full_every` files frees whatever cycles reached an older generation, so memory
    stays flat.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect(0 if gc.get_count()[1] < full_every else 2)
        if paused:
            gc.enable()


@functools.lru_cache(maxsize=4)
def worker_checker(options: CheckOptions) -> Checker:
    """The Checker of this process for these options: it keeps what it computes warm."""
    _skip_absent_geopandas()
    return Checker(options)


def _skip_absent_geopandas() -> None:
    """Let pandera learn once that geopandas is absent, instead of at every column.

    pandera's dtype check runs `from geopandas.array import GeometryDtype` for every
    column it validates; when geopandas is not installed, each failed import searches
    sys.path again (about 2.5 ms of a 30 ms check). A None in sys.modules makes the
    import fail at once with the same ImportError. Nothing changes when it is installed.
    """
    import importlib.util
    import sys

    if "geopandas" not in sys.modules and importlib.util.find_spec("geopandas") is None:
        sys.modules["geopandas"] = None  # type: ignore[assignment]


def check_files(files: Sequence[Path], options: CheckOptions, runner: Runner
                ) -> Iterator[Checked]:
    """Each file's report, in the order they finish; a failed or dead worker costs one file.

    A file that cannot be read (missing, a directory, too large, a legacy format) is
    reported by the parent without a worker.
    """
    from workbooks.errors import WorkbookError
    from workbooks.reader import read_workbook_bytes

    unread: list[Checked] = []

    def jobs() -> Iterator[CheckJob]:
        for number, path in enumerate(files):
            try:
                data = read_workbook_bytes(path)
            except WorkbookError as exc:
                unread.append(Checked(number, FileReport(
                    str(path), (finding_from_error(exc),), unreadable=True)))
                continue
            yield CheckJob(number, str(path), data, options)

    for done in runner.run(check_job, jobs()):
        yield from _drain(unread)
        job = done.item
        if done.ok and done.value is not None:
            yield Checked(job.number, done.value)
        else:
            what = "the worker checking this file died" if done.crashed else done.error
            failure = Finding("JZ000", Severity.error, f"internal error: {what}", job.file)
            yield Checked(job.number, FileReport(job.file, (failure,), unreadable=True))
    yield from _drain(unread)


def _drain(pending: list[Checked]) -> Iterator[Checked]:
    while pending:
        yield pending.pop(0)


def in_input_order(checked: Iterable[Checked], emit: Callable[[FileReport], None]) -> None:
    """Pass reports to `emit` in input order as soon as each one's turn comes.

    Only reports that finished ahead of a slower earlier file wait (a few per worker
    in flight), so text output is the same, file for file, whatever the runner.
    """
    waiting: dict[int, FileReport] = {}
    following = 0
    for item in checked:
        waiting[item.number] = item.report
        while following in waiting:
            emit(waiting.pop(following))
            following += 1
    for number in sorted(waiting):  # only if a file had no report: never drop the others
        emit(waiting[number])
