"""One version of an assessment, read from any source, laid out as cells and evaluated.

A canonical workbook is read as `jobzone score` reads it (its formulas kept, so a diff
shows formulas that changed); a legacy spreadsheet, a CSV export or a write-up as
`jobzone import` reads it. A version whose inputs are invalid still shows its inputs;
only its result is missing, and its findings say why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jobzone.engine.check.pipeline import finding_from_error
from jobzone.engine.compare.cells import InputCell, input_cells
from jobzone.engine.core.errors import Location, WorkbookError
from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.findings import Finding
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.result import Result
from jobzone.engine.core.ruleset import Ruleset

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Version:
    file: str
    assessment: Assessment | None = None
    cells: list[InputCell] = field(default_factory=list)
    formulas: dict[tuple[str, str], str] | None = None  # None: the source has no formulas
    # what stands, instead of a formula, in a cell where the template has one (typed over)
    overwritten: dict[tuple[str, str], object] = field(default_factory=dict)
    result: Result | None = None
    findings: list[Finding] = field(default_factory=list)
    # the builder's formulas for this workbook's Rules-sheet layout (None: the default)
    template: dict[tuple[str, str], str] | None = None


def read_version(path: Path, rules: Ruleset, name: str | None = None) -> Version:
    """The version at `path` (`name`: how to call it, e.g. git's path for a temporary file)."""
    name = name or str(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        version = _canonical(path, name, rules)
        if version is not None:
            return version
    return _imported(path, name, rules)


def _canonical(path: Path, name: str, rules: Ruleset) -> Version | None:
    """A canonical workbook's version; None when the workbook is not canonical (a legacy
    spreadsheet saved as .xlsx), which the importer then reads."""
    from jobzone.engine.check.stages.canonical import formula_cells
    from jobzone.schemas.validate import validate_assessment
    from jobzone.workbooks import layout as L
    from jobzone.workbooks.reader import (
        AssessmentReadError,
        assessment_from_workbook,
        open_workbook,
        read_task_rows,
    )

    try:
        workbook = open_workbook(path)
    except WorkbookError as exc:
        return Version(name, findings=[finding_from_error(exc)])
    if not set(L.INPUT_SHEETS) & set(workbook.sheetnames):
        return None
    from jobzone.engine.check.stages.canonical import canonical_template
    from jobzone.engine.check.stages.declared_ruleset import declaration
    from jobzone.engine.core.ruleset_choice import choose
    from jobzone.workbooks.cell_access import peek

    rules = choose(declaration(workbook), rules).scored  # the ruleset it declares, if known
    tables = L.tables_of(workbook)
    template = canonical_template(None if tables is L.DEFAULT_TABLES else tables).formulas
    formulas = {key: text for key, (_, _, text) in formula_cells(workbook).items()}
    overwritten = {}
    for sheet, ref in template:
        if (sheet, ref) not in formulas and sheet in workbook.sheetnames:
            value = peek(workbook[sheet], ref).value
            if value not in (None, ""):
                overwritten[(sheet, ref)] = value
    try:
        assessment = assessment_from_workbook(workbook, name)
    except AssessmentReadError as exc:
        return Version(name, formulas=formulas, overwritten=overwritten,
                       findings=[finding_from_error(p) for p in exc.problems])
    rows = read_task_rows(workbook)
    problems = validate_assessment(assessment, rules, name, rows)
    return Version(name, assessment, input_cells(assessment, rows), formulas, overwritten,
                   result=None if problems else evaluate(assessment, rules),
                   findings=[finding_from_error(p) for p in problems], template=template)


def _imported(path: Path, name: str, rules: Ruleset) -> Version:
    from jobzone.engine.importer.job import ReadJob, SourceFile, read_source
    from jobzone.workbooks.legacy.sources import Source

    try:
        data = path.read_bytes()
    except OSError as exc:
        return Version(name, findings=[finding_from_error(WorkbookError(
            Location(name), f"cannot be read: {exc.strerror or exc}", "JZ003"))])
    kind = Source(name, (path,)).kind
    outcome = read_source(ReadJob(name, kind, (SourceFile(name, data),)))
    a = outcome.assessment
    if a is None or outcome.parts:
        findings = list(outcome.findings)
        if outcome.parts:
            findings.append(finding_from_error(WorkbookError(
                Location(name), f"holds {len(outcome.parts)} assessments; diff compares "
                "one assessment with another", "JZ508")))
        return Version(name, findings=findings)
    failed = outcome.failed
    return Version(name, a, input_cells(a), result=None if failed else evaluate(a, rules),
                   findings=list(outcome.findings))

