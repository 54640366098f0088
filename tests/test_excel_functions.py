"""Excel-faithful rounding, proven against LibreOffice on a table of edge cases.

The unit table holds LibreOffice's own answers (recorded with `soffice`); the
LibreOffice test recomputes them: a workbook of edge-case formulas is recalculated
by LibreOffice and evaluated by `formulas` with this project's functions, and every
row must agree. The table also covers the functions the canonical formulas use
(SUMIF, MATCH, INDEX, AND/OR/IF, IFERROR, LEN/SUBSTITUTE, comparisons with blanks).
Rows where Excel and LibreOffice themselves differ are left out and listed in the
README (MIN("2"), "x"&TRUE, unrounded float equality).
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from jobzone.engine.recalc.compile import compile_formula_set
from jobzone.engine.recalc.formula_set import input_value, read_formula_set
from jobzone.engine.recalc.functions.rounding import (
    excel_int,
    excel_round,
    excel_rounddown,
    excel_roundup,
    excel_trunc,
    shown,
)
from tests.libreoffice import recalculate

# (function, arguments, LibreOffice's value)
ARITHMETIC = [
    (excel_round, (1.005, 2), 1.01), (excel_round, (0.285, 2), 0.29),
    (excel_round, (2.675, 2), 2.68), (excel_round, (-1.005, 2), -1.01),
    (excel_round, (2.5, 0), 3.0), (excel_round, (-2.5, 0), -3.0),
    (excel_round, (1234.5678, -2), 1200.0), (excel_round, (-15, -1), -20.0),
    (excel_round, (1.255, 2), 1.26), (excel_round, (10.075, 2), 10.08),
    (excel_round, (0.1 + 0.2, 16), 0.3), (excel_round, (47.949999999999996, 1), 48.0),
    (excel_round, (24.949999999999996, 1), 25.0), (excel_round, (2.5, 0.9), 3.0),
    (excel_round, (0.000000000049999, 10), 0.0), (excel_round, (3.8058240000000004, 10), 3.805824),
    (excel_round, (123456789.123456789, 5), 123456789.12346),
    (excel_roundup, (0.1 + 0.2, 1), 0.3), (excel_roundup, (-1.001, 2), -1.01),
    (excel_rounddown, (0.29 * 100, 0), 29.0), (excel_rounddown, (1.005, 3), 1.005),
    (excel_rounddown, (-1.009, 2), -1.0), (excel_trunc, (2.3 * 100,), 230.0),
    (excel_trunc, (4.35, 1), 4.3), (excel_int, (8.2 - 0.2,), 8), (excel_int, (-0.5,), -1),
]

# Formulas LibreOffice and this project's formulas must agree on (column A of the table).
TABLE = [
    "=ROUND(1.005,2)", "=ROUND(0.285,2)", "=ROUND(-1.005,2)", "=ROUND(1.255,2)",
    "=ROUND(10.075,2)", "=ROUND(0.1+0.2,16)", "=ROUND(47.949999999999996,1)",
    "=ROUND(24.949999999999996,1)", "=ROUND(24.950000000000003,1)", "=ROUND(2.5,0)",
    "=ROUND(-2.5,0)", "=ROUND(1234.5678,-2)", "=ROUND(\"1.005\",2)", "=ROUND(TRUE,0)",
    "=ROUND(\"x\",1)", "=ROUND(1/0,1)", "=ROUND(2.5,0.9)", "=ROUND(41.25,1)",
    "=ROUND(ROUND(5.55,10),1)", "=ROUND(0.00000000005,10)",
    "=ROUNDUP(0.1+0.2,1)", "=ROUNDUP(1.005,2)", "=ROUNDDOWN(0.29*100,0)",
    "=ROUNDDOWN(1.005,3)", "=ROUNDDOWN(8.2-0.2,0)", "=TRUNC(2.3*100)", "=TRUNC(4.35,1)",
    "=INT(8.2-0.2)", "=INT(-0.5)",
    "=SUMIF(Y1:Y5,\">=\"&3,X1:X5)", "=SUMIF(W1:W5,\"DISPLACEMENT\",X1:X5)",
    "=ROUND(SUMIF(W1:W5,\"displacement\",X1:X5),10)", "=SUM(X1:X5)",
    "=MATCH(TRUE,{FALSE,TRUE},0)", "=MATCH(\"green\",{\"Red\",\"Green\"},0)",
    "=INDEX({1,2,3},2)", "=\"green\"=\"Green\"", "=Z99=\"\"", "=Z99=0", "=Z99<>\"\"",
    "=LEN(SUBSTITUTE(Z99,\" \",\"\"))", "=LEN(SUBSTITUTE(\" a b \",\" \",\"\"))",
    "=AND(TRUE,\"x\"=\"x\")", "=OR(Z99=\"\",1>2)", "=IF(Z99=\"\",\"blank\",\"no\")",
    "=IFERROR(1/0,FALSE)", "=IFERROR(MATCH(\"Blue\",{\"Red\",\"Green\"},0),FALSE)",
    "=ABS(2-3)=1", "=MIN(3,2)", "=\">=\"&3", "=\">=\"&0.4", "=1<\"a\"", "=\"a\"<\"B\"",
    "=ROUND(0.1*3,10)=0.3",
]
# Shares are binary fractions, so a sum is exact in both programs (LibreOffice sums
# 0.1 + 0.2 to 0.3, Python to 0.30000000000000004; the canonical formulas ROUND sums).
DATA = [(0.25, 3, "DISPLACEMENT"), (0.5, 5, "Displacement"), (0.125, None, "x"),
        (0.0625, 1, None), (0.03125, "", "")]


@pytest.mark.parametrize(("function", "arguments", "expected"), ARITHMETIC)
def test_rounding_matches_libreoffice(function: Any, arguments: tuple[float, ...],
                                      expected: float) -> None:
    got = function(*arguments)
    assert got == expected and type(got) is type(expected)


def test_shown_is_fifteen_significant_digits() -> None:
    assert str(shown(47.949999999999996)) == "47.95"
    assert str(shown(0.30000000000000004)) == "0.3"
    assert str(shown(1 / 3)) == "0.333333333333333"
    with pytest.raises(ValueError):
        shown(float("inf"))


def _table(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "T"
    for row, formula in enumerate(TABLE, start=1):
        sheet.cell(row=row, column=1, value=formula)
    for row, (share, score, label) in enumerate(DATA, start=1):
        sheet.cell(row=row, column=23, value=label)
        sheet.cell(row=row, column=24, value=share)
        sheet.cell(row=row, column=25, value=score)
    workbook.save(path)
    return path


def _formulas_values(path: Path, functions: Any = None) -> list[Any]:
    workbook = openpyxl.load_workbook(path)
    model = compile_formula_set(read_formula_set(workbook), functions)
    values = model.evaluate([input_value(workbook[s][c].value) for s, c in model.inputs]).values
    return [values[("T", f"A{row}")] for row in range(1, len(TABLE) + 1)]


def _same(libreoffice: Any, ours: Any) -> bool:
    if isinstance(libreoffice, bool) or isinstance(ours, bool):
        return libreoffice is ours
    if isinstance(libreoffice, int | float) and isinstance(ours, int | float):
        return float(libreoffice) == float(ours)
    return bool(libreoffice == ours)


@pytest.mark.libreoffice
def test_the_edge_table_agrees_with_libreoffice(tmp_path: Path) -> None:
    table = _table(tmp_path / "edges.xlsx")
    (recalculated,) = recalculate([table], tmp_path / "out")
    sheet = openpyxl.load_workbook(recalculated, data_only=True)["T"]
    libreoffice = [sheet.cell(row=row, column=1).value for row in range(1, len(TABLE) + 1)]
    ours = _formulas_values(table)
    wrong = [f"{formula}: LibreOffice {lo!r}, jobzone's formulas {got!r}"
             for formula, lo, got in zip(TABLE, libreoffice, ours, strict=True)
             if not _same(lo, got)]
    assert not wrong, "\n".join(wrong)
    from formulas.functions.math import xround, xtrunc

    stock = _formulas_values(table, {  # formulas 1.3.4's own implementations
        "ROUND": xround, "ROUNDUP": functools.partial(xround, func=math.ceil),
        "ROUNDDOWN": functools.partial(xround, func=math.floor), "TRUNC": xtrunc,
        "INT": math.floor})
    assert any(not _same(lo, got) for lo, got in zip(libreoffice, stock, strict=True)), \
        "formulas' own rounding now agrees with LibreOffice here: " \
        "jobzone.engine.recalc.functions.rounding " \
        "may no longer be needed"
