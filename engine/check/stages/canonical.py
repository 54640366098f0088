"""The canonical workbook's formulas and defined names, computed once per process.

Integrity checks compare a workbook with this template: it is what
`build_workbook(None, AIJRI_1)` writes, so it can never drift from the builder.
Formulas do not depend on the assessment (every task and rules row carries its
formula, filled or not), so one template serves every workbook.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from jobzone.engine.check.stages.formula_text import FormulaKey, formula_key


@dataclass(frozen=True)
class Template:
    formulas: dict[tuple[str, str], str]  # (sheet, cell) -> formula text
    keys: dict[tuple[str, str], FormulaKey]  # (sheet, cell) -> key relative to its cell
    rows_by_key: dict[tuple[str, int], dict[FormulaKey, list[int]]]  # (sheet, column) -> ...
    names: dict[str, str]  # defined name -> reference


def formula_cells(workbook: Any) -> dict[tuple[str, str], tuple[int, int, str]]:
    """(sheet, cell) -> (row, column, formula text) of every formula cell of a workbook.

    Reads openpyxl's cell store directly (`_cells`): iterating rows would create
    a cell object for every blank position of each sheet's used range.
    """
    found = {}
    for sheet in workbook.worksheets:
        for (row, column), cell in sheet._cells.items():
            if cell.data_type == "f":
                text = getattr(cell.value, "text", cell.value)
                found[(sheet.title, cell.coordinate)] = (row, column, str(text))
    return found


def defined_names(workbook: Any) -> dict[str, str]:
    """Workbook-scoped defined name -> its reference text (built-in `_xlnm.` names left out)."""
    return {name: str(definition.attr_text) for name, definition in workbook.defined_names.items()
            if not name.startswith("_xlnm.")}


@functools.lru_cache(maxsize=16)
def canonical_template(tables: Any = None) -> Template:
    """The builder's formulas and names, with the Rules sheet's decision tables placed as
    `tables` (`jobzone.workbooks.layout.RulesTables`; None: the default layout)."""
    from jobzone.engine.core.ruleset import AIJRI_1
    from jobzone.workbooks.builder import build_workbook

    workbook = build_workbook(None, AIJRI_1, tables)
    formulas, keys = {}, {}
    rows_by_key: dict[tuple[str, int], dict[FormulaKey, list[int]]] = defaultdict(
        lambda: defaultdict(list))
    for where, (row, column, text) in formula_cells(workbook).items():
        formulas[where] = text
        keys[where] = formula_key(text, row, column)
        rows_by_key[(where[0], column)][keys[where]].append(row)
    frozen = {place: dict(by_key) for place, by_key in rows_by_key.items()}
    return Template(formulas, keys, frozen, defined_names(workbook))
