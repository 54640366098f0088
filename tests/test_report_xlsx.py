"""The XLSX summary: every intermediate per role, zone colours, filter, charts, no formulas."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.report.collect import portfolio
from jobzone.engine.report.columns import columns
from jobzone.engine.report.render_xlsx import FINDINGS, ROLES, SUMMARY
from jobzone.engine.report.rows import Portfolio
from jobzone.engine.report.write import write_report
from tests.libreoffice import recalculate
from tests.portfolio import HOSTILE_TITLES, portfolio_assessments, portfolio_rows


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Portfolio, Path]:
    rows = portfolio_rows(portfolio_assessments(20, hostile_titles=True), unreadable=2)
    p = portfolio(rows, AIJRI_1, "=cmd|' /C calc'!A0", "2026-01-01 09:00")
    target = tmp_path_factory.mktemp("xlsx") / "summary.xlsx"
    write_report(p, target)
    return p, target


def test_one_row_per_role_with_every_intermediate(report: tuple[Portfolio, Path]) -> None:
    p, target = report
    ws = openpyxl.load_workbook(target)[ROLES]
    headers = [c.value for c in ws[1]]
    assert headers == [c.header for c in columns(p.task_scores)]
    assert ws.max_row == len(p.rows) + 1
    for row, cells in zip(p.rows, ws.iter_rows(min_row=2, values_only=True), strict=True):
        values = dict(zip(headers, cells, strict=True))
        assert values["#"] == row.number and values["Job title"] == row.title
        if row.record is None:
            assert values["Status"] == "unreadable" and values["Score"] is None
            assert values["Finding details"].startswith("JZ004 error")
            continue
        r = row.record
        for header, key in (("Raw", "raw"), ("Score", "score"), ("Task resistance",
                            "task_resistance"), ("Barrier modifier", "barrier_modifier"),
                            ("Final zone", "final_zone"), ("Sub-label", "sub_label")):
            assert values[header] == r[key], header
        assert values["Share scoring 3+"] == pytest.approx(r["share_scoring_3_plus"] / 100)
        assert sum(values[f"Time at score {s}"] for s in p.task_scores) == pytest.approx(1)


def test_zone_colours_filter_and_charts(report: tuple[Portfolio, Path]) -> None:
    p, target = report
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == [SUMMARY, ROLES, FINDINGS]
    roles = wb[ROLES]
    last = len(p.rows) + 1
    assert roles.auto_filter.ref == f"A1:AJ{last}" and roles.freeze_panes == "C2"
    coloured = {str(rng.sqref): [r.formula[0] for r in rules]
                for rng, rules in roles.conditional_formatting._cf_rules.items()}
    headers = [c.value for c in roles[1]]
    final = openpyxl.utils.get_column_letter(headers.index("Final zone") + 1)
    assert coloured[f"{final}2:{final}{last}"] == [
        f'LEFT({final}2,{len(z)})="{z}"' for z in AIJRI_1.zone_names()]
    assert len(coloured) == 3
    assert len(wb[SUMMARY]._charts) == 2
    findings = wb[FINDINGS]
    assert findings.max_row == 3 and findings["D2"].value == "JZ004"


def _cells(target: Path) -> list[Any]:
    wb = openpyxl.load_workbook(target)
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def test_no_formula_anywhere_and_formula_like_text_marked(report: tuple[Portfolio, Path]
                                                         ) -> None:
    _, target = report
    with zipfile.ZipFile(target) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in xml or "<f " in xml for xml in sheets)
    cells = _cells(target)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    by_value = {c.value: c for c in cells if isinstance(c.value, str)}
    for title in HOSTILE_TITLES:
        assert by_value[title].data_type == "s"
        assert by_value[title].quotePrefix == title.startswith(("=", "+", "-", "@"))
    assert by_value["=cmd|' /C calc'!A0"].quotePrefix


@pytest.mark.libreoffice
def test_a_real_spreadsheet_keeps_hostile_titles_as_text(report: tuple[Portfolio, Path],
                                                         tmp_path: Path) -> None:
    _, target = report
    [resaved] = recalculate([target], tmp_path)
    ws = openpyxl.load_workbook(resaved)[ROLES]
    titles = [ws.cell(row=r, column=2) for r in range(2, 2 + len(HOSTILE_TITLES))]
    assert [c.value for c in titles] == list(HOSTILE_TITLES)
    assert all(c.data_type == "s" for c in titles)
    # LibreOffice saves a boolean as =TRUE()/=FALSE(); anything else would be ours
    formulas = {c.value for c in _cells(resaved) if c.data_type == "f"}
    assert formulas <= {"=TRUE()", "=FALSE()"}
