"""One file through every check stage: the per-file function the CLI and bulk runners share.

The file is read once; openpyxl parses it once (formulas and values), calamine
reads its cached values, and every stage works on those. Nothing here prints:
a FileReport (findings, the native Result) comes back, picklable, so a process
pool or a Dask cluster can run `Checker.check` on thousands of files.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jobzone.engine.check import codes
from jobzone.engine.check.options import FormulaMode
from jobzone.engine.core.errors import WorkbookError
from jobzone.engine.core.findings import Finding, Severity
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.result import Result
from jobzone.engine.core.ruleset import AIJRI_1, Ruleset
from jobzone.engine.core.ruleset_choice import RulesetChoice
from jobzone.workbooks import layout as L

SHEET_RANK = {name: index for index, name in enumerate(L.SHEET_ORDER)}


@dataclass(frozen=True)
class CheckOptions:
    """How files are checked.

    Each workbook is scored under the ruleset its Rules sheet declares when that name is
    `rules` or one of `known` (or built in); otherwise under `rules`, with a finding.
    `follow_workbook` False forces `rules` on every workbook (`--rules`).
    """

    rules: Ruleset = AIJRI_1
    formulas: FormulaMode = FormulaMode.auto
    assessments: bool = False  # keep the Assessment read from each valid file (reports)
    known: tuple[Ruleset, ...] = ()
    follow_workbook: bool = True

    def scored_under(self, report: FileReport) -> Ruleset:
        """The ruleset `report`'s file was scored under (`rules` for one never scored)."""
        from jobzone.engine.core.ruleset_choice import known_rulesets

        name = report.ruleset[0] if report.ruleset else self.rules.name
        return next((r for r in known_rulesets(self.rules, self.known) if r.name == name),
                    self.rules)


@dataclass(frozen=True)
class FileReport:
    file: str
    findings: tuple[Finding, ...] = ()
    result: Result | None = None
    unreadable: bool = False  # the file could not be checked at all (exit status 2)
    assessment: Assessment | None = None  # with CheckOptions(assessments=True), when scored
    # when scored: the job title and the scores the texts cite for other roles, for the
    # portfolio pass of stale citations (jobzone.engine.check.stages.citations)
    job_title: str | None = None
    cites: tuple[Any, ...] = ()
    # the ruleset the file was scored under: (name, version, content hash)
    ruleset: tuple[str, str, str] | None = None


def finding_from_error(error: WorkbookError) -> Finding:
    loc = error.location
    return Finding(error.code, codes.severity_of(error.code), error.message, loc.file,
                   loc.sheet, loc.cell, codes.fix_of(error.code))


def order(findings: list[Finding]) -> tuple[Finding, ...]:
    """Workbook-level first, then by sheet order, row, column and code; duplicates dropped."""
    from jobzone.engine.check.stages.formula_text import split_cell

    def key(f: Finding) -> tuple[int, int, int, str, str]:
        row = column = 0
        if f.cell:
            with contextlib.suppress(ValueError):
                row, column = split_cell(f.cell)
        rank = -1 if f.sheet is None else SHEET_RANK.get(f.sheet, len(SHEET_RANK))
        return rank, row, column, f.code, f.message

    unique = {(f.code, f.sheet, f.cell, f.message): f for f in findings}
    return tuple(sorted(unique.values(), key=key))


