"""The public Python API: what a script or a notebook calls, re-exported by `jobzone`.

    >>> import jobzone
    >>> scored = jobzone.score("examples/llmops-engineer.xlsx")
    >>> scored.result.score, scored.result.final_zone
    (Decimal('41.2'), 'Yellow')

Each function is the library form of a command and gives what the command prints as
data: `score` (read, validate, evaluate one workbook), `check` (every finding, as
`jobzone check`), `read_assessment` and `evaluate` (the method on its own),
`import_sources` and `report` (the bulk commands, on the shared runner). Nothing here
prints, and nothing raises for a bad workbook: problems come back as findings, except
from `read_assessment`, whose caller asked for an Assessment and gets `InvalidWorkbook`
with every finding when there is none to give. Heavy libraries are imported inside the
functions, so `import jobzone` stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jobzone.engine.core.errors import WorkbookError
from jobzone.engine.core.evaluate import evaluate as _evaluate
from jobzone.engine.core.findings import Finding, Severity
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.result import Result
from jobzone.engine.core.ruleset import AIJRI_1, Ruleset

if TYPE_CHECKING:
    from jobzone.engine.check.pipeline import FileReport
    from jobzone.engine.importer.run import ImportRun
    from jobzone.engine.report.rows import Portfolio

__all__ = [
    "AIJRI_1",
    "Assessment",
    "FileReport",
    "Finding",
    "ImportRun",
    "InvalidWorkbook",
    "Portfolio",
    "Result",
    "Ruleset",
    "ScoredFile",
    "Severity",
    "check",
    "evaluate",
    "import_sources",
    "read_assessment",
    "report",
    "score",
]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def __getattr__(name: str) -> Any:
    """The result types of the heavy entry points, imported when first named (PEP 562)."""
    if name == "FileReport":
        from jobzone.engine.check.pipeline import FileReport

        return FileReport
    if name == "ImportRun":
        from jobzone.engine.importer.run import ImportRun

        return ImportRun
    if name == "Portfolio":
        from jobzone.engine.report.rows import Portfolio

        return Portfolio
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class ScoredFile:
    """One file's outcome: a result, or the problems that prevented one."""

    file: str
    assessment: Assessment | None = None
    result: Result | None = None
    problems: list[WorkbookError] = field(default_factory=list)
    unreadable: bool = False
    rules: Ruleset | None = None  # the ruleset it was scored under

    @property
    def findings(self) -> list[Finding]:
        """The problems as findings (code, severity, file, sheet, cell, message, fix)."""
        from jobzone.engine.check.pipeline import finding_from_error

        return [finding_from_error(problem) for problem in self.problems]


class InvalidWorkbook(Exception):
    """A workbook gave no valid Assessment; `findings` holds every reason, each located."""

    def __init__(self, file: str, findings: list[Finding]) -> None:
        lines = [f"{f.where}: {f.code} {f.message}" for f in findings]
        super().__init__("\n".join(lines) or f"{file}: not a valid workbook")
        self.file = file
        self.findings = findings


def score_file(path: Path, rules: Ruleset, follow_workbook: bool = False,
               known: tuple[Ruleset, ...] = ()) -> ScoredFile:
    """Read, validate and evaluate one workbook: the path `score`, `render` and the API share.

    `follow_workbook`: under the ruleset the workbook declares when it is `rules`, one of
    `known` or built in (`jobzone.engine.core.ruleset_choice`); else under `rules`."""
    from jobzone.schemas.validate import validate_assessment
    from jobzone.workbooks.reader import (
        AssessmentReadError,
        assessment_from_workbook,
        open_workbook,
        read_task_rows,
    )

    name = str(path)
    try:
        workbook = open_workbook(path)
    except WorkbookError as exc:
        return ScoredFile(name, problems=[exc], unreadable=True)
    if follow_workbook:
        from jobzone.engine.check.stages.declared_ruleset import declaration
        from jobzone.engine.core.ruleset_choice import choose

        rules = choose(declaration(workbook), rules, known).scored
    try:
        assessment = assessment_from_workbook(workbook, name)
    except AssessmentReadError as exc:
        return ScoredFile(name, problems=exc.problems)
    problems = validate_assessment(assessment, rules, name, read_task_rows(workbook))
    if problems:
        return ScoredFile(name, assessment=assessment, problems=problems)
    return ScoredFile(name, assessment=assessment, result=_evaluate(assessment, rules),
                      rules=rules)


