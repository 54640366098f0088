"""The work of importing one source, as two picklable steps a worker anywhere can run.

`read_source` turns the source's bytes into an assessment, validates and scores it,
and compares the figures the source published; `build_output` turns an assessment
into the canonical workbook's bytes. Both take and return plain data (no paths,
no open files), so a local process pool and a Dask worker on another machine run
them alike, and only the parent process touches the output directory.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from jobzone.engine.core.errors import Location, WorkbookError
from jobzone.engine.core.findings import Finding, Severity
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.result import Result
from jobzone.engine.core.ruleset import AIJRI_1, Ruleset
from jobzone.engine.importer.published import Comparison, compare_published
from jobzone.workbooks import layout as L
from jobzone.workbooks.legacy.aliases import Aliases, load_aliases
from jobzone.workbooks.legacy.draft import Imported, Unmapped


@dataclass(frozen=True)
class SourceFile:
    name: str  # as the report shows it
    data: bytes


@dataclass(frozen=True)
class ReadJob:
    source: str
    kind: str  # spreadsheet | csv | writeup
    files: tuple[SourceFile, ...]
    mapping: str | None = None  # the user's alias table as JSON, merged over the defaults
    rules: Ruleset = AIJRI_1  # validated, scored and written under this ruleset


@dataclass
class ReadOutcome:
    source: str
    assessment: Assessment | None
    findings: list[Finding] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    score: str | None = None
    zone: str | None = None
    sub_label: str | None = None
    final_zone: str | None = None
    result: Result | None = None  # every intermediate, when the assessment scored
    parts: list[ReadOutcome] = field(default_factory=list)  # a source of several assessments

    @property
    def failed(self) -> bool:
        if self.parts:
            return False  # each part succeeds or fails on its own
        return self.assessment is None or any(f.severity is Severity.error
                                              for f in self.findings)


@lru_cache(maxsize=4)
def aliases_for(mapping: str | None) -> Aliases:
    """One alias table per process and mapping: loading it per file would waste time."""
    return load_aliases(user=json.loads(mapping) if mapping else None)


def _finding(code: str, severity: str, location: Location, message: str) -> Finding:
    return Finding(code, Severity(severity), message, location.file, location.sheet,
                   location.cell)


def _read(job: ReadJob, aliases: Aliases, notices: list[WorkbookError] | None = None
          ) -> Imported:
    from jobzone.workbooks.legacy.formats import FormatProblem, read_spreadsheet
    from jobzone.workbooks.legacy.spreadsheet import read_sheets
    from jobzone.workbooks.legacy.writeup import read_writeup

    if job.kind == "writeup":
        from jobzone.workbooks.legacy.formats import decode_text

        only = job.files[0]
        return read_writeup(decode_text(only.data), job.source, aliases)
    canonical = _canonical_workbook(job, notices)
    if canonical is not None:
        return canonical
    sheets = []
    for file in job.files:
        suffix = "." + file.name.rsplit(".", 1)[-1].lower()
        label = file.name.replace("\\", "/").rsplit("/", 1)[-1]
        try:
            sheets.extend(read_spreadsheet(file.data, suffix, file.name, label, notices))
        except FormatProblem as exc:
            raise WorkbookError(Location(file.name), str(exc), "JZ508") from None
    return read_sheets(sheets, job.source, aliases)


CANONICAL_SUFFIXES = (".xlsx", ".xlsm")


def _canonical_workbook(job: ReadJob, notices: list[WorkbookError] | None) -> Imported | None:
    """A source that already is a canonical workbook is read by its layout, not by headers.

    Header-driven reading would mistake the Score and Rules sheets for input tables;
    the canonical reader knows every cell. None when the source is not canonical.
    """
    if job.kind != "spreadsheet" or len(job.files) != 1:
        return None
    only = job.files[0]
    if not only.name.lower().endswith(CANONICAL_SUFFIXES) or not _names_canonical_sheets(
            only.data, only.name):
        return None
    from jobzone.workbooks.reader import (
        AssessmentReadError,
        assessment_from_workbook,
        workbook_from_bytes,
    )

    workbook = workbook_from_bytes(only.data, only.name, notices=notices)
    if not set(L.SHEET_ORDER) <= set(workbook.sheetnames):
        return None
    try:
        assessment = assessment_from_workbook(workbook, only.name)
    except AssessmentReadError as exc:
        first = exc.problems[0]
        raise WorkbookError(first.location, "; ".join(str(p) for p in exc.problems),
                            first.code) from None
    return Imported(job.source, assessment)


def _names_canonical_sheets(data: bytes, file: str) -> bool:
    """Does the workbook part name every canonical sheet? Read from that part alone, after
    the archive guard, so a legacy .xlsx is not loaded in full twice (once to see it is
    not canonical, once for its tables); True when unsure, and the full load decides."""
    import io
    import zipfile

    from jobzone.engine.core.limits import Limits
    from jobzone.workbooks.cached_values import _sheet_parts
    from jobzone.workbooks.guard.archive_guard import inspect_archive

    try:
        if inspect_archive(data, file, Limits.from_env()).refusals:
            return True  # the full load refuses it, with the guard's own finding
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(L.SHEET_ORDER) <= set(_sheet_parts(archive))
    except Exception:  # untrusted bytes: whatever fails here, the full load reports
        return True


# The distribution that provides each reader module (the import name is not the package name).
READER_PACKAGES = {"xlrd": "xlrd", "odf": "odfpy", "python_calamine": "python-calamine"}


def missing_reader_message(exc: ModuleNotFoundError) -> str:
    """The reader that is missing and the exact command that installs it, for a source
    checkout and for an installed package (the legacy readers are core dependencies, so
    only a hand-trimmed environment gets here)."""
    module = (exc.name or "").split(".")[0]
    package = READER_PACKAGES.get(module, module)
    return (f"could not be read: its reader needs {package!r}, which is not installed; "
            f"run `pip install -e .` in a source checkout, or `pip install {package}`")


def read_source(job: ReadJob) -> ReadOutcome:
    """Read, validate, score and compare one source; never raises for a bad source."""
    return read_sources([job])[0]


def read_sources(jobs: Sequence[ReadJob]) -> list[ReadOutcome]:
    """`read_source` of each job, their assessments validated together: pandera's cost is
    per call (`jobzone.schemas.batch.validate_assessments`), and each outcome is the one
    `read_source` gives its job alone."""
    from jobzone.schemas.batch import validate_assessments

    outcomes = [_opened(job) for job in jobs]
    for rules in {id(job.rules): job.rules for job in jobs}.values():  # one per ruleset
        pending = [pair for (outcome, imported), job in zip(outcomes, jobs, strict=True)
                   if imported is not None and job.rules is rules
                   for pair in _assessments(outcome, imported)]
        problems = validate_assessments([imported.assessment for _, imported in pending  # type: ignore[misc]
                                         ], rules, [outcome.source for outcome, _ in pending])
        for (outcome, imported), found in zip(pending, problems, strict=True):
            _scored(outcome, imported, found, rules)
    return [outcome for outcome, _ in outcomes]


def _opened(job: ReadJob) -> tuple[ReadOutcome, Imported | None]:
    """The source read (an outcome with what reading found, and what was read) or the
    outcome that says why it could not be."""
    from jobzone.engine.check.codes import severity_of

    notices: list[WorkbookError] = []
    try:
        imported = _read(job, aliases_for(job.mapping), notices)
    except WorkbookError as exc:
        return ReadOutcome(job.source, None, [_finding(exc.code, "error", exc.location,
                                                       exc.message)]), None
    except ModuleNotFoundError as exc:  # an install without a reader: say how to add it
        return ReadOutcome(job.source, None, [_finding(
            "JZ508", "error", Location(job.source), missing_reader_message(exc))]), None
    except Exception as exc:  # untrusted bytes: a reader library failing is the file's problem
        return ReadOutcome(job.source, None, [_finding(
            "JZ508", "error", Location(job.source),
            f"could not be read ({type(exc).__name__}: {exc})")]), None
    reported = [_finding(n.code, severity_of(n.code).value, n.location, n.message)
                for n in notices]  # macros, links, DDE: reported, never run
    if imported.parts:
        return ReadOutcome(job.source, None, reported, parts=[
            _started(f"{job.source} [{label}]", part, []) for label, part in imported.parts]
        ), imported
    return _started(job.source, imported, reported), imported


def _assessments(outcome: ReadOutcome, imported: Imported
                 ) -> list[tuple[ReadOutcome, Imported]]:
    """The (outcome, what was read) of each assessment a source held, to validate."""
    pairs = list(zip(outcome.parts, (part for _, part in imported.parts), strict=True)) \
        if imported.parts else [(outcome, imported)]
    return [(o, i) for o, i in pairs if i.assessment is not None]


def _started(source: str, imported: Imported, reported: list[Finding]) -> ReadOutcome:
    """One assessment's outcome before validation: what reading it found."""
    outcome = ReadOutcome(source, imported.assessment, unmapped=imported.unmapped)
    outcome.findings = list(reported)
    outcome.findings += [_finding(n.code, n.severity, n.location, n.message)
                         for n in imported.notes]
    return outcome


