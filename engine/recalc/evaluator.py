"""Evaluate a workbook's *own* formulas (with `formulas`) into the native Result shape.

The evaluator reads the formula set of the workbook, takes the compiled model for
it from an explicit `CompiledModelCache` (every canonical workbook shares one),
feeds it the workbook's input cells and maps the named result cells to an
`jobzone.engine.core.result.Result` of plain values, so `jobzone.engine.core.result_agreement` can
compare it
with the native evaluation. Spreadsheet error values never raise: each becomes a
finding at the cell where it arises (and at each named result it reaches), and
the result is None.

Importing this module is cheap; `formulas` loads on the first evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jobzone.engine.core.findings import Finding, Rule, Severity
from jobzone.engine.core.limits import Limits
from jobzone.engine.core.result import Result
from jobzone.engine.recalc.budget import referenced_cells
from jobzone.engine.recalc.compile import CompiledModel, CompiledModelCache, Evaluated
from jobzone.engine.recalc.formula_set import CellRef, FormulaSet, input_value, read_formula_set
from jobzone.engine.recalc.time_limit import (
    MachineTooSlow,
    TimeLimitExceeded,
    time_limit,
    wall_seconds_for,
)
from jobzone.engine.recalc.workbook_result import result_from_cells
from jobzone.workbooks import layout as L

ERROR = Severity.error
SPREADSHEET_ERROR = Rule(
    "JZ401", ERROR, "formula evaluates to a spreadsheet error",
    "An error value (#REF!, #DIV/0!, #N/A, #VALUE!, #NAME?) flows into every cell that "
    "reads it, so the workbook shows no score.",
    "fix the cell named here; the result cells after it recover by themselves")
CIRCULAR = Rule(
    "JZ402", ERROR, "circular reference",
    "The cell depends on itself; spreadsheets give it no (or a stale) value.",
    "restore the template's formula (`jobzone new` writes one)")
UNPARSED = Rule(
    "JZ403", ERROR, "formula cannot be read",
    "The formula text is not a formula a spreadsheet can evaluate.",
    "retype the formula or restore the template's")
NOT_EVALUATED = Rule(
    "JZ404", ERROR, "formula could not be evaluated",
    "The formula engine stopped on this cell, so it and the cells reading it have no value.",
    "simplify the formula or restore the template's")
WRONG_KIND = Rule(
    "JZ405", ERROR, "result cell holds the wrong kind of value",
    "The method needs a number, text or TRUE/FALSE here (for example text where the "
    "score belongs), so the workbook's result cannot be compared with jobzone's.",
    "restore the template's formula")
TOO_SLOW = Rule(
    "JZ406", ERROR, "formulas took longer than the time limit",
    "Compiling and evaluating one workbook's formulas is bounded by "
    "JOBZONE_FORMULA_SECONDS of CPU time (SECURITY.md), the same on a busy machine as on an "
    "idle one; this workbook's formulas did not finish within it, so they were not "
    "evaluated. (A wall-clock guard far above it says so when the machine itself was too "
    "slow.)",
    "restore the template's formulas, or raise the limit if the workbook is genuine")
TOO_LARGE = Rule(
    "JZ407", ERROR, "formulas reference too many cells to evaluate",
    "The formula engine builds an array for every range; whole columns or rows, or "
    "ranges spanning more than JOBZONE_MAX_CELLS cells in all, would take gigabytes, so "
    "this workbook's formulas were not evaluated (SECURITY.md).",
    "use ranges that cover the rows the sheet uses (Tasks!$B$4:$B$53, not B:B)")
SPANS_REMEMBERED = 64  # formula sets whose range budget is remembered (a regex pass each)
RULES = (SPREADSHEET_ERROR, CIRCULAR, UNPARSED, NOT_EVALUATED, WRONG_KIND, TOO_SLOW, TOO_LARGE)


@dataclass(frozen=True)
class FormulaEvaluation:
    file: str
    fingerprint: str  # hash of the workbook's (sheet, cell, formula) set and defined names
    canonical: bool  # formula set identical to the canonical template's
    result: Result | None  # same shape as jobzone.engine.core.evaluate.evaluate(); None when it
    # cannot be
    named: dict[str, Any]  # defined name -> plain value of each named result cell
    errors: list[Finding]  # spreadsheet errors, circular references, unreadable formulas
    # (sheet, cell) -> plain value of every formula cell, when the formulas were evaluated
    values: dict[CellRef, Any] = field(default_factory=dict)


class FormulaEvaluator:
    """Evaluates workbooks' own formulas; compiled models are shared through `cache`."""

    def __init__(self, cache: CompiledModelCache | None = None) -> None:
        self.cache = cache if cache is not None else CompiledModelCache()
        self._canonical: dict[Any, str] = {}  # Rules-sheet layout -> the builder's fingerprint
        self._spans: dict[str, int] = {}  # fingerprint -> cells its ranges span

    @property
    def canonical_fingerprint(self) -> str:
        """The fingerprint of `jobzone new`'s workbook (the builder's formulas)."""
        return self.canonical_fingerprint_for(L.DEFAULT_TABLES)

    def canonical_fingerprint_for(self, tables: Any) -> str:
        """The builder's fingerprint with the Rules sheet's tables placed as `tables`."""
        if tables not in self._canonical:
            from jobzone.engine.core.ruleset import AIJRI_1
            from jobzone.workbooks.builder import build_workbook

            self._canonical[tables] = read_formula_set(
                build_workbook(None, AIJRI_1, tables)).fingerprint
        return self._canonical[tables]

    def evaluate(self, path: Path, workbook: Any | None = None,
                 limits: Limits | None = None) -> FormulaEvaluation:
        """Evaluate the workbook at `path`.

        `workbook`: an already-loaded openpyxl workbook (data_only=False) of `path`, so a
        caller that parsed the file once does not pay for a second parse; inputs are read
        from it. Without it the file is opened here (a `WorkbookError` if it cannot be).
        Compiling and evaluating together get `limits.formula_seconds` of CPU time; past that, the
        evaluation is abandoned with a JZ406 finding and no result.
        """
        if workbook is None:
            from jobzone.workbooks.reader import open_workbook

            workbook = open_workbook(Path(path))
        formula_set = read_formula_set(workbook)
        canonical = formula_set.fingerprint == self.canonical_fingerprint_for(
            L.tables_of(workbook))
        limits = limits or Limits.from_env()
        seconds = limits.formula_seconds
        spanned = self._spans.get(formula_set.fingerprint)
        if spanned is None:
            if len(self._spans) >= SPANS_REMEMBERED:
                self._spans.clear()
            spanned = self._spans[formula_set.fingerprint] = referenced_cells(formula_set)
        if spanned > limits.max_cells:
            large = TOO_LARGE.finding(str(path), message=f"{TOO_LARGE.title}: ranges span "
                                      f"{spanned:,} cells (limit {limits.max_cells:,}, "
                                      "JOBZONE_MAX_CELLS)")
            return FormulaEvaluation(str(path), formula_set.fingerprint, canonical, None, {},
                                     [large])
        try:
            with time_limit(seconds):
                model = self.cache.model(formula_set)
                evaluated = model.evaluate(input_values(workbook, model.inputs))
        except MachineTooSlow:
            wall = wall_seconds_for(seconds)
            slow = TOO_SLOW.finding(str(path), message=(
                f"the machine was too slow to evaluate the formulas: {wall:g} s "
                f"passed before they used {seconds:g} s of CPU time (JOBZONE_FORMULA_SECONDS); "
                "not a verdict on the formulas: run again on a less busy machine"))
            return FormulaEvaluation(str(path), formula_set.fingerprint, canonical, None, {},
                                     [slow])
        except TimeLimitExceeded:
            slow = TOO_SLOW.finding(str(path), message=f"{TOO_SLOW.title} ({seconds:g} s of "
                                    "CPU time, JOBZONE_FORMULA_SECONDS)")
            return FormulaEvaluation(str(path), formula_set.fingerprint, canonical, None, {},
                                     [slow])
        return evaluation(str(path), workbook, formula_set, model, evaluated, canonical)


