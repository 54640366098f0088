"""Limits checked on the loaded workbook: sheets, highest row and column, cells, text length.

The archive guard bounds what openpyxl may build; this bounds what callers then
walk. A single cell at `XFD1048576` costs openpyxl nothing, but a reader that
loops to `max_row` would visit a million rows, and a 10 MB cell would flow into
every report. Checked once, right after loading, so no caller has to.
"""

from __future__ import annotations

from typing import Any

from jobzone.engine.core.errors import Location, WorkbookError
from jobzone.engine.core.limits import Limits


def refuse_oversized(workbook: Any, file: str, limits: Limits) -> None:
    """Raise a located WorkbookError for the first limit the loaded workbook breaks."""
    sheets = workbook.sheetnames
    if len(sheets) > limits.max_sheets:
        raise WorkbookError(Location(file), f"{len(sheets)} sheets (limit {limits.max_sheets}, "
                            "JOBZONE_MAX_SHEETS)", "JZ018")
    total = 0
    for sheet in workbook.worksheets:
        cells = sheet._cells  # openpyxl's own cell map: walking it creates no empty cells
        total += len(cells)
        if total > limits.max_cells:
            raise WorkbookError(Location(file, sheet.title), f"more than {limits.max_cells:,} "
                                "cells (JOBZONE_MAX_CELLS)", "JZ018")
        if sheet.max_row > limits.max_rows:
            raise WorkbookError(Location(file, sheet.title), f"uses row {sheet.max_row:,} "
                                f"(limit {limits.max_rows:,}, JOBZONE_MAX_ROWS)", "JZ018")
        if sheet.max_column > limits.max_columns:
            raise WorkbookError(Location(file, sheet.title), f"uses column {sheet.max_column:,} "
                                f"(limit {limits.max_columns:,}, JOBZONE_MAX_COLUMNS)", "JZ018")
        for cell in cells.values():
            value = cell._value
            if isinstance(value, str) and len(value) > limits.max_string_length:
                raise WorkbookError(Location(file, sheet.title, cell.coordinate),
                                    f"text of {len(value):,} characters (limit "
                                    f"{limits.max_string_length:,}, JOBZONE_MAX_STRING_LENGTH)",
                                    "JZ019")