def _scored(outcome: ReadOutcome, imported: Imported, problems: list[WorkbookError],
            rules: Ruleset = AIJRI_1) -> None:
    """Score and compare, under `rules`, an assessment whose schema failures are
    `problems`."""
    from jobzone.engine.core.evaluate import evaluate

    assessment = imported.assessment
    assert assessment is not None
    if problems:
        outcome.findings.extend(_validation_finding(p, imported, assessment) for p in problems)
        return
    result = evaluate(assessment, rules)
    outcome.comparisons = compare_published(imported.published, result, rules)
    for c in outcome.comparisons:
        if not c.agrees:
            outcome.findings.append(_finding(
                "JZ507", "warning", c.location,
                f"{c.key}: the source says {c.published!r}, recomputed {c.recomputed}"))
    outcome.score = f"{result.score:f}"
    outcome.zone, outcome.sub_label = result.zone, result.sub_label
    outcome.final_zone = result.final_zone
    outcome.result = result


_ROW = re.compile(r"(\d+)$")
_RATED = {L.EVIDENCE: ("evidence", L.EVIDENCE_BLOCK), L.BARRIERS: ("barriers", L.BARRIERS_BLOCK)}


def _validation_finding(error: WorkbookError, imported: Imported,
                        assessment: Assessment) -> Finding:
    """A schema failure located in the source (the canonical cell goes in the message)."""
    sheet, cell = error.location.sheet, error.location.cell
    found = _ROW.search(cell or "")
    row = int(found.group(1)) if found else -1
    origin: Location | None = None
    if sheet == L.TASKS and L.TASK_FIRST_ROW <= row < L.TASK_FIRST_ROW + len(assessment.tasks):
        origin = imported.origins.get(f"task:{row - L.TASK_FIRST_ROW}")
    elif sheet == L.PRINCIPLES and row in L.PRINCIPLES_BLOCK.rows():
        name = assessment.principles[row - L.PRINCIPLES_BLOCK.first_row].name
        origin = imported.origins.get(f"principles:{name}")
    elif sheet == L.PRINCIPLES and row in L.GROWTH_BLOCK.rows():
        origin = imported.origins.get("growth")
    elif sheet in _RATED:
        section, block = _RATED[sheet]
        items = assessment.evidence if section == "evidence" else assessment.barriers
        if row in block.rows():
            origin = imported.origins.get(f"{section}:{items[row - block.first_row].name}")
    where = origin or Location(imported.file)
    canonical = f"{sheet}!{cell}" if cell else str(sheet or "")
    return _finding(error.code, "error", where,
                    f"{error.message} (canonical cell {canonical})" if canonical else error.message)


