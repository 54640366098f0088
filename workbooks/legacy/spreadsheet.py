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
from jobzone.workbooks.legacy.headers import Header, match_header
from jobzone.workbooks.legacy.labelled import read_labelled, sweep_unmapped
from jobzone.workbooks.legacy.long_format import read_long
from jobzone.workbooks.legacy.tables import SheetReading, read_tables
from jobzone.workbooks.legacy.wide_format import find_tracker, read_tracker


def read_sheets(sheets: Sequence[SourceSheet], file: str, aliases: Aliases,
                draft: Draft | None = None) -> Imported:
    """The source's one assessment, or, when it holds several, each as a part.

    Rules, in order: a sheet with a tracker header (role fields and numbered tasks) holds
    one assessment per row; two or more sheets with a task table of their own hold one
    assessment per sheet (sheets without one are read with the first); else the sheets
    together hold one assessment.
    """
    if draft is None:
        parts = _parts(sheets, file, aliases)
        if parts:
            return Imported(file, None, parts=parts)
    return _read_one(sheets, file, aliases, draft or Draft(file))


def _parts(sheets: Sequence[SourceSheet], file: str,
           aliases: Aliases) -> list[tuple[str, Imported]]:
    parts: list[tuple[str, Imported]] = []
    for sheet in sheets:
        tracker = find_tracker(sheet, aliases)
        if tracker is not None:
            parts += [(f"{sheet.name} {label}" if len(sheets) > 1 else label, imported)
                      for label, imported in read_tracker(sheet, tracker, file, aliases)]
    if parts:
        return parts
    with_tasks = [s for s in sheets if _has_task_table(s, aliases)]
    if len(with_tasks) < 2:
        return []
    rest = [s for s in sheets if s not in with_tasks]
    return [(f"sheet {sheet.name}", _read_one([sheet, *(rest if index == 0 else [])], file,
                                              aliases, Draft(file)))
            for index, sheet in enumerate(with_tasks)]


def _has_task_table(sheet: SourceSheet, aliases: Aliases) -> bool:
    for row in sheet.row_numbers():
        head = match_header(sheet, row, aliases)
        if isinstance(head, Header) and head.section == "tasks":
            return True
    return False


def _read_one(sheets: Sequence[SourceSheet], file: str, aliases: Aliases,
              draft: Draft) -> Imported:
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
