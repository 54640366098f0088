"""Formula text compared by meaning, not spelling.

Excel and LibreOffice rewrite formulas they save without changing what they do:
LibreOffice writes `TRUE()` for `TRUE`, Excel may add `_xlfn.` prefixes, quote
sheet names or change the case of names and functions. A formula's key is its
token sequence with those differences removed, and with every relative cell
reference written as an offset from the formula's own cell (R1C1 style), so a
formula that moved with its row (rows inserted above) keeps its key and can be
recognised at its new address.
"""

from __future__ import annotations

import functools
import re

FormulaKey = tuple[str, ...]

_CELL = re.compile(r"^(\$?)([A-Z]{1,3})(\$?)([0-9]{1,7})$")
_WHOLE_ROWS = re.compile(r"^(\$?)([0-9]{1,7})$")
_PREFIXES = ("_XLFN._XLWS.", "_XLFN.", "_XLWS.")


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


@functools.lru_cache(maxsize=8192)  # the same few hundred cells, file after file
def split_cell(coordinate: str) -> tuple[int, int]:
    """`B12` -> (row 12, column 2); `$B$12` too."""
    match = _CELL.match(coordinate.upper())
    if match is None:
        raise ValueError(f"not a cell reference: {coordinate!r}")
    return int(match.group(4)), column_number(match.group(2))


def _part_key(part: str, row: int, column: int) -> str:
    match = _CELL.match(part)
    if match is None:
        rows = _WHOLE_ROWS.match(part)
        if rows is None:
            return part
        return f"R{rows.group(2)}" if rows.group(1) else f"R[{int(rows.group(2)) - row}]"
    col_abs, letters, row_abs, digits = match.groups()
    r = f"R{digits}" if row_abs else f"R[{int(digits) - row}]"
    c = f"C{column_number(letters)}" if col_abs else f"C[{column_number(letters) - column}]"
    return r + c


def reference_key(text: str, row: int, column: int) -> str:
    """A range operand with sheet quoting and case removed and relative parts as offsets."""
    text = text.upper()
    sheet, bang, ref = text.rpartition("!")
    if bang:
        sheet = sheet.strip("'").replace("''", "'") + "!"
    return sheet + ":".join(_part_key(part, row, column) for part in ref.split(":"))


def formula_key(formula: str, row: int, column: int) -> FormulaKey:
    """The formula's meaning-preserving key, relative to the cell (row, column) it sits in."""
    from openpyxl.formula.tokenizer import Token, Tokenizer

    try:
        tokens = [t for t in Tokenizer(formula).items if t.type != Token.WSPACE]
    except Exception:  # the tokenizer raises plain exceptions on malformed text
        return ("unparsed", formula)
    key: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.type == Token.FUNC and token.subtype == Token.OPEN:
            name = token.value[:-1].upper()
            for prefix in _PREFIXES:
                name = name.removeprefix(prefix)
            if (name in ("TRUE", "FALSE") and following is not None
                    and following.type == Token.FUNC and following.subtype == Token.CLOSE):
                key.append(f"L:{name}")
                index += 2
                continue
            key.append(f"F:{name}(")
        elif token.type == Token.OPERAND and token.subtype == Token.TEXT:
            key.append(f"T:{token.value}")
        elif token.type == Token.OPERAND and token.subtype == Token.LOGICAL:
            key.append(f"L:{token.value.upper()}")
        elif token.type == Token.OPERAND and token.subtype == Token.RANGE:
            key.append(f"R:{reference_key(token.value, row, column)}")
        else:
            key.append(f"{token.type}:{token.value.upper()}")
        index += 1
    return tuple(key)


def is_broken(formula: str) -> bool:
    """Does the formula refer to a deleted cell (Excel and LibreOffice write #REF!)?"""
    return "#REF!" in formula.upper()


_REF_PART = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


@functools.lru_cache(maxsize=2048)  # defined names repeat across workbooks
def parse_reference(text: str) -> tuple[str, tuple[tuple[str, int], ...]] | None:
    """`'Tasks'!$B$4:$B$53` -> ("Tasks", (("B", 4), ("B", 53))); None when not a cell range."""
    sheet, bang, ref = text.rpartition("!")
    if not bang:
        return None
    parts = []
    for part in ref.upper().split(":"):
        match = _REF_PART.match(part)
        if match is None:
            return None
        parts.append((match.group(1), int(match.group(2))))
    return sheet.strip("'").replace("''", "'"), tuple(parts)


def single_cell(text: str) -> tuple[str, str] | None:
    """`Score!$B$13` -> ("Score", "B13"); None for a range, an error or anything else."""
    parsed = parse_reference(text)
    if parsed is None or len(parsed[1]) != 1:
        return None
    column, row = parsed[1][0]
    return parsed[0], f"{column}{row}"
