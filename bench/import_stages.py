"""Where an import's time goes, per file: CPU ms of each stage, and the floor of reading.

Run by `python bench/import.py --profile`: the same sources, in one process, through
the functions a worker runs, a batch at a time as the runner hands them out
(`jobzone.engine.importer.batches`). Stages:

- floor: the source's format read alone (rows of cells from .xlsx/.xls/.ods/.csv,
  text from a write-up): what any importer of these files pays;
- read: the whole reading of the source into an assessment (the floor, plus finding
  the tables and mapping their headers and values);
- validate: the schemas, one pandera pass per table for the batch;
- score: the native evaluation and the comparison with the figures the source published;
- build: the canonical package (template patched, formula values computed and cached);
- check: `jobzone check` of the bytes, the batch's tables validated together.

CPU time (`time.process_time`), so other work on the machine inflates it less than wall time.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from jobzone.engine.check.bulk import MAX_BATCH, collected_when_done, worker_checker
from jobzone.engine.check.pipeline import CheckOptions
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.importer import job as J
from jobzone.schemas.batch import validate_assessments
from jobzone.workbooks.legacy.sources import Source

T = TypeVar("T")
STAGES = ("floor (format read alone)", "read (into an assessment)", "validate (batch)",
          "score + compare", "build (template + values)", "check (batch, in memory)")


def _floor(job: J.ReadJob) -> None:
    from jobzone.workbooks.legacy.formats import decode_text, read_spreadsheet

    for file in job.files:
        if job.kind == "writeup":
            decode_text(file.data)
            continue
        suffix = "." + file.name.rsplit(".", 1)[-1].lower()
        read_spreadsheet(file.data, suffix, file.name, file.name, [])


class Clock:
    """CPU seconds per stage and per kind of source."""

    def __init__(self) -> None:
        self.seconds: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))

    def timed(self, stage: str, kinds: Sequence[str], fn: Callable[[], T]) -> T:
        start = time.process_time()
        value = fn()
        share = (time.process_time() - start) / max(1, len(kinds))
        for kind in kinds:
            self.seconds[stage][kind] += share
        return value


def profile(sources: Sequence[Source]) -> None:
    """Print ms per file of each stage, overall and by kind of source."""
    jobs = [J.ReadJob(s.name, s.kind, tuple(J.SourceFile(str(p), p.read_bytes())
                                            for p in s.files)) for s in sources]
    kinds = [job.files[0].name.rsplit(".", 1)[-1].lower() for job in jobs]
    J.build_outputs([(a, "warm-up") for a in _assessments(J.read_sources(jobs[:2]))])
    clock = Clock()
    for start in range(0, len(jobs), MAX_BATCH):
        with collected_when_done():
            _batch(clock, jobs[start:start + MAX_BATCH], kinds[start:start + MAX_BATCH])
    counts = {kind: kinds.count(kind) for kind in sorted(set(kinds))}
    print(f"{'ms per file (CPU)':<28} {'all':>7} " + " ".join(f"{k:>7}" for k in counts))
    total = defaultdict(float)
    for stage in STAGES:
        by_kind = clock.seconds[stage]
        row = [1000 * sum(by_kind.values()) / len(jobs)]
        row += [1000 * by_kind[k] / n for k, n in counts.items()]
        if not stage.startswith("floor"):
            for k, v in by_kind.items():
                total[k] += v
        print(f"{stage:<28} " + " ".join(f"{v:>7.1f}" for v in row))
    print(f"{'total (floor is in read)':<28} {1000 * sum(total.values()) / len(jobs):>7.1f} "
          + " ".join(f"{1000 * total[k] / n:>7.1f}" for k, n in counts.items()))


def _assessments(outcomes: list[J.ReadOutcome]) -> list[Any]:
    return [o.assessment for o in outcomes if o.assessment is not None and not o.failed]


def _batch(clock: Clock, jobs: list[J.ReadJob], kinds: list[str]) -> None:
    from jobzone.engine.core.evaluate import evaluate
    from jobzone.engine.importer.published import compare_published

    for job, kind in zip(jobs, kinds, strict=True):
        clock.timed(STAGES[0], [kind], lambda job=job: _floor(job))  # type: ignore[misc]
    read = [clock.timed(STAGES[1], [kind], lambda job=job: J._read(  # type: ignore[misc]
        job, J.aliases_for(None), [])) for job, kind in zip(jobs, kinds, strict=True)]
    clock.timed(STAGES[2], kinds, lambda: validate_assessments(
        [r.assessment for r in read], AIJRI_1, [j.source for j in jobs]))
    for imported, kind in zip(read, kinds, strict=True):
        clock.timed(STAGES[3], [kind], lambda i=imported: compare_published(  # type: ignore[misc]
            i.published, evaluate(i.assessment, AIJRI_1)))
    built = [clock.timed(STAGES[4], [kind], lambda i=imported: J._package(  # type: ignore[misc]
        i.assessment, "bench", AIJRI_1)) for imported, kind in zip(read, kinds, strict=True)]
    checker = worker_checker(CheckOptions())
    clock.timed(STAGES[5], kinds, lambda: checker.check_many(
        [(b.data, f"bench-{n}.xlsx") for n, b in enumerate(built)]))
