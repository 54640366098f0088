"""The Rules sheet: the ruleset's name, version and hash, its constants, vocabulary and
decision tables, each table as tall as `jobzone.workbooks.layout.RulesTables` says.

Every decision-table row carries its "Fires?" formula, filled or spare, so the formulas
follow a revised ruleset live in any spreadsheet program.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl.worksheet.worksheet import Worksheet

from jobzone.engine.core.errors import Location, WorkbookError
from jobzone.engine.core.ruleset import Bounds, Ruleset
from jobzone.workbooks import layout as L
from jobzone.workbooks import styles as S
from jobzone.workbooks.cell_writing import write_formula as _formula
from jobzone.workbooks.cell_writing import write_text as _text


def _bound_cells(bounds: Bounds) -> tuple[float | None, float | None]:
    return (None if bounds.low is None else float(bounds.low),
            None if bounds.high is None else float(bounds.high))


def _fits(ws: Worksheet, rules: Ruleset, tables: L.RulesTables) -> None:
    """A ruleset with more rows than the given tables hold is refused, never cut short."""
    for table, rows in zip(tables.all, (rules.zones, rules.sub_labels, rules.quick_screen),
                           strict=True):
        if len(rows) > min(table.capacity, L.MAX_CAPACITY):
            raise WorkbookError(
                Location("<new workbook>", ws.title, f"A{table.first_row}"),
                f"ruleset {rules.name} has {len(rows)} {table.key.replace('_', '-')} rows; "
                f"the Rules sheet holds {min(table.capacity, L.MAX_CAPACITY)}")


def write_rules(ws: Worksheet, rules: Ruleset, tables: L.RulesTables) -> None:
    _fits(ws, rules, tables)
    S.title(ws, "Rules")
    ws["A2"] = "Ruleset"
    _text(ws, f"B{L.RULES_NAME_ROW}", rules.name)
    for (label_cell, label), cell, value in ((L.RULESET_VERSION_LABEL, L.RULESET_VERSION_CELL,
                                              rules.version),
                                             (L.RULESET_HASH_LABEL, L.RULESET_HASH_CELL,
                                              rules.digest)):
        ws[label_cell] = label
        if value:
            _text(ws, cell, value)
    S.style_header_row(ws, L.CONSTANTS_HEADER_ROW, ["Name", "Value", "Meaning"])
    for constant in L.RULE_CONSTANTS:
        row = L.CONSTANT_ROW[constant.name]
        ws.cell(row=row, column=1, value=constant.name)
        value = getattr(rules.constants, constant.attribute)
        ws.cell(row=row, column=2, value=float(value) if isinstance(value, Decimal) else value)
        ws.cell(row=row, column=3, value=constant.meaning)
    S.style_header_row(ws, L.LABELS_HEADER_ROW, ["Label", "Value"])
    for name, attribute in L.LABEL_NAMES:
        row = L.LABEL_ROW[name]
        ws.cell(row=row, column=1, value=name)
        _text(ws, f"B{row}", getattr(rules.labels, attribute))

    z = tables.zones
    _table_header(ws, z)
    for row, rule in zip(z.rows(), rules.zones, strict=False):
        _text(ws, f"A{row}", rule.zone)
        ws[f"B{row}"] = None if rule.min_score is None else float(rule.min_score)
    for row in z.rows():
        _formula(ws, f"{z.fires_column}{row}", L.zone_fires_formula(row))

    t = tables.sub_labels
    _table_header(ws, t)
    for row, sub in zip(t.rows(), rules.sub_labels, strict=False):
        _text(ws, f"{t.column('zone')}{row}", sub.zone)
        _write_bounds(ws, t, row, "share", sub.share_3_plus)
        _write_bounds(ws, t, row, "growth", sub.growth)
        _text(ws, f"{t.column('sub_label')}{row}", sub.sub_label)
    for row in t.rows():
        _formula(ws, f"{t.fires_column}{row}", L.sub_label_fires_formula(row))
        for field in ("share_low", "share_high"):
            ws[f"{t.column(field)}{row}"].number_format = L.FMT_PERCENT

    q = tables.quick_screen
    _table_header(ws, q)
    for row, screen in zip(q.rows(), rules.quick_screen, strict=False):
        _write_bounds(ws, q, row, "protective", screen.protective)
        _write_bounds(ws, q, row, "growth", screen.growth)
        _text(ws, f"{q.column('result')}{row}", screen.result)
    for row in q.rows():
        _formula(ws, f"{q.fires_column}{row}", L.quick_screen_fires_formula(row))
    S.set_widths(ws, {"A": 22, "B": 16, "C": 16, "D": 12, "E": 26, "F": 24, "G": 10})
    S.protect(ws)


def _write_bounds(ws: Worksheet, table: L.DecisionTable, row: int, field: str,
                  bounds: Bounds) -> None:
    """A row's `field_low` and `field_high` cells (blank: that end open)."""
    low, high = _bound_cells(bounds)
    ws[f"{table.column(field + '_low')}{row}"] = low
    ws[f"{table.column(field + '_high')}{row}"] = high


def _table_header(ws: Worksheet, table: L.DecisionTable) -> None:
    ws.cell(row=table.header_row - 1, column=1, value=table.title).font = S.SECTION_FONT
    headers = [header for _, _, header in table.columns] + ["Fires?"]
    S.style_header_row(ws, table.header_row, headers)
