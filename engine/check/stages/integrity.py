"""Formula integrity: the workbook's formulas and names against the canonical template.

A formula overwritten by a typed number, deleted, edited or pointing at a deleted
cell is reported at its cell. Rows inserted or deleted shift every formula and
name below them; rather than one finding per moved cell, a shift is recognised
(moved names, or formulas that are the template's formulas of other rows) and
reported once per sheet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from jobzone.engine.check.stages.canonical import Template, defined_names
from jobzone.engine.check.stages.formula_text import (
    formula_key,
    is_broken,
    parse_reference,
    split_cell,
)
from jobzone.engine.core.findings import Finding, Rule, Severity
from jobzone.workbooks import layout as L

ERROR, INFO = Severity.error, Severity.info
TYPED = Rule("JZ301", ERROR, "formula overwritten by a typed value",
             "A result typed over its formula no longer follows the inputs; the workbook "
             "shows a number the method did not compute.",
             "restore the template's formula (copy it from a new workbook: `jobzone new`)")
DELETED = Rule("JZ302", ERROR, "formula deleted",
               "The template has a formula here; without it, every cell that reads this one "
               "sees a blank.", "restore the template's formula")
EDITED = Rule("JZ303", ERROR, "formula edited",
              "The formula differs from the canonical template: the workbook no longer computes "
              "the method (a changed weight, a constant typed into a formula, another range).",
              "restore the template's formula; change constants on the Rules sheet")
SHIFTED = Rule("JZ304", ERROR, "rows inserted or deleted: references shifted",
               "Inputs and results are read at the layout's addresses; rows inserted or "
               "deleted move cells and names away from them.",
               "undo the insertion or deletion; add tasks in the spare rows of the Tasks sheet")
BROKEN = Rule("JZ305", ERROR, "reference to a deleted cell (#REF!)",
              "A formula or defined name lost its target when a row, column or sheet was "
              "deleted; everything computed from it is an error value.",
              "restore the deleted cells, or rebuild the workbook with `jobzone new`")
RENAMED = Rule("JZ306", ERROR, "defined name missing or redirected",
               "Formulas find inputs, constants and results by name; a missing or redirected "
               "name feeds them other cells.", "restore the name's reference from the template")
EXTRA = Rule("JZ307", INFO, "formula where the template has none",
             "Harmless unless something reads it; listed so a reviewer can see every "
             "calculation the workbook holds.", None)
RULES = (TYPED, DELETED, EDITED, SHIFTED, BROKEN, RENAMED, EXTRA)
MAX_EXTRA_LISTED = 5

@dataclass(frozen=True)
class Mismatch:
    kind: str  # typed | deleted | edited | broken | extra
    sheet: str
    cell: str
    row: int
    column: int
    found: Any  # the workbook's formula or typed value
    template: str | None


@dataclass
class IntegrityOutcome:
    findings: list[Finding] = field(default_factory=list)
    shifted_sheets: set[str] = field(default_factory=set)
    # sheet -> (rows the template's formulas moved by, the first row that moved), where a
    # shift explains the mismatches: negative for deleted rows, positive for inserted ones
    shifts: dict[str, tuple[int, int]] = field(default_factory=dict)
    overwritten: set[tuple[str, str]] = field(default_factory=set)  # typed or deleted

    @property
    def canonical(self) -> bool:
        """Do the workbook's formulas and names compute what the template's do?

        Formulas added where the template has none (JZ307) change nothing the method
        reads, since no template formula or name refers to them.
        """
        return all(f.code == EXTRA.code for f in self.findings)


def check_integrity(workbook: Any, file: str, template: Template,
                    formulas: dict[tuple[str, str], tuple[int, int, str]],
                    quiet_cells: frozenset[tuple[str, str]] = frozenset()) -> IntegrityOutcome:
    """Compare formulas and names with the template; `quiet_cells` never get JZ307."""
    present = set(workbook.sheetnames)
    mismatches = _formula_mismatches(workbook, template, formulas, present)
    outcome = IntegrityOutcome()
    moved = _names(workbook, file, template, present, outcome)
    for sheet in sorted({m.sheet for m in mismatches} | set(moved)):
        on_sheet = sorted((m for m in mismatches if m.sheet == sheet),
                          key=lambda m: (m.row, m.column))
        shift = _row_shift(on_sheet, template)
        if shift is not None or moved.get(sheet):
            outcome.shifted_sheets.add(sheet)
            if shift is not None and on_sheet:
                outcome.shifts[sheet] = (shift, on_sheet[0].row)
            outcome.findings.append(_shift_finding(file, sheet, on_sheet, shift,
                                                   moved.get(sheet, [])))
            on_sheet = [m for m in on_sheet if m.kind == "broken"]
        extras: list[Finding] = []
        for mismatch in on_sheet:
            finding = _mismatch_finding(file, mismatch, quiet_cells)
            if finding is not None:
                (extras if finding.code == EXTRA.code else outcome.findings).append(finding)
            if mismatch.kind in ("typed", "deleted"):
                outcome.overwritten.add((mismatch.sheet, mismatch.cell))
        outcome.findings.extend(extras if len(extras) <= MAX_EXTRA_LISTED
                                else [_extras_finding(file, sheet, extras)])
    return outcome


def _extras_finding(file: str, sheet: str, extras: list[Finding]) -> Finding:
    """Many added formulas (a scratch area, a helper table) are one finding, not one each."""
    cells = ", ".join(str(f.cell) for f in extras[:MAX_EXTRA_LISTED])
    return EXTRA.finding(file, sheet, extras[0].cell,
                         f"{len(extras)} formulas where the template has none ({cells}, ...)")


def _formula_mismatches(workbook: Any, template: Template,
                        formulas: dict[tuple[str, str], tuple[int, int, str]],
                        present: set[str]) -> list[Mismatch]:
    found: list[Mismatch] = []
    for (sheet, ref), expected in template.formulas.items():
        if sheet not in present:
            continue  # a missing sheet is reported once, as such
        row, column = split_cell(ref)
        got = formulas.get((sheet, ref))
        if got is None:
            cell = workbook[sheet]._cells.get((row, column))
            value = None if cell is None else cell.value
            kind = "deleted" if value is None or value == "" else "typed"
            found.append(Mismatch(kind, sheet, ref, row, column, value, expected))
            continue
        text = got[2]
        if text == expected or formula_key(text, row, column) == template.keys[(sheet, ref)]:
            continue
        kind = "broken" if is_broken(text) else "edited"
        found.append(Mismatch(kind, sheet, ref, row, column, text, expected))
    for (sheet, ref), (row, column, text) in formulas.items():
        if (sheet, ref) not in template.formulas:
            kind = "broken" if is_broken(text) else "extra"
            found.append(Mismatch(kind, sheet, ref, row, column, text, None))
    return found


def _row_shift(mismatches: list[Mismatch], template: Template) -> int | None:
    """The row offset that explains at least two mismatched formulas as moved template rows."""
    votes: Counter[int] = Counter()
    for m in mismatches:
        if m.kind not in ("edited", "extra"):
            continue
        rows = template.rows_by_key.get((m.sheet, m.column), {}).get(
            formula_key(m.found, m.row, m.column), [])
        votes.update({m.row - row for row in rows if row != m.row})
    if not votes:
        return None
    offset, count = votes.most_common(1)[0]
    return offset if count >= 2 else None


def _shift_finding(file: str, sheet: str, mismatches: list[Mismatch], shift: int | None,
                   moved: list[tuple[str, str, str]]) -> Finding:
    parts = []
    if shift is not None:
        direction = "lower (rows inserted)" if shift > 0 else "higher (rows deleted)"
        parts.append(f"formulas sit {abs(shift)} row{'s' if abs(shift) > 1 else ''} "
                     f"{direction} than in the template, from row {mismatches[0].row}")
    if moved:
        shown = ", ".join(f"{name} -> {now} (template {was})" for name, was, now in moved[:3])
        more = f" and {len(moved) - 3} more" if len(moved) > 3 else ""
        parts.append(f"names moved: {shown}{more}")
    cell = mismatches[0].cell if mismatches else _first_cell(moved[0][1])
    return SHIFTED.finding(file, sheet, cell, f"{SHIFTED.title}: {'; '.join(parts)}")


def _mismatch_finding(file: str, m: Mismatch, quiet_cells: frozenset[tuple[str, str]]
                      ) -> Finding | None:
    if m.kind == "typed":
        return TYPED.finding(file, m.sheet, m.cell,
                             f"the formula {m.template} was overwritten by the value {m.found!r}")
    if m.kind == "deleted":
        return DELETED.finding(file, m.sheet, m.cell, f"the formula {m.template} was deleted")
    if m.kind == "edited":
        return EDITED.finding(file, m.sheet, m.cell,
                              f"formula edited: {m.found} (template: {m.template})")
    if m.kind == "broken":
        template = f" (template: {m.template})" if m.template else ""
        return BROKEN.finding(file, m.sheet, m.cell,
                              f"formula refers to a deleted cell: {m.found}{template}")
    if m.sheet in L.INPUT_SHEETS or (m.sheet, m.cell) in quiet_cells:
        return None  # input cells are the schemas' (JZ103); rules cells the drift check's
    return EXTRA.finding(file, m.sheet, m.cell, f"formula where the template has none: {m.found}")


def _reference_key(text: str) -> tuple[str, tuple[tuple[str, int], ...]] | None:
    parsed = parse_reference(text)
    return None if parsed is None else (parsed[0].upper(), parsed[1])


def _first_cell(reference: str) -> str | None:
    parsed = parse_reference(reference)
    return None if parsed is None else f"{parsed[1][0][0]}{parsed[1][0][1]}"


def _names(workbook: Any, file: str, template: Template, present: set[str],
           outcome: IntegrityOutcome) -> dict[str, list[tuple[str, str, str]]]:
    """Report missing, broken and redirected names; return names moved by a row shift."""
    actual = defined_names(workbook)
    moved: dict[str, list[tuple[str, str, str]]] = {}
    for name, expected in template.names.items():
        sheet = expected.split("!")[0].strip("'")
        if sheet not in present:
            continue
        got = actual.get(name)
        where = (sheet, _first_cell(expected))
        if got is None:
            outcome.findings.append(RENAMED.finding(
                file, *where, f"defined name {name} is missing (template: {expected})"))
            continue
        now, was = _reference_key(got), _reference_key(expected)
        if now == was:
            continue
        if is_broken(got):
            outcome.findings.append(BROKEN.finding(
                file, *where, f"defined name {name} refers to a deleted cell ({got}); "
                f"template: {expected}"))
        elif (now is not None and was is not None and now[0] == was[0]
              and [c for c, _ in now[1]] == [c for c, _ in was[1]]):
            moved.setdefault(sheet, []).append((name, expected, got))
        else:
            outcome.findings.append(RENAMED.finding(
                file, *where, f"defined name {name} refers to {got} (template: {expected})"))
    return moved
