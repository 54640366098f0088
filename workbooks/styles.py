"""How the canonical workbook looks: one input style, one formula style, zone colours.

Inputs are visibly distinct from formulas (the FAST convention): inputs are pale
yellow and unlocked, formulas grey and locked.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.worksheet import Worksheet

INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
FORMULA_FILL = PatternFill("solid", fgColor="EEEEEE")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
SECTION_FONT = Font(bold=True, size=11)
THIN = Side(style="thin", color="BBBBBB")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

ZONE_FILLS = {
    "Green": PatternFill("solid", fgColor="C6EFCE", bgColor="C6EFCE"),
    "Yellow": PatternFill("solid", fgColor="FFEB9C", bgColor="FFEB9C"),
    "Red": PatternFill("solid", fgColor="FFC7CE", bgColor="FFC7CE"),
}
ZONE_FONTS = {
    "Green": Font(color="006100", bold=True),
    "Yellow": Font(color="9C5700", bold=True),
    "Red": Font(color="9C0006", bold=True),
}
CHECK_FAILED_FILL = PatternFill("solid", fgColor="FFC7CE", bgColor="FFC7CE")


def style_input(cell: Cell, number_format: str | None = None, wrap: bool = False) -> None:
    cell.fill = INPUT_FILL
    cell.border = BOX
    cell.protection = Protection(locked=False)
    cell.alignment = WRAP if wrap else TOP
    if number_format:
        cell.number_format = number_format


def style_formula(cell: Cell, number_format: str | None = None) -> None:
    cell.fill = FORMULA_FILL
    cell.border = BOX
    cell.protection = Protection(locked=True)
    cell.alignment = TOP
    if number_format:
        cell.number_format = number_format


def style_label(cell: Cell, wrap: bool = False) -> None:
    cell.border = BOX
    cell.alignment = WRAP if wrap else TOP


def style_header_row(ws: Worksheet, row: int, headers: list[str] | tuple[str, ...],
                     first_column: int = 1) -> None:
    for offset, header in enumerate(headers):
        cell = ws.cell(row=row, column=first_column + offset, value=header)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def title(ws: Worksheet, text: str, subtitle: str = "") -> None:
    ws["A1"] = text
    ws["A1"].font = TITLE_FONT
    if subtitle:
        ws["A2"] = subtitle
        ws["A2"].font = Font(italic=True, color="666666")


def colour_zones(ws: Worksheet, cell_range: str, zones: tuple[str, ...]) -> None:
    """Conditional fills by zone name; sub-labels start with their zone's name."""
    anchor = cell_range.split(":")[0].replace("$", "")
    for zone in zones:
        fill, font = ZONE_FILLS.get(zone), ZONE_FONTS.get(zone)
        if fill is None:
            continue
        ws.conditional_formatting.add(
            cell_range,
            FormulaRule(formula=[f'LEFT({anchor},{len(zone)})="{zone}"'], fill=fill, font=font),
        )


def flag_false(ws: Worksheet, cell_ref: str) -> None:
    ws.conditional_formatting.add(
        cell_ref, FormulaRule(formula=[f"{cell_ref}=FALSE"], fill=CHECK_FAILED_FILL))


def set_widths(ws: Worksheet, widths: dict[str, float]) -> None:
    for column, width in widths.items():
        ws.column_dimensions[column].width = width


def protect(ws: Worksheet) -> None:
    """Lock formulas against accidents; no password, so an analyst can still unprotect."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
