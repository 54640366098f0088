"""Tampered copies of the example workbook, each with the finding it must raise.

Built in code, never stored: openpyxl edits for what an analyst types, zip
surgery on a LibreOffice-saved copy for stale cached values (an input changed
behind the spreadsheet program's back), and LibreOffice itself (driven through
python3-uno by `tests/libreoffice_edit.py`) for a deleted row, so the #REF! and
the shifted names are exactly what a spreadsheet program writes.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from jobzone.workbooks import layout as L
from tests.conftest import REFERENCE_WORKBOOK
from tests.hostile_corpus import rezip

SYSTEM_PYTHON = "/usr/bin/python3"
LIBREOFFICE_EDIT = Path(__file__).with_name("libreoffice_edit.py")
SCORE = L.result_cell("Score")


@dataclass(frozen=True)
class Tamper:
    name: str
    code: str
    sheet: str
    cell: str
    edit: Callable[[openpyxl.Workbook], None]


def _set(sheet: str, ref: str, value: object) -> Callable[[openpyxl.Workbook], None]:
    def edit(workbook: openpyxl.Workbook) -> None:
        workbook[sheet][ref] = value
    return edit


EVIDENCE_MODIFIER = L.result_cell("EvidenceModifier")
EVIDENCE_WEIGHT_ROW = L.CONSTANT_ROW["EvidenceWeight"]
TAMPERS = (
    Tamper("typed-score", "JZ301", *SCORE, _set(*SCORE, 55.0)),
    Tamper("edited-weight", "JZ303", *EVIDENCE_MODIFIER, _set(
        *EVIDENCE_MODIFIER, "=ROUND(ModifierBase+0.05*EvidenceTotal,ExactDecimals)")),
    Tamper("rules-changed", "JZ320", L.RULES, f"B{EVIDENCE_WEIGHT_ROW}",
           _set(L.RULES, f"B{EVIDENCE_WEIGHT_ROW}", 0.05)),
    Tamper("task-score-7", "JZ204", L.TASKS, "C4", _set(L.TASKS, "C4", 7)),
    Tamper("shares-95", "JZ206", L.TASKS, f"B{L.TASK_TOTAL_ROW}", _set(L.TASKS, "B5", 0.10)),
)


def tampered_copy(tamper: Tamper, directory: Path) -> Path:
    workbook = openpyxl.load_workbook(REFERENCE_WORKBOOK)
    tamper.edit(workbook)
    target = directory / f"{tamper.name}.xlsx"
    workbook.save(target)
    return target


def sheet_part(data: bytes, sheet: str) -> str:
    """The archive member holding `sheet`, from workbook.xml and its relationships."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet name="{sheet}"[^>]*r:id="([^"]+)"', workbook)
    assert rid, f"no sheet {sheet} in workbook.xml"
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    assert target
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def with_input_changed(recalculated: Path, target: Path, sheet: str, ref: str,
                       value: str) -> Path:
    """A copy whose input cell `ref` holds `value`, its cached results left as they were."""
    data = recalculated.read_bytes()
    part = sheet_part(data, sheet)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(part).decode()
    cell = re.compile(rf'(<c r="{ref}"[^>]*>)<v>[^<]*</v>(</c>)')
    assert cell.search(xml), f"{sheet}!{ref} holds no plain value in {part}"
    target.write_bytes(rezip(data, {part: cell.sub(rf"\g<1><v>{value}</v>\g<2>", xml).encode()}))
    return target


def uno_available() -> bool:
    if not Path(SYSTEM_PYTHON).exists() or shutil.which("soffice") is None:
        return False
    done = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    return done.returncode == 0


def libreoffice_delete_row(source: Path, target: Path, sheet: str, row: int) -> Path:
    """Delete a row in LibreOffice (which rewrites references and names) and save."""
    done = subprocess.run([SYSTEM_PYTHON, str(LIBREOFFICE_EDIT), str(source), str(target),
                           sheet, str(row)], capture_output=True, text=True, timeout=180,
                          check=False)
    assert done.returncode == 0 and target.exists(), done.stderr[-2000:]
    return target
