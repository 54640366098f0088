"""Write legacy-shaped sheets as real files: .xlsx, .xlsm, .xls, .ods and .csv.

Each writer takes `LegacySheet`s (rows of values, merged ranges, cells shown as
percentages) and produces the file a user's old tool would have: openpyxl for
.xlsx/.xlsm, xlwt for .xls, odfpy for .ods, the csv module for CSV (all sheets
stacked in one file, or one file per sheet).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import range_boundaries

Value = str | int | float | None


@dataclass
class LegacySheet:
    name: str
    rows: list[list[Value]]
    merged: list[str] = field(default_factory=list)  # "A1:F1"
    percent: set[tuple[int, int]] = field(default_factory=set)  # (row, column), 1-based


def write_xlsx(sheets: list[LegacySheet], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    cell = ws.cell(row=r, column=c, value=value)
                    if isinstance(value, str):
                        cell.data_type = "s"
                    if (r, c) in sheet.percent:
                        cell.number_format = "0%"
        for ref in sheet.merged:
            ws.merge_cells(ref)
    wb.save(path)


def write_xls(sheets: list[LegacySheet], path: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    percent = xlwt.easyxf(num_format_str="0%")
    for sheet in sheets:
        ws = book.add_sheet(sheet.name[:31])
        covered: set[tuple[int, int]] = set()
        for ref in sheet.merged:
            c1, r1, c2, r2 = range_boundaries(ref)
            value = sheet.rows[r1 - 1][c1 - 1] if c1 - 1 < len(sheet.rows[r1 - 1]) else None
            ws.write_merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1, value)
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or (r, c) in covered:
                    continue
                if (r, c) in sheet.percent:
                    ws.write(r - 1, c - 1, value, percent)
                else:
                    ws.write(r - 1, c - 1, value)
    book.save(str(path))


def write_ods(sheets: list[LegacySheet], path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for sheet in sheets:
        table = Table(name=sheet.name)
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        covered: set[tuple[int, int]] = set()
        for ref in sheet.merged:
            c1, r1, c2, r2 = range_boundaries(ref)
            spans[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
        for r, row in enumerate(sheet.rows, start=1):
            tr = TableRow()
            for c, value in enumerate(row, start=1):
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                attrs: dict[str, object] = {}
                if (r, c) in spans:
                    attrs["numberrowsspanned"], attrs["numbercolumnsspanned"] = spans[(r, c)]
                if value is None:
                    tr.addElement(TableCell(**attrs))
                elif isinstance(value, int | float):
                    kind = "percentage" if (r, c) in sheet.percent else "float"
                    cell = TableCell(valuetype=kind, value=value, **attrs)
                    cell.addElement(P(text=str(value)))
                    tr.addElement(cell)
                else:
                    cell = TableCell(valuetype="string", **attrs)
                    for line in str(value).split("\n"):
                        cell.addElement(P(text=line))
                    tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))


def _csv_rows(sheet: LegacySheet) -> list[list[str]]:
    out = []
    for r, row in enumerate(sheet.rows, start=1):
        cells = []
        for c, value in enumerate(row, start=1):
            if value is None:
                cells.append("")
            elif (r, c) in sheet.percent and isinstance(value, int | float):
                cells.append(f"{value * 100:g}%")
            else:
                cells.append(str(value))
        out.append(cells)
    return out


def write_csv(sheets: list[LegacySheet], path: Path, delimiter: str = ",") -> None:
    """All sheets stacked in one CSV, a blank line between them."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for index, sheet in enumerate(sheets):
            if index:
                writer.writerow([])
            writer.writerows(_csv_rows(sheet))


def write_csv_sections(sheets: list[LegacySheet], folder: Path, stem: str) -> list[Path]:
    """One CSV per sheet: `<stem>-<sheet name>.csv`."""
    paths = []
    for sheet in sheets:
        path = folder / f"{stem}-{sheet.name.lower()}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(_csv_rows(sheet))
        paths.append(path)
    return paths


WRITERS = {".xlsx": write_xlsx, ".xlsm": write_xlsx, ".xls": write_xls, ".ods": write_ods,
           ".csv": write_csv}