@dataclass
class Checker:
    """Checks workbooks one at a time, with what a process computes once.

    Picklable, so a process pool or a Dask cluster can ship it to workers.
    """

    options: CheckOptions = field(default_factory=CheckOptions)
    _evaluator: Any = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        """The formula evaluator (and its compiled models) stays behind; workers build theirs."""
        return {"options": self.options, "_evaluator": None}

    def check(self, path: Path | str) -> FileReport:
        """Every finding of one file; never raises, never prints, never writes."""
        return self.check_bytes(None, str(path))

    def check_bytes(self, data: bytes | None, file: str) -> FileReport:
        """`check` of bytes already read from `file` (a bulk run's parent reads each file
        once, so workers, local or on a Dask cluster, need no access to it); None: read it."""
        return self._guarded(file, self._check, data, file)

    def check_many(self, items: Sequence[tuple[bytes | None, str]]) -> list[FileReport]:
        """`check_bytes` of each (bytes, file), their input tables validated together.

        pandera's cost is per call (`jobzone.schemas.batch`), so a bulk worker hands its files
        over a batch at a time; each report is the one `check_bytes` gives the file.
        """
        opened: list[_Opened | FileReport] = [self._guarded(file, self._open, data, file)
                                              for data, file in items]
        ready = [item for item in opened if isinstance(item, _Opened)]
        problems: list[list[WorkbookError] | None] = [None] * len(ready)
        try:
            from jobzone.schemas.batch import validate_batch

            for rules in {id(item.choice.scored): item.choice.scored for item in ready}.values():
                group = [n for n, item in enumerate(ready) if item.choice.scored is rules]
                batch = validate_batch([ready[n].tables for n in group], rules,
                                       [ready[n].file for n in group])
                for n, problem in zip(group, batch, strict=True):
                    problems[n] = problem
        except Exception:  # judge each file alone: a failure then names its file
            problems = [None] * len(ready)
        found = iter(zip(ready, problems, strict=True))
        reports = []
        for item in opened:
            if isinstance(item, FileReport):
                reports.append(item)
                continue
            reports.append(self._guarded(item.file, self._finish, *next(found)))
            _release(item.workbook)
        return reports

    def _guarded(self, file: str, step: Any, *args: Any) -> Any:
        """A step's outcome; an unexpected exception becomes the file's internal error."""
        try:
            return step(*args)
        except Exception as exc:  # a bug must not hide the other files' results
            internal = codes.all_rules()["JZ000"]
            return FileReport(file, (internal.finding(
                file, message=f"internal error while checking ({type(exc).__name__}: {exc})"),),
                unreadable=True)

    def _check(self, data: bytes | None, file: str) -> FileReport:
        opened = self._open(data, file)
        return opened if isinstance(opened, FileReport) else self._finish(opened, None)

    def _open(self, data: bytes | None, file: str) -> _Opened | FileReport:
        """The file read and loaded, its workbook-level findings, its input tables."""
        from jobzone.engine.check.stages.calculation_mode import check_calculation_mode
        from jobzone.engine.check.stages.canonical import formula_cells
        from jobzone.engine.check.stages.declared_ruleset import choice_findings, declaration
        from jobzone.engine.core.ruleset_choice import choose
        from jobzone.schemas.sheet_frames import sheet_tables
        from jobzone.workbooks.guard.formula_risks import formula_risk_notices
        from jobzone.workbooks.reader import read_workbook_bytes, workbook_from_bytes

        notices: list[WorkbookError] = []
        try:
            if data is None:
                data = read_workbook_bytes(Path(file))
            workbook = workbook_from_bytes(data, file, notices=notices, cells_only=True)
        except WorkbookError as exc:
            return FileReport(file, (finding_from_error(exc),), unreadable=True)

        findings = _missing_sheets(workbook, file)
        if len(findings) == 1 and findings[0].sheet is None:
            return FileReport(file, tuple(findings))
        formulas = formula_cells(workbook)
        notices += formula_risk_notices(workbook, file)
        findings += [finding_from_error(notice) for notice in notices]
        findings += check_calculation_mode(workbook, file)
        declared = declaration(workbook)
        options = self.options
        choice = choose(declared, options.rules, options.known, options.follow_workbook)
        findings += choice_findings(file, declared, choice)
        return _Opened(file, data, workbook, formulas, findings, sheet_tables(workbook), choice)

    def _finish(self, opened: _Opened, schema_problems: list[WorkbookError] | None
                ) -> FileReport:
        """Every other stage; `schema_problems` None: validate the tables here."""
        from jobzone.engine.check.stages.agreement import Views, check_agreement, result_cells
        from jobzone.engine.check.stages.canonical import canonical_template
        from jobzone.engine.check.stages.declared_ruleset import sheet_verification
        from jobzone.engine.check.stages.integrity import check_integrity
        from jobzone.engine.check.stages.rules_drift import (
            check_rules_drift,
            read_ruleset,
            rule_cells,
        )
        from jobzone.schemas.validate import validate_tables
        from jobzone.workbooks.cached_values import read_cached_values

        choice = opened.choice
        rules = choice.scored
        file, workbook, formulas = opened.file, opened.workbook, opened.formulas
        findings = opened.findings
        if schema_problems is None:
            schema_problems = validate_tables(opened.tables, rules, file)
        findings += [finding_from_error(e) for e in schema_problems]
        tables = L.tables_of(workbook)
        quiet = frozenset((L.RULES, ref) for ref in rule_cells(rules, tables))
        template = canonical_template(None if tables is L.DEFAULT_TABLES else tables)
        integrity = check_integrity(workbook, file, template, formulas, quiet)
        findings += integrity.findings
        drift = check_rules_drift(workbook, file, choice.reference)
        findings += drift
        # the rules the sheet holds, when they are not the ruleset scored under: what the
        # workbook's own formulas compute, and what is verified as decision tables
        differs = (bool(drift) if choice.reference is rules
                   else bool(check_rules_drift(workbook, file, rules)))
        own_rules = read_ruleset(workbook, rules.scales) if differs else rules
        if own_rules is not None:
            findings += sheet_verification(workbook, file, own_rules)

        inputs_valid = (not any(f.severity is Severity.error for f in findings
                                if f.code.startswith(("JZ1", "JZ2")))
                        and all(sheet in workbook.sheetnames for sheet in L.INPUT_SHEETS))
        scored = _score(workbook, file, rules, own_rules) if inputs_valid else None
        if scored is not None:
            findings += scored.findings
        mode = self.options.formulas
        evaluation = None
        if mode is FormulaMode.always or (mode is FormulaMode.auto and not integrity.canonical):
            evaluation, failure = self._evaluate(Path(file), workbook, file)
            findings += failure
        if evaluation is not None:
            findings += evaluation.errors
        views = Views(
            cells=result_cells(workbook),
            native=scored.expected if scored else None,
            formulas=evaluation.named if evaluation is not None else None,
            cached=read_cached_values(opened.data,
                                      getattr(workbook, "formulas_hold_values", True),
                                      getattr(workbook, "holds_error_values", True)),
            formula_cells=frozenset(formulas),
            package=opened.data,
            skip=frozenset(integrity.overwritten),
            formula_errors=frozenset((f.sheet, f.cell) for f in evaluation.errors
                                     if f.sheet and f.cell) if evaluation else frozenset(),
            native_result=scored.own_result if scored else None,
            formula_result=evaluation.result if evaluation is not None else None,
            task_rows=scored.task_rows if scored else (),
        )
        findings += check_agreement(file, views)
        if integrity.shifts:
            from jobzone.engine.check.stages.row_edits import explain_deleted_rows

            findings = explain_deleted_rows(findings, workbook, integrity.shifts, views.cached,
                                            views.cells)
        kept = scored.assessment if scored and self.options.assessments else None
        cites: tuple[Any, ...] = ()
        if scored is not None and scored.result is not None and scored.assessment is not None:
            from jobzone.engine.check.stages.citations import cited_roles, own_citations

            findings += own_citations(file, scored.assessment, scored.result, rules)
            cites = cited_roles(scored.assessment)
        return FileReport(file, order(findings), scored.result if scored else None,
                          assessment=kept,
                          job_title=(scored.assessment.role.job_title
                                     if scored and scored.assessment else None),
                          cites=cites, ruleset=(rules.name, rules.version, rules.digest))

    def _evaluate(self, path: Path, workbook: Any, file: str) -> tuple[Any, list[Finding]]:
        """The workbook's own formulas evaluated, or the finding that says why they were not."""
        from jobzone.engine.check.stages.agreement import NOT_EVALUATED
        from jobzone.engine.recalc.evaluator import FormulaEvaluator

        if self._evaluator is None:
            self._evaluator = FormulaEvaluator()
        try:
            return self._evaluator.evaluate(path, workbook), []
        except Exception as exc:  # the formula engine is a third-party library
            return None, [NOT_EVALUATED.finding(
                file, message=f"the workbook's formulas could not be evaluated "
                f"({type(exc).__name__}: {exc})")]


