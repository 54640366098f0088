"""Rebuild examples/legacy/: small legacy files a newcomer can import at once.

Run: python -m examples.build_legacy. Each file holds a made-up assessment laid out
the way old tools kept them (see tests/legacy_shapes.py): a messy single-sheet
workbook, an .xls with a sheet per section, an .ods, one CSV holding everything,
and a set of per-section CSVs. `tests/test_examples_legacy.py` imports them all.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from jobzone.engine.core.model import Assessment, Override, Rated, Role, Task
from jobzone.engine.core.ruleset import BARRIER_NAMES, EVIDENCE_NAMES, GROWTH_NAME, PRINCIPLE_NAMES
from tests.legacy_shapes import STYLES, legacy_sheets
from tests.legacy_writers import write_csv, write_csv_sections, write_ods, write_xls, write_xlsx

LEGACY = Path(__file__).resolve().parent / "legacy"


def _assessment(title: str, seniority: str, tasks: list[tuple[str, str, int, str]],
                principles: list[int], growth: int, evidence: list[int], barriers: list[int],
                override: Override | None = None) -> Assessment:
    return Assessment(
        role=Role(title, seniority, f"{title}: the core duties of the role.",
                  "Not a management role.", "2-5 years."),
        principles=tuple(Rated(n, s, "") for n, s in zip(PRINCIPLE_NAMES, principles,
                                                         strict=True)),
        growth=Rated(GROWTH_NAME, growth, "Demand moves with AI adoption."),
        tasks=tuple(Task(name, Decimal(share), score, label, "")
                    for name, share, score, label in tasks),
        evidence=tuple(Rated(n, s, "") for n, s in zip(EVIDENCE_NAMES, evidence, strict=True)),
        barriers=tuple(Rated(n, s, "") for n, s in zip(BARRIER_NAMES, barriers, strict=True)),
        override=override or Override(),
    )


CLAIMS = _assessment("Claims Processor", "Junior", [
    ("Data entry from claim forms", "40", 5, "DISPLACEMENT"),
    ("Policy coverage checks", "30", 4, "DISPLACEMENT"),
    ("Customer calls about claims", "20", 3, "AUGMENTATION"),
    ("Fraud escalations", "10", 2, "NOT INVOLVED")],
    [0, 1, 0], -1, [-2, -1, -1, -2, -1], [1, 0, 0, 1, 0])
CARE = _assessment("Care Coordinator", "Senior", [
    ("Home visits and assessments", "35", 1, "NOT INVOLVED"),
    ("Care plan writing", "25", 3, "AUGMENTATION"),
    ("Family meetings", "25", 2, "NOT INVOLVED"),
    ("Scheduling and records", "15", 4, "DISPLACEMENT")],
    [3, 3, 2], 1, [2, 1, 1, 0, 1], [2, 2, 1, 2, 2])
STEWARD = _assessment("Data Steward", "Mid-level", [
    ("Metadata curation", "30", 4, "DISPLACEMENT"),
    ("Data quality rules", "25", 3, "AUGMENTATION"),
    ("Stakeholder workshops", "25", 2, "NOT INVOLVED"),
    ("Access reviews", "20", 3, "AUGMENTATION")],
    [0, 1, 2], 1, [1, 0, 1, -1, 0], [1, 0, 0, 1, 0],
    Override(None, "formula zone accepted"))
TECHNICIAN = _assessment("Field Technician", "Mid-level", [
    ("On-site repairs", "50", 1, "NOT INVOLVED"),
    ("Diagnostics with handheld tools", "20", 3, "AUGMENTATION"),
    ("Parts ordering", "15", 5, "DISPLACEMENT"),
    ("Service reports", "15", 4, "DISPLACEMENT")],
    [3, 1, 1], 0, [1, 1, 1, 0, 0], [1, 2, 1, 1, 0])
ANALYST = _assessment("Reporting Analyst", "Mid-level", [
    ("Dashboard maintenance", "35", 4, "DISPLACEMENT"),
    ("Ad-hoc queries", "30", 4, "DISPLACEMENT"),
    ("Explaining numbers to managers", "20", 3, "AUGMENTATION"),
    ("Defining metrics", "15", 2, "NOT INVOLVED")],
    [0, 1, 1], 0, [-1, -1, 0, -2, -1], [0, 0, 0, 1, 0])


def build(folder: Path = LEGACY) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "claims-processor.xlsx", folder / "care-coordinator.xls",
               folder / "data-steward.ods", folder / "reporting-analyst.csv"]
    write_xlsx(legacy_sheets(CLAIMS, STYLES[1]), written[0])
    write_xls(legacy_sheets(CARE, STYLES[2], seed=3), written[1])
    write_ods(legacy_sheets(STEWARD, dataclasses.replace(STYLES[3], split=False)), written[2])
    write_csv(legacy_sheets(ANALYST, STYLES[4]), written[3])
    split = dataclasses.replace(STYLES[0], split=True)
    written += write_csv_sections(legacy_sheets(TECHNICIAN, split), folder, "field-technician")
    return written


if __name__ == "__main__":
    for path in build():
        print(f"wrote {path}")
