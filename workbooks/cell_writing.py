"""Writing one cell of a canonical workbook: text that stays text, formulas styled as such.

Shared by the builder and the Rules sheet's writer (`jobzone.workbooks.rules_sheet`).
"""

from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

from jobzone.engine.core.errors import Location, WorkbookError
from jobzone.engine.core.text_safety import is_formula_like
from jobzone.workbooks import styles as S

MAX_CELL_TEXT = 32_767  # Excel's limit on the characters of one cell


def write_text(ws: Worksheet, ref: str, text: str) -> Cell:
    """Write text that stays text: a leading '=' must never become a formula."""
    if ILLEGAL_CHARACTERS_RE.search(text):
        raise WorkbookError(Location("<new workbook>", ws.title, ref),
                            "text holds control characters a workbook cannot store")
    if len(text) > MAX_CELL_TEXT:
        raise WorkbookError(Location("<new workbook>", ws.title, ref),
                            f"text of {len(text)} characters exceeds Excel's {MAX_CELL_TEXT}")
    cell = ws[ref]
    cell.value = text
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True  # and stays text when an analyst edits the cell in Excel
    return cell


def write_formula(ws: Worksheet, ref: str, formula: str, fmt: str | None = None) -> None:
    ws[ref] = formula
    S.style_formula(ws[ref], fmt)