def _release(workbook: Any) -> None:
    """Break the workbook's reference cycles once its check is done.

    A cell knows its sheet and a sheet its workbook, so a loaded workbook is one
    large cycle that only the cyclic garbage collector frees, by scanning every
    object of it. Emptied here, reference counting frees its cells at once.
    """
    for sheet in workbook._sheets:
        sheet._cells.clear()
    workbook._sheets.clear()


def _missing_sheets(workbook: Any, file: str) -> list[Finding]:
    """JZ102 for each canonical sheet that is absent, naming the sheets found instead.

    A workbook with none of the canonical sheets gets one finding, not nine: it is
    some other spreadsheet, and the way forward is an import.
    """
    missing = [name for name in L.SHEET_ORDER if name not in workbook.sheetnames]
    strangers = [name for name in workbook.sheetnames if name not in SHEET_RANK]
    rule = codes.all_rules()["JZ102"]
    if len(missing) == len(L.SHEET_ORDER):
        return [rule.finding(file, message="not a canonical jobzone workbook: it has none of "
                             f"the sheets {', '.join(L.SHEET_ORDER)} (found "
                             f"{', '.join(repr(s) for s in strangers)}); convert it with "
                             "`jobzone import`")]
    hint = f"; unknown sheets: {', '.join(repr(s) for s in strangers)}" if strangers else ""
    return [rule.finding(file, name, None, f"sheet {name!r} is missing{hint}")
            for name in missing]


