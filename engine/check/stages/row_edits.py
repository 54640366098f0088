"""Rows deleted from a table in a spreadsheet program, named as what they are.

Deleting a task row in Excel or LibreOffice moves the table's totals up into the last
task slot and shrinks the names that sum the table. The integrity stage sees the
moved formulas (JZ304); read at the layout's addresses, the moved totals row then
looks like a task whose cells hold formulas and blanks, and the schemas would advise
typing values over the totals' formulas, which would damage the workbook. This stage
turns that into one finding at the first row that moved, saying what happened and what
follows from it (the shares left in the table, the score the sheet shows), and drops
the follow-on input findings from the moved rows down.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from jobzone.engine.core.findings import Finding
from jobzone.engine.core.rounding import decimal_from_float
from jobzone.workbooks import layout as L
from jobzone.workbooks.cell_access import peek

SHIFTED_CODE = "JZ304"
INPUT_CODES = ("JZ1", "JZ2")  # schema findings: about inputs, read at layout addresses


def _row_of(cell: str | None) -> int | None:
    digits = "".join(c for c in cell or "" if c.isdigit())
    return int(digits) if digits else None


def _shares_left(workbook: Any, last_task_row: int) -> Decimal | None:
    """The sum of the time shares still in the task table, in percent."""
    sheet = workbook[L.TASKS]
    total = Decimal(0)
    for row in range(L.TASK_FIRST_ROW, last_task_row + 1):
        value = peek(sheet, f"{L.TASK_COLUMNS.time_share}{row}").value
        if isinstance(value, bool) or value is None or value == "":
            continue
        if not isinstance(value, int | float | Decimal):
            return None
        total += decimal_from_float(value) if isinstance(value, float) else Decimal(value)
    return (total * 100).normalize()


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def explain_deleted_rows(findings: list[Finding], workbook: Any,
                         shifts: dict[str, tuple[int, int]], cached: Any,
                         cells: dict[str, tuple[str, str]]) -> list[Finding]:
    """`findings` with each deletion inside a table said once, with its consequence."""
    out = list(findings)
    for sheet, (shift, first_moved) in shifts.items():
        if shift >= 0:
            continue  # inserted rows are reported well by the integrity stage
        deleted = -shift
        follow_on = [f for f in out if f.sheet == sheet and f.code.startswith(INPUT_CODES)
                     and (_row_of(f.cell) or 0) >= first_moved]
        out = [f for f in out if f not in follow_on]
        if sheet != L.TASKS or sheet not in getattr(workbook, "sheetnames", ()):
            continue
        index = next((i for i, f in enumerate(out)
                      if f.code == SHIFTED_CODE and f.sheet == sheet), None)
        if index is None:
            continue
        rows = f"{deleted} row{'s' if deleted > 1 else ''}"
        message = (f"{rows} deleted inside the task table: its totals moved up from row "
                   f"{first_moved + deleted} to row {first_moved}, and every row below the "
                   "deletion moved up with them")
        shares = _shares_left(workbook, first_moved - 1)
        if shares is not None:
            message += f"; the time shares left in the table sum to {shares:f}%"
        if cached is not None and "Score" in cells:
            score_sheet, score_cell = cells["Score"]
            row, column = _cell(score_cell)
            score = cached.value(score_sheet, row, column)
            zone = None
            if "FinalZone" in cells:
                zone_sheet, zone_cell = cells["FinalZone"]
                zone = cached.value(zone_sheet, *_cell(zone_cell))
            if score is not None:
                shown = f"{_shown(score)} {zone}" if zone else _shown(score)
                message += f", while the sheet shows {shown}"
        message += (". Undo the deletion (or rebuild the workbook with `jobzone new`); to drop "
                     "a task, clear its cells instead of deleting its row. Do not type over "
                     "the moved totals")
        out[index] = replace(out[index], cell=f"{L.TASK_COLUMNS.name}{first_moved}",
                             message=message)
    return out


def _cell(ref: str) -> tuple[int, int]:
    from jobzone.engine.check.stages.formula_text import split_cell

    return split_cell(ref)
