"""Three-way agreement: jobzone's native result, the workbook's own formulas, the cache.

Natively, jobzone computes the method exactly. The workbook's formulas, evaluated
by `jobzone.engine.recalc.evaluator`, compute it as the spreadsheet would. The cached values
are what Excel or LibreOffice showed when the file was last saved. Each pair that
disagrees is a finding at the named result cell; an error value (#REF!, #N/A...)
in a formula cell is a finding wherever it is. A file never opened by a
spreadsheet program has no cache, which is not an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jobzone.engine.check.stages.formula_text import single_cell, split_cell
from jobzone.engine.core.findings import Finding, Rule, Severity
from jobzone.engine.core.result import Result
from jobzone.engine.core.result_agreement import result_differences
from jobzone.workbooks import layout as L
from jobzone.workbooks.cached_values import CachedValues
from jobzone.workbooks.named_results import named_cells, same_value
from jobzone.workbooks.package_values import written_by_jobzone

STALE = Rule(
    "JZ410", Severity.error, "cached value is stale",
    "The value the file shows (what Excel or LibreOffice computed when it was last "
    "saved) differs from the value its inputs give now: the file was saved without "
    "recalculating (manual calculation, or edited by a program that does not "
    "calculate). METHODOLOGY section 8 lists this among the consistency warnings of an "
    "assessment; the check treats it as an error because the file displays a result "
    "that is not its score.",
    "open the file in Excel or LibreOffice, recalculate (Ctrl+Alt+F9) and save")
FORMULAS_DISAGREE = Rule(
    "JZ411", Severity.error, "the workbook's formulas disagree with jobzone",
    "Evaluated from the same inputs, the workbook's own formulas give a different value "
    "than jobzone's native evaluation of the method.",
    "look for an edited formula, a changed Rules sheet or a broken reference")
ERROR_VALUE = Rule(
    "JZ412", Severity.error, "the file shows a spreadsheet error value",
    "A formula cell's cached value (what the file shows) is an error value (#REF!, "
    "#DIV/0!, #N/A, #VALUE!...): a deleted reference, a missing lookup or a wrong type "
    "upstream. When the workbook's formulas are evaluated, JZ401 names the cell where "
    "the error starts.",
    "follow the cell's formula back to the first error")
NEVER_CALCULATED = Rule(
    "JZ413", Severity.info, "no cached values",
    "The file was written by a program that does not calculate (openpyxl, a script) and "
    "never opened and saved by a spreadsheet program, so there are no cached values to "
    "compare, and readers that do not calculate (pandas, file previews) show blanks. "
    "Not an error. (Everything jobzone writes carries its values.)",
    "`jobzone recalc FILE --in-place` caches every formula's value")
NOT_EVALUATED = Rule(
    "JZ414", Severity.warning, "the workbook's formulas could not be evaluated",
    "The formula evaluator failed on this workbook, so native and formula results were "
    "not compared.",
    None)
RULES = (STALE, FORMULAS_DISAGREE, ERROR_VALUE, NEVER_CALCULATED, NOT_EVALUATED)


@dataclass(frozen=True)
class Views:
    """The three views of a workbook's named results, each optional."""

    cells: dict[str, tuple[str, str]]  # defined name -> (sheet, cell) in this workbook
    native: dict[str, Any] | None = None  # expected values (workbook units)
    formulas: dict[str, Any] | None = None  # the workbook's formulas, evaluated
    cached: CachedValues | None = None
    formula_cells: frozenset[tuple[str, str]] = frozenset()
    skip: frozenset[tuple[str, str]] = field(default_factory=frozenset)  # typed or deleted
    formula_errors: frozenset[tuple[str, str]] = frozenset()  # reported by the evaluator
    native_result: Result | None = None  # under the workbook's own rules
    formula_result: Result | None = None
    task_rows: tuple[int, ...] = ()  # Excel rows of the tasks, in Result order
    # the file's bytes: a stale value says whether jobzone (`new`, `import`, `recalc`) or a
    # spreadsheet program wrote the cache (read only then, off the check's hot path)
    package: bytes = b""


def result_cells(workbook: Any) -> dict[str, tuple[str, str]]:
    """Named result -> its cell, by the workbook's own defined names.

    A workbook whose rows moved still finds its results; a name that is missing or
    broken falls back to the canonical cell only when it is missing (a broken name
    has no cell, and its error is reported by the integrity check).
    """
    cells = {}
    for name, canonical in named_cells().items():
        definition = workbook.defined_names.get(name)
        if definition is None:
            cells[name] = canonical
            continue
        where = single_cell(str(definition.attr_text))
        if where is not None:
            cells[name] = where
    return cells


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