def score(path: str | Path, rules: Ruleset = AIJRI_1) -> ScoredFile:
    """Score one canonical workbook natively, as `jobzone score` does."""
    return score_file(Path(path), rules)


def read_assessment(path: str | Path, rules: Ruleset = AIJRI_1) -> Assessment:
    """The validated Assessment of a canonical workbook; InvalidWorkbook when it has none."""
    scored = score_file(Path(path), rules)
    if scored.assessment is None or scored.problems:
        raise InvalidWorkbook(scored.file, scored.findings)
    return scored.assessment


def evaluate(assessment: Assessment, rules: Ruleset = AIJRI_1) -> Result:
    """The method: an Assessment in, every intermediate and the score out (exact decimals)."""
    return _evaluate(assessment, rules)


def check(path: str | Path, rules: Ruleset | None = None, formulas: str = "auto"
          ) -> FileReport:
    """Every finding of one workbook, as `jobzone check` reports it (never raises).

    `rules` None: under the ruleset the workbook declares when it is built in (else
    aijri-1, with a finding); a ruleset given is forced on it, as `--rules` is.
    `formulas` is "auto" (evaluate the workbook's own formulas when they differ from the
    template's), "always" or "never", as `jobzone check --formulas`.
    """
    from jobzone.engine.check.options import FormulaMode
    from jobzone.engine.check.pipeline import Checker, CheckOptions

    return Checker(CheckOptions(rules=rules or AIJRI_1, formulas=FormulaMode(formulas),
                                follow_workbook=rules is None)).check(Path(path))


def _files(sources: Iterable[str | Path], suffixes: Sequence[str]) -> list[Path]:
    from jobzone.engine.runtime.sources import expand_sources

    expansion = expand_sources([str(s) for s in sources], suffixes)
    if expansion.problems:
        raise FileNotFoundError("; ".join(expansion.problems))
    return expansion.files


def import_sources(sources: Iterable[str | Path], out: str | Path, *,
                   mapping: str | Path | None = None, force: bool = False,
                   jobs: int | None = None, scheduler: str | None = None) -> ImportRun:
    """Import legacy spreadsheets, CSV exports and write-ups into canonical workbooks in
    `out`, with its import report, as `jobzone import` does; the run's records come back."""
    from jobzone.engine.core.limits import Limits
    from jobzone.engine.importer.run import ImportPlan, run_import
    from jobzone.workbooks.legacy.aliases import load_aliases, read_mapping
    from jobzone.workbooks.legacy.sources import SUFFIXES, group_sources

    user = read_mapping(Path(mapping)) if mapping else None
    aliases = load_aliases(user=user)
    files = _files(sources, SUFFIXES)
    plan = ImportPlan(group_sources(files, aliases), Path(out), user, force, jobs, scheduler,
                      progress=False, max_bytes=Limits.from_env().max_file_bytes)
    return run_import(plan)


def report(sources: Iterable[str | Path], out: str | Path, title: str = "JobZone portfolio",
           rules: Ruleset | None = None, jobs: int | None = 1,
           advance: Callable[[], None] | None = None) -> Portfolio:
    """Check every workbook of `sources` and write one report to `out` (.html, .xlsx, .csv
    or .json by its extension), atomically, as `jobzone report` does; the Portfolio back.

    `jobs` is in-process (1) by default in a library call; None means one worker per core.
    `rules` as in `check`: None follows each workbook's declared ruleset.
    """
    from datetime import datetime

    from jobzone.engine.check.pipeline import CheckOptions
    from jobzone.engine.report.collect import collect_rows, portfolio
    from jobzone.engine.report.preload import PRELOAD
    from jobzone.engine.report.write import write_report
    from jobzone.engine.runtime.runner import make_runner

    target = Path(out).resolve()
    files = [f for f in _files(sources, WORKBOOK_SUFFIXES) if f.resolve() != target]
    runner = make_runner(len(files), jobs, None, PRELOAD)
    try:
        rows = collect_rows(files, CheckOptions(rules=rules or AIJRI_1, assessments=True,
                                                follow_workbook=rules is None),
                            runner, advance)
    finally:
        runner.close()
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    result = portfolio(rows, rules or AIJRI_1, title, stamp, [])
    write_report(result, Path(out))
    return result
