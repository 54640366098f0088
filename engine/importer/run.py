"""`jobzone import`, end to end: sources in, canonical workbooks and a report out.

Two passes through one runner. The first reads, validates and scores every source
(streamed, in parallel); the second builds the workbooks. Names are given between
the two, from all the roles at once, so they never depend on which worker finished
first. Workers see bytes and return bytes; only this process reads the sources
(once, read-only) and writes the output directory, each file atomically.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from jobzone.engine.check.bulk import batch_size
from jobzone.engine.core.findings import Finding, Severity
from jobzone.engine.core.ruleset import AIJRI_1, Ruleset
from jobzone.engine.importer.batches import build_batch, read_batch, run_batched
from jobzone.engine.importer.job import (
    ReadJob,
    ReadOutcome,
    SourceFile,
)
from jobzone.engine.importer.output_names import assign_names
from jobzone.engine.importer.preload import PRELOAD
from jobzone.engine.importer.report import load_previous, write_reports
from jobzone.engine.runtime.atomic import write_bytes_atomically
from jobzone.engine.runtime.deferred_interrupts import interrupts_deferred
from jobzone.engine.runtime.output_lock import exclusive_output
from jobzone.engine.runtime.progress import progress_bar
from jobzone.engine.runtime.runner import Runner, make_runner
from jobzone.workbooks.legacy.sources import Source

# A source that failed with one of these could not be read at all (not merely invalid).
UNREADABLE_CODES = frozenset({"JZ508", "JZ510"})


@dataclass
class ImportPlan:
    sources: list[Source]
    out: Path
    mapping: dict[str, Any] | None = None
    force: bool = False
    jobs: int | None = None
    scheduler: str | None = None
    progress: bool = True
    max_bytes: int = 20 * 1024 * 1024
    rules: Ruleset = AIJRI_1


@dataclass
class ImportRun:
    records: list[dict[str, Any]] = field(default_factory=list)
    interrupted: bool = False
    report_error: str | None = None

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        if self.report_error:
            return 2
        return 1 if any(r["status"] == "failed" for r in self.records) else 0


@dataclass(frozen=True)
class BuildJob:
    source: str
    assessment: Any
    rules: Ruleset = AIJRI_1


def _digest(parts: Sequence[bytes]) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(hashlib.sha256(part).digest())
    return sha.hexdigest()


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _record(source: Source, status: str, findings: list[Finding], rules: Ruleset = AIJRI_1,
            **extra: Any) -> dict[str, Any]:
    """One source's row of the import report: the file record every command shares
    (`jobzone.engine.check.render_json.file_json`: file, role, findings, result) with the
    import's own facts beside it (status, output, digests, unmapped content, published
    figures)."""
    from jobzone.engine.check.render_json import finding_json

    record = {"file": source.name, "readable": True, "ruleset": rules.name,
              "ruleset_version": rules.version or None, "ruleset_hash": rules.digest or None,
              "role": None,
              "findings": [finding_json(f) for f in findings], "result": None,
              "source": source.name, "source_files": [str(f) for f in source.files],
              "output": None, "status": status, "score": None, "zone": None,
              "sub_label": None, "final_zone": None, "unmapped": [], "published": []}
    return {**record, **extra}


class _Importer:
    def __init__(self, plan: ImportPlan, runner: Runner, log: TextIO) -> None:
        self.plan = plan
        self.runner = runner
        self.log = log
        self.mapping_json = json.dumps(plan.mapping, sort_keys=True) if plan.mapping else None
        self.mapping_digest = hashlib.sha256((self.mapping_json or "").encode()).hexdigest()
        self.previous = load_previous(plan.out)
        self.records: dict[str, dict[str, Any]] = {}
        self.digests: dict[str, str] = {}
        self.kept: dict[str, str] = {}  # source -> output name of up-to-date outputs
        # "tracker.csv [row 3]" -> its Source: one assessment of a source holding several
        self.part_of: dict[str, Source] = {}
        self.batch = batch_size(len(plan.sources), runner.workers)  # sources per worker call

    # --- pass 1 ---------------------------------------------------------------------
    def _up_to_date(self, source: Source, digest: str) -> dict[str, Any] | None:
        old = self.previous.get(source.name)
        if self.plan.force or not old or old.get("status") not in ("imported", "skipped"):
            return None
        if old.get("source_sha256") != digest or old.get("mapping_sha256") != self.mapping_digest:
            return None
        if old.get("ruleset_hash") != (self.plan.rules.digest or None):  # made under other rules
            return None
        output = self.plan.out / Path(old.get("output") or "").name
        if not old.get("output") or _file_digest(output) != old.get("output_sha256"):
            return None
        kept = {key: value for key, value in old.items() if key != "files"}  # pre-v1 name
        return {**_record(source, "skipped", []), **kept, "status": "skipped"}

    def jobs(self) -> Iterator[ReadJob]:
        """Read jobs for sources that need importing; the others are recorded on the way."""
        for source in self.plan.sources:
            try:
                data = [self._read(path) for path in source.files]
            except OSError as exc:
                finding = Finding("JZ508", Severity.error, str(exc), source.name)
                self.records[source.name] = _record(source, "failed", [finding],
                                                    readable=False)
                continue
            digest = _digest(data)
            self.digests[source.name] = digest
            kept = self._up_to_date(source, digest)
            if kept is not None:
                self.records[source.name] = kept
                self.kept[source.name] = Path(kept["output"]).name
                continue
            files = tuple(SourceFile(str(p), d) for p, d in zip(source.files, data, strict=True))
            yield ReadJob(source.name, source.kind, files, self.mapping_json, self.plan.rules)

    def _read(self, path: Path) -> bytes:
        """Bytes of a source file, read once; bigger than the limit is refused unread."""
        with path.open("rb") as handle:
            data = handle.read(self.plan.max_bytes + 1)
        if len(data) > self.plan.max_bytes:
            raise OSError(f"{path}: larger than {self.plan.max_bytes:,} bytes "
                          "(JOBZONE_MAX_FILE_BYTES)")
        return data

    def read_all(self) -> dict[str, ReadOutcome]:
        outcomes: dict[str, ReadOutcome] = {}
        sources = {s.name: s for s in self.plan.sources}
        with progress_bar(len(sources), "reading", self.plan.progress) as advance:
            for done in run_batched(self.runner, read_batch, self.jobs(), self.batch):
                outcome = done.value
                if outcome is None:  # the job raised or its worker died
                    outcome = ReadOutcome(done.item.source, None, [Finding(
                        "JZ510" if done.crashed else "JZ508", Severity.error,
                        done.error or "failed", done.item.source)])
                if outcome.parts:  # several assessments: each its own output and record
                    source = sources[outcome.source]
                    for part in outcome.parts:
                        self.part_of[part.source] = Source(part.source, source.files)
                        outcomes[part.source] = part
                else:
                    outcomes[outcome.source] = outcome
                advance()
            for _ in range(len(sources) - len(outcomes)):
                advance()  # skipped and unreadable sources
        return outcomes

    # --- pass 2 ---------------------------------------------------------------------
    def write_all(self, outcomes: dict[str, ReadOutcome]) -> None:
        sources = {s.name: s for s in self.plan.sources} | self.part_of
        good = {name: o for name, o in outcomes.items() if not o.failed}
        for name, outcome in outcomes.items():
            if outcome.failed:
                self.records[name] = self._outcome_record(sources[name], "failed", outcome)
        names = assign_names({n: o.assessment.role for n, o in good.items()},  # type: ignore[union-attr]
                             self._taken(set(good)))
        jobs = (BuildJob(name, good[name].assessment, self.plan.rules) for name in sorted(good))
        with progress_bar(len(good), "writing", self.plan.progress) as advance:
            for done in run_batched(self.runner, build_batch, jobs, self.batch):
                source = done.item.source
                outcome = good[source]
                built = done.value
                if built is not None:
                    outcome.findings.extend(built.findings)  # what `jobzone check` found
                if not done.ok or built is None or built.failed:
                    if not done.ok or built is None:
                        outcome.findings.append(Finding(
                            "JZ510" if done.crashed else "JZ512", Severity.error,
                            done.error or "no output", source))
                    self.records[source] = self._outcome_record(sources[source], "failed",
                                                                outcome)
                else:
                    self._write(sources[source], outcome, self.plan.out / names[source],
                                built.data)
                advance()

    def _write(self, source: Source, outcome: ReadOutcome, target: Path, data: bytes) -> None:
        """One output, atomically; a full disk or a refused write fails this source only.

        Written and recorded with Ctrl-C held back (a few milliseconds: the bytes are
        built), so an interrupted run never leaves an output its report does not name.
        """
        with interrupts_deferred():
            try:
                write_bytes_atomically(target, data)
            except OSError as exc:
                outcome.findings.append(Finding(
                    "JZ512", Severity.error, f"could not write {target}: "
                    f"{exc.strerror or exc}", source.name))
                self.records[source.name] = self._outcome_record(source, "failed", outcome)
                return
            self.records[source.name] = self._outcome_record(
                source, "imported", outcome, output=str(target),
                output_sha256=hashlib.sha256(data).hexdigest())

    def _taken(self, importing: set[str]) -> set[str]:
        """Names other sources own: kept outputs, and files in DIR this run did not make."""
        taken = set(self.kept.values())
        ours = {Path(r["output"]).name for s, r in self.previous.items()
                if s in importing and r.get("output")}
        if self.plan.out.is_dir():
            taken |= {p.name for p in self.plan.out.glob("*.xlsx") if p.name not in ours}
        return taken

    def _outcome_record(self, source: Source, status: str, outcome: ReadOutcome,
                        **extra: Any) -> dict[str, Any]:
        if source.name in self.part_of:  # "tracker.csv [row 3]": the row or sheet it came from
            extra["part"] = source.name[source.name.rindex(" [") + 2:-1]
        from jobzone.engine.check.render_json import result_json, role_json

        return _record(
            source, status, outcome.findings, self.plan.rules, role=role_json(outcome.assessment),
            result=result_json(outcome.result) if outcome.result is not None else None,
            readable=not any(f.code in UNREADABLE_CODES for f in outcome.findings),
            score=float(outcome.score) if outcome.score
            else None, zone=outcome.zone, sub_label=outcome.sub_label,
            final_zone=outcome.final_zone,
            unmapped=[{"where": u.where, "text": u.text} for u in outcome.unmapped],
            published=[c.to_json() for c in outcome.comparisons],
            source_sha256=self.digests.get(source.name), mapping_sha256=self.mapping_digest,
            **extra)


def run_import(plan: ImportPlan, log: TextIO = sys.stderr) -> ImportRun:
    """Import every source of the plan; writes the outputs and both reports.

    Holds the output directory's lock throughout: a second run into the same
    directory waits, then names its outputs around the first run's.
    """
    plan.out.mkdir(parents=True, exist_ok=True)
    with exclusive_output(plan.out, lambda message: print(message, file=log)):
        runner = make_runner(len(plan.sources), plan.jobs, plan.scheduler, PRELOAD)
        importer = _Importer(plan, runner, log)
        run = ImportRun()
        try:
            outcomes = importer.read_all()
            importer.write_all(outcomes)
        except KeyboardInterrupt:
            runner.cancel()
            run.interrupted = True
        else:
            runner.close()
        run.records = list(importer.records.values())
        try:
            write_reports(plan.out, run.records)
        except OSError as exc:  # the outputs written so far stay; say the report is missing
            run.report_error = f"{plan.out}: could not write the import report: " \
                f"{exc.strerror or exc}"
            print(run.report_error, file=log)
    return run