@dataclass
class BuiltOutput:
    """A canonical workbook's bytes and what `jobzone check` found in them."""

    data: bytes
    findings: list[Finding] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.severity is Severity.error for f in self.findings)


def build_output(assessment: Assessment, source: str = "<import>",
                 rules: Ruleset = AIJRI_1) -> BuiltOutput:
    """The canonical workbook of an assessment, checked (`build_outputs` of one)."""
    return build_outputs([(assessment, source)], rules)[0]


def build_outputs(jobs: Sequence[tuple[Assessment, str]], rules: Ruleset = AIJRI_1
                  ) -> list[BuiltOutput]:
    """The canonical workbook of each (assessment, source), with the value of every
    formula cached, put through `jobzone check`, which compares those values with its
    native result.

    The package is the ruleset's template with the assessment spliced in
    (`jobzone.engine.recalc.template_package`: the builder's own workbook, built once
    per process); an assessment the builder must write itself (text it refuses) is
    built by the builder (`jobzone.engine.recalc.cached`). The bytes are checked in
    memory, the batch's input tables validated together (`Checker.check_many`), under
    `rules` (the ruleset each is written under). Only warnings and errors of the check
    are kept (its infos hold for every output).
    """
    from jobzone.engine.check.bulk import worker_checker
    from jobzone.engine.check.pipeline import CheckOptions

    built = [_package(assessment, source, rules) for assessment, source in jobs]
    ready = [(output.data, source) for output, (_, source) in zip(built, jobs, strict=True)
             if not output.failed]
    reports = iter(worker_checker(CheckOptions(rules=rules, follow_workbook=False))
                   .check_many(ready))
    for output, (_, source) in zip(built, jobs, strict=True):
        if not output.failed:
            output.findings = [dataclasses.replace(f, file=source,
                                                   message=f"output check: {f.message}")
                               for f in next(reports).findings
                               if f.severity is not Severity.info]
    return built


def _package(assessment: Assessment, source: str, rules: Ruleset) -> BuiltOutput:
    """The package's bytes (not yet checked), or the finding that says why there are none."""
    from jobzone.engine.recalc.template_package import template_package

    try:
        data = template_package(assessment, rules, source)
        if data is None:
            from jobzone.engine.recalc.cached import saved_with_values
            from jobzone.workbooks.builder import build_workbook
            from jobzone.workbooks.template_package import dated

            data = dated(saved_with_values(build_workbook(assessment, rules), source))
    except WorkbookError as exc:
        return BuiltOutput(b"", [_finding(exc.code, "error", exc.location, exc.message)])
    return BuiltOutput(data)
