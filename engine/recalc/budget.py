"""How many cells `formulas` may build arrays for, counted before it compiles a formula set.

`formulas` gives each range an array of cells, sized (as measured) by how far the
range reaches rather than by what it holds: `B:B` or `C1048576:C1048576` costs it
about 800 MB inside one numpy call that no time limit can interrupt, while
`C1:C1000` costs nothing. So the budget is the box from A1 to the farthest corner
any range reaches (in formulas, in defined names, in text INDIRECT turns into a
reference): rows x columns. Canonical formulas reach row 60 and column H (a few
hundred cells); a whole column reaches a million rows. Single cells are free.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jobzone.engine.recalc.formula_set import FormulaSet

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


def far_corner(text: str) -> tuple[int, int]:
    """(farthest row, farthest column) the ranges of one formula or name reach; (0, 0) if none."""
    code = _STRING.sub('""', text)
    if _INDIRECT.search(code):
        code += " " + " ".join(literal[1:-1] for literal in _STRING.findall(text))
    rows = columns = 0
    for first_col, first_row, last_col, last_row in _RECTANGLE.findall(code):
        rows = max(rows, int(first_row), int(last_row))
        columns = max(columns, _column(first_col), _column(last_col))
    code = _RECTANGLE.sub(" ", code)
    for first, last in _COLUMNS.findall(code):
        rows, columns = ROWS, max(columns, _column(first), _column(last))
    for first, last in _ROWS.findall(code):
        rows, columns = max(rows, int(first), int(last)), COLUMNS
    return rows, columns


def referenced_cells(formula_set: FormulaSet) -> int:
    """Rows x columns of the box from A1 to the farthest corner any range reaches."""
    texts: Iterable[str] = [text for _, _, text in formula_set.formulas] + \
        [reference for _, reference in formula_set.names]
    corners = [far_corner(text) for text in texts]
    return max((r for r, _ in corners), default=0) * max((c for _, c in corners), default=0)