@dataclass
class _Opened:
    """A file between loading and validation (see `Checker.check_many`)."""

    file: str
    data: bytes
    workbook: Any
    formulas: Any  # the workbook's formula cells
    # (`jobzone.engine.check.stages.canonical.formula_cells`)
    findings: list[Finding]
    tables: list[Any]  # its input tables (`jobzone.schemas.sheet_frames.SheetTable`)
    choice: RulesetChoice  # the rulesets it is scored under and compared with


@dataclass(frozen=True)
class _Scored:
    result: Result | None  # under the ruleset (aijri-1): what the check reports
    own_result: Result | None  # under the workbook's own Rules sheet: what its formulas give
    expected: dict[str, Any] | None  # own_result as the named result cells hold it
    findings: list[Finding]
    task_rows: tuple[int, ...] = ()
    assessment: Assessment | None = None


def _score(workbook: Any, file: str, rules: Ruleset, own_rules: Ruleset | None) -> _Scored:
    """Native evaluation and the method's rules, for inputs that passed the schemas;
    `own_rules` the ruleset the Rules sheet holds (None: it holds no usable one)."""
    from jobzone.engine.check.stages.method_rules import check_method
    from jobzone.engine.core.evaluate import evaluate
    from jobzone.workbooks.named_results import expected_named_values
    from jobzone.workbooks.reader import (
        AssessmentReadError,
        assessment_from_workbook,
        read_task_rows,
    )

    try:
        assessment = assessment_from_workbook(workbook, file)
    except AssessmentReadError as exc:  # a problem the schemas do not cover
        return _Scored(None, None, None, [finding_from_error(e) for e in exc.problems])
    result = evaluate(assessment, rules)
    rows = read_task_rows(workbook)
    findings = check_method(assessment, result, rules, file, rows)
    # The workbook's formulas compute with its own Rules sheet: compare them with that.
    own_result = result if own_rules is rules else None
    if own_rules is not None and own_result is None:
        try:
            own_result = evaluate(assessment, own_rules)
        except (ValueError, ArithmeticError):
            own_result = None  # the drifted rules cannot score (no catch-all row, zero range)
    expected = (expected_named_values(own_result, own_rules)
                if own_result is not None and own_rules is not None else None)
    return _Scored(result, own_result, expected, findings, rows, assessment)
