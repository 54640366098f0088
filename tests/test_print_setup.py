"""Every sheet prints as a reader expects: fit to the page's width, title and header rows
repeated on every page, the score card on one page. Proven by printing with LibreOffice
(PDF export of one sheet at a time) and reading the pages back with poppler's pdftotext."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.formatting.formatting import ConditionalFormattingList

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import NarrativeSection, Task
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.recalc.cached import saved_with_values
from jobzone.workbooks import layout as L
from jobzone.workbooks.builder import build_workbook
from tests.conftest import REFERENCE_WORKBOOK
from tests.factories import for_score
from tests.libreoffice import soffice_path

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("pdftotext") is None,
                       reason="poppler-utils (pdftotext) not installed; .ci/run installs it"),
]


def sheet_pages(workbook: Path, sheet: str, tmp_path: Path) -> list[str]:
    """The text of each printed page of one sheet (the others hidden, so not printed).

    Conditional formats are dropped first: LibreOffice 7.4's headless PDF export aborts
    on the Score sheet's expression formats (signal 6 in SfxItemPool, seen with Debian's
    libreoffice-calc-nogui), and colours move nothing on a page."""
    book = openpyxl.load_workbook(workbook)
    for ws in book.worksheets:
        ws.sheet_state = "visible" if ws.title == sheet else "hidden"
        ws.conditional_formatting = ConditionalFormattingList()
    book.active = book.sheetnames.index(sheet)
    alone = tmp_path / f"{sheet}.xlsx"
    book.save(alone)
    binary = soffice_path()
    assert binary is not None
    with tempfile.TemporaryDirectory(prefix="jobzone-lo-profile-") as profile:
        subprocess.run([binary, f"-env:UserInstallation={Path(profile).as_uri()}",
                        "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                        str(tmp_path), str(alone)], capture_output=True, check=True,
                       timeout=300)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / f"{sheet}.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_the_score_card_prints_on_one_page(tmp_path: Path) -> None:
    [page] = sheet_pages(REFERENCE_WORKBOOK, L.SCORE, tmp_path)
    assert "JobZone Score" in page and "41.2" in page  # the cached values print too


def test_a_full_task_table_prints_every_column_across_one_page_width(tmp_path: Path) -> None:
    labels = {1: "NOT INVOLVED", 2: "AUGMENTATION", 3: "AUGMENTATION", 4: "DISPLACEMENT",
              5: "DISPLACEMENT"}
    tasks = tuple(Task(f"Task number {n} of a long decomposition", Decimal(2), n % 5 + 1,
                       labels[n % 5 + 1], "why this score: " + "evidence " * 30)
                  for n in range(L.TASK_CAPACITY))
    assessment = dataclasses.replace(for_score("40"), tasks=tasks)
    assert evaluate(assessment, AIJRI_1).shares_total == 100
    path = tmp_path / "full.xlsx"
    path.write_bytes(saved_with_values(build_workbook(assessment, AIJRI_1), str(path)))
    for page in sheet_pages(path, L.TASKS, tmp_path):
        # fit to width: no page holds only the right-hand columns
        assert all(header in page for header in L.TASK_HEADERS.values()), page[:300]
        assert "Task number" in page


def test_a_long_sheet_repeats_its_title_and_header_rows_on_every_page(tmp_path: Path) -> None:
    sections = tuple(NarrativeSection(f"Finding {n}", "A paragraph of the narrative. " * 20)
                     for n in range(300))
    assessment = dataclasses.replace(for_score("40"), narrative=sections)
    path = tmp_path / "long.xlsx"
    path.write_bytes(saved_with_values(build_workbook(assessment, AIJRI_1), str(path)))
    pages = sheet_pages(path, L.NOTES, tmp_path)
    assert len(pages) >= 3
    for page in pages:
        head = page.strip().splitlines()[:4]
        assert head[0].strip() == L.NOTES and any("Section" in line and "Text" in line
                                                  for line in head), head
    assert sum(page.count("Finding ") for page in pages) == 300  # every row printed once
