"""A spreadsheet-like source (any number of sheets) read into an Imported assessment.

Four passes over every sheet, in order: tables by their header rows, the records of
long-format tables (a section column), labelled values in what the tables left, and a
sweep that keeps the rest as unmapped. The
passes run over all sheets before the next starts, so a table on one sheet is never
mistaken for loose labels because its sheet came later.
"""

from __future__ import annotations

from collections.abc import Sequence

from jobzone.workbooks.legacy.aliases import Aliases
from jobzone.workbooks.legacy.draft import Draft, Imported
from jobzone.workbooks.legacy.grid import SourceSheet
from jobzone.workbooks.legacy.labelled import read_labelled, sweep_unmapped
from jobzone.workbooks.legacy.long_format import read_long
from jobzone.workbooks.legacy.tables import SheetReading, read_tables


def read_sheets(sheets: Sequence[SourceSheet], file: str, aliases: Aliases,
                draft: Draft | None = None) -> Imported:
    draft = draft or Draft(file)
    readings = [SheetReading(sheet, aliases, draft) for sheet in sheets]
    for reading in readings:
        read_tables(reading)
    for reading in readings:
        read_long(reading)
    for reading in readings:
        read_labelled(reading)
    for reading in readings:
        sweep_unmapped(reading)
    return draft.finish()
