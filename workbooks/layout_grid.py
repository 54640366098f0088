"""The grid every sheet of the canonical workbook shares: sheet names, title, header and
first data rows, and how a cell or a defined name's reference is written.

`jobzone.workbooks.layout` (the input sheets, Score and the defined names) and
`jobzone.workbooks.rules_layout` (the Rules sheet) both build on it; `jobzone.workbooks.layout`
re-exports everything, so callers keep reading the layout through one module.
"""

from __future__ import annotations

TITLE_ROW = 1
HEADER_ROW = 3
FIRST_ROW = 4

ROLE = "Role"
PRINCIPLES = "Principles"
TASKS = "Tasks"
EVIDENCE = "Evidence"
BARRIERS = "Barriers"
OVERRIDE = "Override"
SCORE = "Score"
RULES = "Rules"
NOTES = "Notes"
SHEET_ORDER = (ROLE, PRINCIPLES, TASKS, EVIDENCE, BARRIERS, OVERRIDE, SCORE, RULES, NOTES)
INPUT_SHEETS = (ROLE, PRINCIPLES, TASKS, EVIDENCE, BARRIERS, OVERRIDE, NOTES)


def cell(column: str, row: int) -> str:
    return f"{column}{row}"


def absolute(sheet: str, column: str, row: int, last_row: int | None = None) -> str:
    """An absolute reference for a defined name (`Tasks!$B$4:$B$53`)."""
    ref = f"{sheet}!${column}${row}"
    return ref if last_row is None else f"{ref}:${column}${last_row}"
