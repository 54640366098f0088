"""A source as rows of cells, whatever format it came in: the importers' common input.

Rows and columns are 1-based like a spreadsheet's, so a location is the cell a
user would look at. A write-up's tables become a sheet whose rows are its line
numbers. Merged ranges are kept so a header merged across cells (or over two
header rows) is still found, while data is read from each range's first cell only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from jobzone.engine.core.errors import Location

CellValue = str | int | float | bool | None


@dataclass(frozen=True)
class Merged:
    first_row: int
    first_column: int
    last_row: int
    last_column: int


@dataclass
class SourceSheet:
    """One sheet (or one write-up's tables) of a source, as values."""

    name: str
    rows: dict[int, dict[int, CellValue]]
    merged: list[Merged] = field(default_factory=list)
    lines: bool = False  # a write-up: rows are line numbers, locations say "line N"
    block_ends: dict[int, int] = field(default_factory=dict)  # write-up table: row -> its last
    # write-up table rows under the table's delimiter row: GFM reads them as data, so
    # a row whose words look like a header (a job title "Text" beside "Job Title") is
    # never taken for one (found by tests/test_render.py's round trip)
    body_rows: frozenset[int] = frozenset()
    _filled: dict[tuple[int, int], CellValue] | None = None

    def value(self, row: int, column: int) -> CellValue:
        return self.rows.get(row, {}).get(column)

    def header_value(self, row: int, column: int) -> CellValue:
        """The value a reader sees at a cell, merged ranges spread over every cell they cover."""
        if self._filled is None:
            self._filled = {}
            for m in self.merged:
                top = self.value(m.first_row, m.first_column)
                for r in range(m.first_row, m.last_row + 1):
                    for c in range(m.first_column, m.last_column + 1):
                        self._filled[(r, c)] = top
        return self._filled.get((row, column), self.value(row, column))

    def header_cells(self, row: int) -> list[tuple[int, CellValue]]:
        """Non-blank cells of a row as a header reads them (merged ranges filled in)."""
        self.header_value(row, 1)
        columns = set(self.rows.get(row, {})) | {c for (r, c) in self._filled or {} if r == row}
        cells = [(c, self.header_value(row, c)) for c in sorted(columns)]
        return [(c, v) for c, v in cells
                if v is not None and not (isinstance(v, str) and not v.strip())]

    def merged_bottom(self, row: int, column: int) -> int:
        """The last row a merged range starting at this cell covers (the row itself if none)."""
        for m in self.merged:
            if m.first_row <= row <= m.last_row and m.first_column <= column <= m.last_column:
                return m.last_row
        return row

    def may_head_a_table(self, row: int) -> bool:
        """False for a write-up table's data row (see `body_rows`)."""
        return row not in self.body_rows

    def table_end(self, row: int) -> int | None:
        """The last row of the write-up table holding `row`; None in a spreadsheet."""
        return self.block_ends.get(row)

    def row_numbers(self) -> list[int]:
        return sorted(self.rows)

    def cells(self, row: int) -> Iterator[tuple[int, CellValue]]:
        """Non-blank cells of a row, left to right."""
        for column in sorted(self.rows.get(row, {})):
            value = self.rows[row][column]
            if value is not None and not (isinstance(value, str) and not value.strip()):
                yield column, value

    def where(self, row: int, column: int | None = None) -> str:
        """'Sheet!C7' for a spreadsheet, 'line 12' for a write-up."""
        if self.lines:
            return f"line {row}"
        return f"{self.name}!{get_column_letter(column or 1)}{row}"

    def location(self, file: str, row: int, column: int | None = None) -> Location:
        if self.lines:
            return Location(file, f"line {row}")
        return Location(file, self.name, f"{get_column_letter(column or 1)}{row}")


def sheet_from_rows(name: str, rows: list[list[CellValue]], merged: list[Merged] | None = None,
                    first_row: int = 1) -> SourceSheet:
    """A SourceSheet from a list of rows (blank cells dropped)."""
    table: dict[int, dict[int, CellValue]] = {}
    for offset, values in enumerate(rows):
        kept: dict[int, CellValue] = {c: v for c, v in enumerate(values, start=1)
                if v is not None and not (isinstance(v, str) and not v.strip())}
        if kept:
            table[first_row + offset] = kept
    return SourceSheet(name, table, merged or [])