def check_agreement(file: str, views: Views) -> list[Finding]:
    findings = _error_values(file, views)
    reported = {(f.sheet, f.cell) for f in findings}
    findings += _cache(file, views, reported)
    if views.native is not None and views.formulas is not None:
        canonical = named_cells()
        for name, (sheet, cell) in views.cells.items():
            if ((sheet, cell) in views.skip or name not in views.native
                    or (sheet, cell) != canonical[name]):
                continue  # typed over (JZ301), or moved: the evaluator reads the layout's cells
            got = views.formulas.get(name)
            if isinstance(got, str) and got.startswith("#"):
                continue  # an error value: the evaluator reports it with its cell
            if not same_value(views.native[name], got):
                findings.append(FORMULAS_DISAGREE.finding(
                    file, sheet, cell, f"{name}: the workbook's formulas give {_shown(got)}, "
                    f"jobzone gives {_shown(views.native[name])}"))
    return findings + _weighted(file, views)


def _weighted(file: str, views: Views) -> list[Finding]:
    """Each task's weighted value (Tasks column D) from the formulas against native."""
    if views.native_result is None or views.formula_result is None:
        return []
    findings = []
    for difference in result_differences(views.native_result, views.formula_result):
        if not difference.field.startswith("weighted["):
            continue  # the named results are compared cell by cell above
        index = int(difference.field[len("weighted["):-1])
        if index < len(views.task_rows):
            cell = f"{L.TASK_COLUMNS.weighted}{views.task_rows[index]}"
            findings.append(FORMULAS_DISAGREE.finding(
                file, L.TASKS, cell, f"task weighted value: the workbook's formulas give "
                f"{_shown(difference.other)}, jobzone gives {_shown(difference.native)}"))
    return findings


def _error_values(file: str, views: Views) -> list[Finding]:
    if views.cached is None:
        return []
    named = {where: name for name, where in views.cells.items()}
    findings: list[Finding] = []
    others: dict[str, list[tuple[str, str]]] = {}
    for (sheet, cell), error in sorted(views.cached.errors.items(), key=_sheet_order):
        if (sheet, cell) in views.formula_errors:
            continue  # the evaluator reports this cell, with where its error starts
        if (sheet, cell) in named:
            findings.append(ERROR_VALUE.finding(
                file, sheet, cell, f"{named[(sheet, cell)]} shows {error} (cached value)"))
        else:
            others.setdefault(sheet, []).append((cell, error))
    for sheet, cells in others.items():
        listed = ", ".join(f"{cell} {error}" for cell, error in cells[:6])
        more = f" and {len(cells) - 6} more" if len(cells) > 6 else ""
        what = ("1 formula cell shows an error value" if len(cells) == 1
                else f"{len(cells)} formula cells show error values")
        findings.append(ERROR_VALUE.finding(
            file, sheet, cells[0][0], f"{what} (cached): {listed}{more}"))
    return findings


def _sheet_order(item: tuple[tuple[str, str], str]) -> tuple[str, int, int]:
    (sheet, cell), _ = item
    row, column = split_cell(cell)
    return sheet, row, column


def _cache(file: str, views: Views, reported: set[tuple[str | None, str | None]]
           ) -> list[Finding]:
    cached = views.cached
    reference, how = ((views.native, "jobzone computes") if views.native is not None
                      else (views.formulas, "the workbook's formulas give"))
    values = {name: cached.value(sheet, *split_cell(cell)) if cached else None
              for name, (sheet, cell) in views.cells.items()
              if (sheet, cell) in views.formula_cells}
    if cached is None or (not cached.errors and all(v is None for v in values.values())):
        if not views.formula_cells:
            return []
        return [NEVER_CALCULATED.finding(
            file, message="no cached values: the file was never calculated and saved by a "
            "spreadsheet program, so there is nothing to compare with (`jobzone recalc` "
            "caches them)")]
    if reference is None:
        return []
    findings = []
    for name, value in values.items():
        sheet, cell = views.cells[name]
        if (value is None or (sheet, cell) in views.skip or (sheet, cell) in reported
                or name not in reference):
            continue
        if not same_value(reference[name], value):
            writer = ("cached by jobzone when it wrote the file, and changed since without "
                      "recalculating: run `jobzone recalc`" if written_by_jobzone(views.package)
                      else "saved by a spreadsheet program without recalculating")
            findings.append(STALE.finding(
                file, sheet, cell, f"{name}: the file shows {_shown(value)}, {how} "
                f"{_shown(reference[name])} ({writer})"))
    return findings