def input_values(workbook: Any, cells: tuple[CellRef, ...]) -> list[Any]:
    """The values of `cells` as `formulas` reads them, creating no blank cells."""
    from openpyxl.utils.cell import coordinate_to_tuple

    epoch = getattr(workbook, "epoch", None)
    stores = {title: workbook[title]._cells for title in workbook.sheetnames}
    values = []
    for sheet, ref in cells:
        cell = stores[sheet].get(coordinate_to_tuple(ref)) if sheet in stores else None
        values.append(input_value(None if cell is None else cell.value, epoch))
    return values


def stored_value(workbook: Any, sheet: str, ref: str) -> Any:
    """A cell's stored value, without creating the cell when it is blank."""
    from openpyxl.utils.cell import coordinate_to_tuple

    if sheet not in workbook.sheetnames:
        return None
    cell = workbook[sheet]._cells.get(coordinate_to_tuple(ref))
    return None if cell is None else cell.value


def evaluation(file: str, workbook: Any, formula_set: FormulaSet, model: CompiledModel,
               evaluated: Evaluated, canonical: bool) -> FormulaEvaluation:
    """Map one evaluation to named values, a Result and findings."""
    from jobzone.workbooks.reader import read_task_rows

    formula_cells = formula_set.formula_cells()
    epoch = getattr(workbook, "epoch", None)

    def value(sheet: str, ref: str) -> Any:
        if (sheet, ref) in formula_cells:
            return evaluated.values.get((sheet, ref))
        return input_value(stored_value(workbook, sheet, ref), epoch)

    named = {name: value(*L.result_cell(name)) for name in _named()}
    errors = _findings(file, model, evaluated)
    tasks = L.TASK_COLUMNS
    weighted = [value(L.TASKS, f"{tasks.weighted}{row}") for row in read_task_rows(workbook)] \
        if L.TASKS in workbook.sheetnames else []
    tables = L.tables_of(workbook)
    fires = [[value(L.RULES, f"{table.fires_column}{row}") for row in table.rows()]
             for table in (tables.sub_labels, tables.quick_screen)]
    override_zone = value(L.OVERRIDE, f"{L.OVERRIDE_VALUE_COLUMN}{L.OVERRIDE_ZONE_ROW}")
    result, problems = result_from_cells(named, weighted, fires[0], fires[1], override_zone)
    located = {(f.sheet, f.cell) for f in errors}
    if model.blocked or evaluated.failed:
        problems = []  # cells without a value; the circular or failing cell is reported
    for problem in problems:
        if problem.name in _FIRES and errors:
            continue  # no row fires because an error value reached the table
        sheet, ref = _problem_cell(problem.name, problem.index, workbook)
        if (sheet, ref) not in located and not _is_error(problem.value):
            errors.append(WRONG_KIND.finding(file, sheet, ref, f"{problem}"))
            located.add((sheet, ref))
    return FormulaEvaluation(file, formula_set.fingerprint, canonical, result, named, errors,
                             dict(evaluated.values))


