"""How many cells a formula set's references span, before `formulas` builds arrays for them.

`formulas` gives each range an array of its cells. A whole column (`B:B`, a million
rows) costs it about 800 MB and seconds; a few of them in a hostile workbook's
formulas exhaust the machine inside one numpy call, which no time limit can
interrupt. Counting the cells every reference spans (in formulas, in defined
names, and in text that INDIRECT turns into a reference) bounds that before
anything is compiled. The count is an upper bound: overlapping ranges count twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from engine.formula_set import FormulaSet

ROWS, COLUMNS = 1_048_576, 16_384
_STRING = re.compile(r'"(?:[^"]|"")*"')
_EDGE = r"(?<![A-Za-z0-9_.\$])"
_RECTANGLE = re.compile(_EDGE + r"\$?([A-Za-z]{1,3})\$?(\d{1,7}):\$?([A-Za-z]{1,3})\$?(\d{1,7})"
                        r"(?![A-Za-z0-9_(])")
_COLUMNS = re.compile(_EDGE + r"\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})(?![A-Za-z0-9_(])")
_ROWS = re.compile(_EDGE + r"\$?(\d{1,7}):\$?(\d{1,7})(?![0-9])")
_INDIRECT = re.compile(r"(?<![A-Za-z0-9_.])INDIRECT\s*\(", re.IGNORECASE)


def _column(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _span(first: int, last: int) -> int:
    return abs(last - first) + 1


def spanned_cells(text: str) -> int:
    """Cells the references in one formula (or name) span; text given to INDIRECT counts."""
    code = _STRING.sub('""', text)
    if _INDIRECT.search(code):
        code += " " + " ".join(literal[1:-1] for literal in _STRING.findall(text))
    total = 0
    for first_col, first_row, last_col, last_row in _RECTANGLE.findall(code):
        total += _span(_column(first_col), _column(last_col)) * \
            _span(int(first_row), int(last_row))
    code = _RECTANGLE.sub(" ", code)
    for first, last in _COLUMNS.findall(code):
        total += _span(_column(first), _column(last)) * ROWS
    for first, last in _ROWS.findall(code):
        total += _span(int(first), int(last)) * COLUMNS
    return total


def referenced_cells(formula_set: FormulaSet) -> int:
    texts: Iterable[str] = [text for _, _, text in formula_set.formulas] + \
        [reference for _, reference in formula_set.names]
    return sum(spanned_cells(text) for text in texts)
