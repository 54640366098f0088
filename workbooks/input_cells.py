"""Where an assessment's inputs go in the canonical workbook: (sheet, cell) -> value.

The builder (`jobzone.workbooks.builder`) writes these cells one by one with openpyxl;
the template package (`jobzone.workbooks.template_package`) patches them into a
package built once. Both must put the same value in the same cell, so the cells are
derived here from the declared layout alone, and `tests/test_template_package.py`
holds the two writers to it over generated assessments (the template-patched
package, read back, equals the builder's workbook cell for cell).

Values are as the builder stores them: text, an int score, a float time share (a
fraction of 1), or None for a blank input cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from jobzone.engine.core.model import Assessment, Rated
from jobzone.workbooks import layout as L

CellValue = tuple[str, str, Any]  # (sheet, cell, value)
RATED_BLOCKS = (L.PRINCIPLES_BLOCK, L.GROWTH_BLOCK, L.EVIDENCE_BLOCK, L.BARRIERS_BLOCK)
TASK_INPUT_FIELDS = ("name", "time_share", "score", "label", "rationale")


def fixed_input_cells() -> list[tuple[str, str]]:
    """Every input cell a blank workbook has, in sheet order (Notes rows excluded: they
    grow with the narrative)."""
    return [(sheet, ref) for sheet, ref, _ in _fixed(None)]


def rated_items(assessment: Assessment, block: L.RatedBlock) -> tuple[Rated, ...]:
    """The assessment's rows of one rated block."""
    if block is L.PRINCIPLES_BLOCK:
        return assessment.principles
    if block is L.GROWTH_BLOCK:
        return (assessment.growth,)
    return assessment.evidence if block is L.EVIDENCE_BLOCK else assessment.barriers


def input_cells(assessment: Assessment) -> list[CellValue]:
    """Every input cell of the assessment's workbook with its value (None: blank),
    the fixed cells first, then the Notes rows of its narrative sections."""
    cells = list(_fixed(assessment))
    for offset, section in enumerate(assessment.narrative):
        row = L.NOTES_FIRST_ROW + offset
        cells.append((L.NOTES, f"{L.NOTES_TITLE_COLUMN}{row}", section.title or None))
        cells.append((L.NOTES, f"{L.NOTES_TEXT_COLUMN}{row}", section.text or None))
    return cells


def _fixed(assessment: Assessment | None) -> Iterator[CellValue]:
    for field in L.ROLE_FIELDS:
        text = getattr(assessment.role, field.attribute) if assessment else ""
        yield L.ROLE, L.cell(L.ROLE_VALUE_COLUMN, field.row), text or None
    for block in RATED_BLOCKS:
        items = rated_items(assessment, block) if assessment else None
        for index, row in enumerate(block.rows()):
            item = items[index] if items is not None and index < len(items) else None
            yield block.sheet, f"{block.name_column}{row}", item.name if item else None
            yield block.sheet, f"{block.score_column}{row}", item.score if item else None
            yield block.sheet, f"{block.rationale_column}{row}", \
                (item.rationale or None) if item else None
    tc = L.TASK_COLUMNS
    tasks = assessment.tasks if assessment else ()
    for index, row in enumerate(L.task_rows()):
        task = tasks[index] if index < len(tasks) else None
        yield L.TASKS, f"{tc.name}{row}", (task.name or None) if task else None
        yield L.TASKS, f"{tc.time_share}{row}", \
            float(task.time_share / Decimal(100)) if task else None
        yield L.TASKS, f"{tc.score}{row}", task.score if task else None
        yield L.TASKS, f"{tc.label}{row}", (task.label or None) if task else None
        yield L.TASKS, f"{tc.rationale}{row}", (task.rationale or None) if task else None
    override = assessment.override if assessment else None
    col = L.OVERRIDE_VALUE_COLUMN
    yield L.OVERRIDE, f"{col}{L.OVERRIDE_ZONE_ROW}", (override.zone or None) if override else None
    yield L.OVERRIDE, f"{col}{L.OVERRIDE_REASON_ROW}", (override.reason or None) \
        if override else None
