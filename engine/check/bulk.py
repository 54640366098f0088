"""Check many workbooks on the shared runner (`jobzone.engine.runtime.runner`), one report per file
as it ends.

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
from typing import TYPE_CHECKING, Any

from jobzone.engine.check.pipeline import Checker, CheckOptions, FileReport, finding_from_error
from jobzone.engine.core.findings import Finding, Severity
from jobzone.engine.runtime.runner import WINDOW_PER_WORKER

if TYPE_CHECKING:
    from jobzone.engine.runtime.runner import Runner

FULL_COLLECTION_EVERY = 500  # files between full garbage collections in a worker
MAX_BATCH = 32  # files per worker job (see batch_size)


# What a caller makes of each file's report, in the worker: (position, report) -> its value.
# A module-level function or a functools.partial of one, so it pickles by name.
Finish = Callable[[int, FileReport], Any]


@dataclass(frozen=True)
class CheckJob:
    """Files for a worker, checked as one batch: their positions in the run, names, bytes."""

    numbers: tuple[int, ...]
    files: tuple[str, ...]
    datas: tuple[bytes, ...]
    options: CheckOptions
    finish: Finish | None = None

    @classmethod
    def of(cls, batch: Sequence[tuple[int, str, bytes]], options: CheckOptions,
           finish: Finish | None = None) -> CheckJob:
        numbers, files, datas = zip(*batch, strict=True) if batch else ((), (), ())
        return cls(tuple(numbers), tuple(files), tuple(datas), options, finish)

    def alone(self) -> list[CheckJob]:
        """One job per file: how a batch whose worker died is run again."""
        return [CheckJob((n,), (f,), (d,), self.options, self.finish)
                for n, f, d in zip(self.numbers, self.files, self.datas, strict=True)]


@dataclass(frozen=True)
class Checked:
    number: int  # the file's position among the sources (0-based)
    report: Any  # its FileReport, or what the run's `finish` made of it


def check_job(job: CheckJob) -> list[Any]:
    """A worker's whole task for one batch (module-level, so it pickles by name)."""
    with collected_when_done(max(1, FULL_COLLECTION_EVERY // max(1, len(job.files)))):
        reports = worker_checker(job.options).check_many(list(zip(job.datas, job.files,
                                                                  strict=True)))
        if job.finish is None:
            return reports
        return [job.finish(number, report)
                for number, report in zip(job.numbers, reports, strict=True)]


def batch_size(files: int, workers: int) -> int:
    """Files per job: up to MAX_BATCH, fewer when that would leave a worker idle.

    Validation is shared by a batch (`jobzone.schemas.batch`), so larger is cheaper, until
    the run's last batches keep one worker busy while the other waits.
    """
    return max(1, min(MAX_BATCH, files // (4 * workers * WINDOW_PER_WORKER)))


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

    The first batch of a process is where it imports `formulas` and pandera's checks
    and compiles its formula models: objects that live as long as the process, whose
    one young-generation scan cost ~0.3 s and each full collection after it ~0.1 s
    (0.52 s of GC per 1,000 files in one worker before, 0.06 s after). They are
    frozen instead (`gc.freeze`: the collector skips them from then on). What the
    first batch left as cyclic garbage is kept with them; a workbook's own cycles are
    broken when its check ends (`Checker._release`), so that is the compile's scraps,
    once per process.
    """
    global _settled
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _settled:
            gc.collect(0 if gc.get_count()[1] < full_every else 2)
        else:
            _settled = True
            gc.freeze()
        if paused:
            gc.enable()


# Whether this process has frozen what its first batch brought in (see collected_when_done).
_settled = False


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


def check_files(files: Sequence[Path], options: CheckOptions, runner: Runner,
                finish: Finish | None = None) -> Iterator[Checked]:
    """Each file's report, in the order they finish; a failed or dead worker costs one file.

    Files go to workers in batches (`batch_size`). A batch whose worker died is
    checked again a file at a time once the others are done, so only the file
    that killed its worker is lost. A file that cannot be read (missing, a
    directory, too large, a legacy format) is reported by the parent without a worker.
    `finish` turns each report into what the caller keeps (a report row), in the
    worker; the parent applies it to the reports it makes itself.
    """
    from jobzone.engine.core.errors import WorkbookError
    from jobzone.workbooks.reader import read_workbook_bytes

    def made(number: int, report: FileReport) -> Checked:
        return Checked(number, report if finish is None else finish(number, report))

    unread: list[Checked] = []
    size = batch_size(len(files), runner.workers)

    def jobs() -> Iterator[CheckJob]:
        batch: list[tuple[int, str, bytes]] = []
        for number, path in enumerate(files):
            try:
                data = read_workbook_bytes(path)
            except WorkbookError as exc:
                unread.append(made(number, FileReport(
                    str(path), (finding_from_error(exc),), unreadable=True)))
                continue
            batch.append((number, str(path), data))
            if len(batch) == size:
                yield CheckJob.of(batch, options, finish)
                batch = []
        if batch:
            yield CheckJob.of(batch, options, finish)

    def failed(job: CheckJob, crashed: bool, error: str | None) -> Checked:
        what = "the worker checking this file died" if crashed else error
        failure = Finding("JZ000", Severity.error, f"internal error: {what}", job.files[0])
        return made(job.numbers[0], FileReport(job.files[0], (failure,), unreadable=True))

    again: list[CheckJob] = []
    for done in runner.run(check_job, jobs()):
        yield from _drain(unread)
        if done.ok and done.value is not None:
            yield from (Checked(n, value) for n, value
                        in zip(done.item.numbers, done.value, strict=True))
        elif len(done.item.files) > 1:
            again += done.item.alone()
        else:
            yield failed(done.item, done.crashed, done.error)
    yield from _drain(unread)
    for done in runner.run(check_job, again):
        if done.ok and done.value is not None:
            yield Checked(done.item.numbers[0], done.value[0])
        else:
            yield failed(done.item, done.crashed, done.error)


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
