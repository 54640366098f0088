"""Formulas that would reach outside the workbook: reported with their cell, never followed.

A workbook formula can name another file (`'C:\\x\\[pay.xlsx]Sheet1'!A1`, `[1]Sheet1!A1`),
start a program through DDE (`=cmd|' /C calc'!A0`), or call a function that
fetches, registers or runs something (WEBSERVICE, HYPERLINK, RTD, CALL, ...).
jobzone opens workbooks with `keep_links=False`, evaluates only its own canonical
formulas natively, and never resolves another file, so none of these can act;
they are still worth telling the analyst about. The scan reads formula text only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from jobzone.engine.core.errors import Location, WorkbookError

STRING_LITERAL = re.compile(r'"(?:[^"]|"")*"')
QUOTED_SHEET = re.compile(r"'((?:[^']|'')*)'!")
UNQUOTED_EXTERNAL = re.compile(r"\[[^\[\]]+\][A-Za-z0-9_.]*!")
INDIRECT = re.compile(r"(?<![A-Za-z0-9_.])INDIRECT\s*\(", re.IGNORECASE)
EXTERNAL_IN_TEXT = re.compile(r"\[[^\[\]]+\][^!]*!")
OUTSIDE_FUNCTIONS = ("WEBSERVICE", "FILTERXML", "HYPERLINK", "RTD", "CALL", "REGISTER.ID",
                     "REGISTER", "EXEC", "IMPORTDATA", "IMPORTXML", "IMPORTHTML",
                     "IMPORTFEED", "IMPORTRANGE", "IMAGE", "SQL.REQUEST")
OUTSIDE_CALL = re.compile(r"(?<![A-Za-z0-9_.])(?:_xlfn\.|_xlws\.)?("
                          + "|".join(re.escape(f) for f in OUTSIDE_FUNCTIONS)
                          + r")\s*\(", re.IGNORECASE)


@functools.lru_cache(maxsize=2048)
def formula_hazards(formula: str) -> tuple[tuple[str, str], ...]:
    """(code, what) for each way this formula text reaches outside the workbook.

    Remembered by text: workbooks made from one template repeat the same few
    hundred formulas, which need scanning once per process, not once per file.
    """
    code_only = STRING_LITERAL.sub('""', formula)
    hazards: list[tuple[str, str]] = []
    if "|" in QUOTED_SHEET.sub("x!", code_only):
        hazards.append(("JZ031", "a DDE-style reference (program|topic!item)"))
    quoted_external = any("[" in name for name in QUOTED_SHEET.findall(code_only))
    # INDIRECT turns text into a reference, so a workbook named inside its string counts
    indirect_external = bool(INDIRECT.search(code_only)) and any(
        EXTERNAL_IN_TEXT.search(literal) for literal in STRING_LITERAL.findall(formula))
    if quoted_external or indirect_external or \
            UNQUOTED_EXTERNAL.search(QUOTED_SHEET.sub("x!", code_only)):
        hazards.append(("JZ030", "a reference to another workbook"))
    called = sorted({m.group(1).upper() for m in OUTSIDE_CALL.finditer(code_only)})
    if called:
        hazards.append(("JZ033", f"a call to {', '.join(called)}"))
    return tuple(hazards)


def _formulas(workbook: Any) -> Iterator[tuple[str | None, str | None, str, str]]:
    """(sheet, cell, formula text, what holds it) for every formula cell and defined name."""
    for sheet in workbook.worksheets:
        for cell in sheet._cells.values():  # only cells that exist; no empty ones created
            if cell.data_type != "f":
                continue
            value = cell.value
            text = value if isinstance(value, str) else getattr(value, "text", None)
            if isinstance(text, str):
                yield sheet.title, cell.coordinate, text, "formula"
    for name, defined in workbook.defined_names.items():
        if isinstance(defined.attr_text, str):
            yield None, None, defined.attr_text, f"defined name {name!r}"


def formula_risk_notices(workbook: Any, file: str) -> list[WorkbookError]:
    """One located notice per hazardous formula; an empty list for a clean workbook."""
    notices = []
    for sheet, cell, text, holder in _formulas(workbook):
        for code, what in formula_hazards(text):
            notices.append(WorkbookError(Location(file, sheet, cell),
                                         f"{holder} {text[:80]!r} holds {what}; jobzone never "
                                         "follows or runs it", code))
    return notices
