"""An assessment as the canonical workbook's input cells: (sheet, cell, field, value).

The layout is declared once (`jobzone.workbooks.layout`); this module only walks it, so
a diff of any two sources (a workbook and a write-up alike) names the cell where each
value lives in the canonical workbook. Task rows are the rows the tasks were read from
when a workbook gave them (a blank row between tasks stays where it was), else the
layout's first rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jobzone.engine.core.model import Assessment, Rated
from jobzone.workbooks import layout as L


@dataclass(frozen=True)
class InputCell:
    sheet: str
    cell: str
    field: str  # "task[2].score", "role.job_title": stable across row moves
    value: Any


def _rated(kind: str, items: Sequence[Rated], block: L.RatedBlock) -> Iterator[InputCell]:
    for index, (item, row) in enumerate(zip(items, block.rows(), strict=False)):
        yield InputCell(block.sheet, f"{block.name_column}{row}", f"{kind}[{index}].name",
                        item.name)
        yield InputCell(block.sheet, f"{block.score_column}{row}", f"{kind}[{index}].score",
                        item.score)
        yield InputCell(block.sheet, f"{block.rationale_column}{row}",
                        f"{kind}[{index}].rationale", item.rationale)


def input_cells(a: Assessment, task_rows: Sequence[int] = ()) -> list[InputCell]:
    """Every input of the assessment at its canonical cell, in sheet order."""
    cells = [InputCell(L.ROLE, f"{L.ROLE_VALUE_COLUMN}{f.row}", f"role.{f.attribute}",
                       getattr(a.role, f.attribute)) for f in L.ROLE_FIELDS]
    cells += _rated("principle", a.principles, L.PRINCIPLES_BLOCK)
    cells += [InputCell(c.sheet, c.cell, c.field.replace("growth[0]", "growth"), c.value)
              for c in _rated("growth", (a.growth,), L.GROWTH_BLOCK)]
    rows = list(task_rows) or list(range(L.TASK_FIRST_ROW, L.TASK_FIRST_ROW + len(a.tasks)))
    columns = L.TASK_COLUMNS
    for index, (task, row) in enumerate(zip(a.tasks, rows, strict=False)):
        for name, column, value in (("name", columns.name, task.name),
                                    ("time_share", columns.time_share,
                                     f"{Decimal(task.time_share).normalize():f}%"),
                                    ("score", columns.score, task.score),
                                    ("label", columns.label, task.label),
                                    ("rationale", columns.rationale, task.rationale)):
            cells.append(InputCell(L.TASKS, f"{column}{row}", f"task[{index}].{name}", value))
    cells += _rated("evidence", a.evidence, L.EVIDENCE_BLOCK)
    cells += _rated("barrier", a.barriers, L.BARRIERS_BLOCK)
    cells.append(InputCell(L.OVERRIDE, f"{L.OVERRIDE_VALUE_COLUMN}{L.OVERRIDE_ZONE_ROW}",
                           "override.zone", a.override.zone))
    cells.append(InputCell(L.OVERRIDE, f"{L.OVERRIDE_VALUE_COLUMN}{L.OVERRIDE_REASON_ROW}",
                           "override.reason", a.override.reason))
    for index, section in enumerate(a.narrative):
        row = L.NOTES_FIRST_ROW + index
        cells.append(InputCell(L.NOTES, f"{L.NOTES_TITLE_COLUMN}{row}", f"note[{index}].title",
                               section.title))
        cells.append(InputCell(L.NOTES, f"{L.NOTES_TEXT_COLUMN}{row}", f"note[{index}].text",
                               section.text))
    return cells