_FIRES = {"SubLabelFires": "sub_labels", "QuickScreenFires": "quick_screen"}


def _named() -> list[str]:
    return [line.name for line in L.SCORE_LINES]


def _is_error(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("#")


def _problem_cell(name: str, index: int | None, workbook: Any) -> CellRef:
    if name == "Weighted" and index is not None:
        from jobzone.workbooks.reader import read_task_rows

        return L.TASKS, f"{L.TASK_COLUMNS.weighted}{read_task_rows(workbook)[index - 1]}"
    if name in _FIRES:
        table = L.tables_of(workbook).table(_FIRES[name])
        return L.RULES, f"{table.fires_column}{table.first_row}:{table.fires_column}" \
                        f"{table.last_row}"
    return L.result_cell(name)


def _findings(file: str, model: CompiledModel, evaluated: Evaluated) -> list[Finding]:
    """One finding per error's origin, one per named result it reaches, one per cycle cell."""
    findings = [UNPARSED.finding(file, sheet, ref, f"{UNPARSED.title}: {why}")
                for (sheet, ref), why in sorted(model.unparsed.items())]
    findings += [CIRCULAR.finding(file, sheet, ref) for sheet, ref in sorted(model.circular)]
    findings += [NOT_EVALUATED.finding(file, sheet, ref, f"{NOT_EVALUATED.title}: {why}")
                 for (sheet, ref), why in sorted(evaluated.failed.items())]
    errors = {cell: text for cell, text in evaluated.errors.items() if cell not in model.unparsed}
    origins = {cell for cell in errors
               if not any(read in errors for read in model.precedents.get(cell, ()))}
    for sheet, ref in sorted(origins):
        findings.append(SPREADSHEET_ERROR.finding(
            file, sheet, ref, f"{sheet}!{ref} evaluates to {errors[(sheet, ref)]}"))
    for name in _named():
        cell = L.result_cell(name)
        if cell in errors and cell not in origins:
            source = _origin(cell, errors, origins, model)
            findings.append(SPREADSHEET_ERROR.finding(
                file, *cell, f"{name} evaluates to {errors[cell]} (from {source[0]}!{source[1]})"))
    return findings


def _origin(cell: CellRef, errors: dict[CellRef, str], origins: set[CellRef],
            model: CompiledModel) -> CellRef:
    """The first origin (in sheet, cell order) an error cell's error comes from."""
    seen, stack, found = {cell}, [cell], list[CellRef]()
    while stack:
        for read in model.precedents.get(stack.pop(), ()):
            if read in errors and read not in seen:
                seen.add(read)
                (found if read in origins else stack).append(read)
    return min(found) if found else cell
