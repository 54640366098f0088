"""A workbook and worksheets that hold cells at once and build the rest on first use.

openpyxl's `Worksheet` builds some twenty helper objects when it is made (row and
column dimensions, page setup, print options, views, protection, header and
footer, filters, conditional formats, ...): about 0.2 ms a sheet, 2 ms of a
canonical workbook's lean load (`jobzone.workbooks.fastload.cells_load`), none of which a check
reads. This sheet starts with what a loaded sheet's cells need (its workbook,
title, cells, state, sheet-scoped names); the first time anything else is asked
for, openpyxl's own `_setup` runs and the sheet is a complete `Worksheet` from
then on, so code that reads more than cells still finds everything there.

The workbook is openpyxl's own, made without the empty first sheet that
`Workbook()` creates (and a loader then throws away), with its default style
tables made only when something reads them, and looking sheets up by name
without building two lists each time (a check looks up ~300 sheets).
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedNameDict
from openpyxl.worksheet.header_footer import HeaderFooter
from openpyxl.worksheet.worksheet import Worksheet

# What openpyxl's Workbook._setup_styles makes.
STYLE_TABLES = frozenset({"_fonts", "_alignments", "_borders", "_fills", "_number_formats",
                          "_date_formats", "_timedelta_formats", "_protections", "_colors",
                          "_cell_styles", "_named_styles", "_table_styles",
                          "_differential_styles"})


class LeanWorksheet(Worksheet):
    """A `Worksheet` (isinstance holds) whose helper objects are made when first read."""

    def __init__(self, parent: Any, title: str) -> None:
        self._parent = parent
        self.title = title  # openpyxl's own checks of the title
        self._cells: dict[tuple[int, int], Any] = {}
        self._current_row = 0
        self.sheet_state = "visible"
        self.defined_names = DefinedNameDict()

    def __getattr__(self, name: str) -> Any:
        """Only reached for an attribute the lean sheet lacks: complete it, then look again."""
        if name.startswith("__") or self.__dict__.get("_completed"):
            raise AttributeError(name)
        kept = dict(self.__dict__)  # cells, state, names, and anything set since
        self.__dict__["_completed"] = True
        Worksheet._setup(self)
        self.HeaderFooter = HeaderFooter()
        self.__dict__.update(kept)
        return getattr(self, name)


class LeanWorkbook(Workbook):
    """openpyxl's `Workbook`, starting with no sheet, with a direct lookup by sheet name."""

    def __init__(self) -> None:
        super().__init__(write_only=True)  # the one way to start without a first sheet
        self._Workbook__write_only = False  # and then an ordinary, writable workbook
        # Set by the loader when a formula cell holds a cached value: without one, a
        # check need not read the file again for cached values (`jobzone.workbooks.cached_values`).
        self.formulas_hold_values = False
        # and when a cell may hold an error value: a plain cell does, or some member of
        # the archive marks a cell t="e" (a formula's cached error, `cells_load._error_marked`)
        self.holds_error_values = False

    def _setup_styles(self) -> None:
        """openpyxl's default style tables (~0.2 ms) are made when first read (below)."""

    def __getattr__(self, name: str) -> Any:
        """Only reached for an attribute the workbook lacks: the style tables, on first use."""
        if name not in STYLE_TABLES or self.__dict__.get("_styles_made"):
            raise AttributeError(name)
        kept = dict(self.__dict__)  # a table set before this one was read stays as set
        self.__dict__["_styles_made"] = True
        Workbook._setup_styles(self)
        self.__dict__.update(kept)
        return getattr(self, name)

    def __getitem__(self, key: str) -> Any:
        for sheet in self._sheets:
            if sheet.title == key:
                return sheet
        return super().__getitem__(key)  # openpyxl's own KeyError


def add_lean_sheet(workbook: Any, title: str) -> LeanWorksheet:
    """`workbook.create_sheet(title)`, lean."""
    sheet = LeanWorksheet(workbook, title)
    workbook._add_sheet(sheet)
    return sheet
