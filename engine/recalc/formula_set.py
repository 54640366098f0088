"""What a workbook computes with: its formula set, and its input cells' values.

A `FormulaSet` is a workbook's sheets, every formula (sheet, cell, text) and its
workbook-scoped defined names; its fingerprint is a hash of those and nothing else,
so every workbook with the canonical formulas shares one compiled model
(`jobzone.engine.recalc.compile`), whatever its inputs and Rules values. Reading it touches
only openpyxl's stored cells, never creating blank ones in the caller's workbook.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

CellRef = tuple[str, str]  # (sheet title, "B7")

_TRUE_FALSE_CALL = re.compile(r"\b(TRUE|FALSE)\(\)", re.IGNORECASE)
_STRING = re.compile(r'"(?:[^"]|"")*"')


@functools.lru_cache(maxsize=4096)
def normalized_formula(text: str) -> str:
    """Formula text with spellings that do not change its meaning made equal.

    LibreOffice saves `TRUE` as `TRUE()`; outside string literals the two are one.
    Workbooks from one template repeat the same texts, so each is normalised once.
    """
    parts, last = [], 0
    for literal in _STRING.finditer(text):
        parts.append(_TRUE_FALSE_CALL.sub(r"\1", text[last:literal.start()]))
        parts.append(literal.group(0))
        last = literal.end()
    parts.append(_TRUE_FALSE_CALL.sub(r"\1", text[last:]))
    return "".join(parts)


@dataclass(frozen=True)
class FormulaSet:
    """Everything a workbook's formulas compute with, apart from the values they read."""

    sheets: tuple[str, ...]
    formulas: tuple[tuple[str, str, str], ...]  # sorted (sheet, cell, normalized text)
    names: tuple[tuple[str, str], ...]  # sorted (defined name, reference)
    fingerprint: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        payload = json.dumps([self.sheets, self.formulas, self.names], ensure_ascii=False)
        object.__setattr__(self, "fingerprint",
                           hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32])

    def formula_cells(self) -> set[CellRef]:
        return {(sheet, ref) for sheet, ref, _ in self.formulas}


def _formula_text(value: Any) -> str:
    text = getattr(value, "text", value)  # an ArrayFormula keeps its text in .text
    ref = getattr(value, "ref", None)
    return f"{{{text}}}@{ref}" if ref else str(text)


def read_formula_set(workbook: Any) -> FormulaSet:
    """The formula set of an openpyxl workbook loaded with data_only=False."""
    formulas = []
    for sheet in workbook.worksheets:
        for cell in sheet._cells.values():  # the stored cells only; no blanks created
            if cell.data_type == "f":
                formulas.append((sheet.title, cell.coordinate,
                                 normalized_formula(_formula_text(cell.value))))
    names = sorted((name, str(definition.attr_text))
                   for name, definition in workbook.defined_names.items()
                   if not name.startswith("_xlnm."))
    return FormulaSet(tuple(workbook.sheetnames), tuple(sorted(formulas)), tuple(names))


def input_value(value: Any, epoch: datetime | None = None) -> Any:
    """A cell value as `formulas` reads it from a file: dates as serial numbers,
    floats to 15 decimals (as its loader does), blanks None."""
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, float):
        return round(value, 15)
    if isinstance(value, datetime | date | time | timedelta):
        from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, to_excel

        return to_excel(value, epoch or CALENDAR_WINDOWS_1900)
    return str(value)
