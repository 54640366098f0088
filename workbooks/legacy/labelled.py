"""Labelled values anywhere in a sheet, then a sweep that keeps whatever is left.

Legacy sheets put a role's title, an override or a published score beside a label
rather than in a table: `Job title | LLMOps Engineer`, `JobZone Score: 41.2`. This
pass reads cells no table claimed, by their label's meaning in the alias table;
the sweep after it keeps every remaining value as unmapped content, row by row.
"""

from __future__ import annotations

import re

from jobzone.engine.core.model import Rated
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.workbooks.legacy import values as V
from jobzone.workbooks.legacy.aliases import label_meaning, normalise
from jobzone.workbooks.legacy.draft import Block
from jobzone.workbooks.legacy.grid import CellValue
from jobzone.workbooks.legacy.headers import FIELD_KINDS, is_field_label_row
from jobzone.workbooks.legacy.tables import SCALE_MAX, SheetReading

OVERRIDE_RE = re.compile(r"^\s*(?P<zone>[^—–-]*?)\s*(?:\(from [^)]*\))?\s*"
                         r"(?:(?:—|–|-{1,2})\s*(?P<reason>.*))?$", re.S)
NO_OVERRIDE = {"", "none", "no", "n a", "na", "no override", "not applicable"}


def parse_override(text: str) -> tuple[str | None, str | None] | None:
    """('Green', reason) from 'Green (from Yellow) — reason'; None zone for 'None'."""
    match = OVERRIDE_RE.match(text)
    if not match:
        return None
    zone_text = match["zone"].strip()
    reason = match["reason"].strip() if match["reason"] is not None else None
    if normalise(zone_text) in NO_OVERRIDE:
        return None, reason
    for zone in AIJRI_1.zone_names():
        if zone_text.casefold() == zone.casefold():
            return zone, reason
    return zone_text, reason


def read_labelled(reading: SheetReading) -> None:
    sheet = reading.sheet
    for row in sheet.row_numbers():
        cells = [(c, v) for c, v in sheet.cells(row) if (row, c) not in reading.claimed]
        if _lone_title(reading, row, cells) or _fields_over_values(reading, row, cells):
            continue
        index = 0
        while index < len(cells):
            column, value = cells[index]
            index += 1
            if not isinstance(value, str):
                continue
            rest = _within_reach(column, cells[index:])
            used = _labelled(reading, row, column, value, rest)
            index += used


LABEL_REACH = 3  # columns: a label's value sits beside it, or past a merged label's span


def _within_reach(column: int, rest: list[tuple[int, CellValue]]) -> list[tuple[int, CellValue]]:
    """Rule: a label's values are the cells that follow it with no gap wider than
    `LABEL_REACH` columns; a cell farther right is something else (a note far to the
    right), kept by the unmapped sweep."""
    reach, near = column, []
    for cell in rest:
        if cell[0] - reach > LABEL_REACH:
            break
        near.append(cell)
        reach = cell[0]
    return near


def _lone_title(reading: SheetReading, row: int, cells: list[tuple[int, CellValue]]) -> bool:
    """Rule: a block title with nothing within reach to its right ("Role", "Override")
    is a title, not a label whose value is missing."""
    if not cells or not isinstance(cells[0][1], str) or \
            normalise(cells[0][1]) not in reading.aliases.titles:
        return False
    column = cells[0][0]
    others = [cell for cell in reading.sheet.cells(row) if cell[0] > column]
    if _within_reach(column, others):
        return False  # something beside it: the cell may be a label with its value
    reading.claimed.add((row, column))
    return True


def _fields_over_values(reading: SheetReading, row: int,
                        cells: list[tuple[int, CellValue]]) -> bool:
    """Rule: a row of two or more field labels and nothing else, over a row holding
    values under them, is a header row of field names over one row of values (a record
    written across, as trackers and form exports write it). The JZ505 note says so, with
    the reading it ruled out (each label the value of the one to its left)."""
    a = reading.aliases
    if cells:  # the run of cells within reach of the first; a far note is not a field
        cells = [cells[0], *_within_reach(cells[0][0], cells[1:])]
    if not is_field_label_row(a, cells):
        return False
    meanings = [(column, label_meaning(a, str(value))) for column, value in cells]
    below = {c: v for c, v in reading.sheet.cells(row + 1) if (row + 1, c) not in reading.claimed}
    if not any(c in below for c, _ in meanings):
        return False
    if any(isinstance(v, str) and (label_meaning(a, v) or ("",))[0] in FIELD_KINDS
           for v in below.values()):
        return False  # the row below is labels too: a column of labels, read as such
    first, last = meanings[0][0], meanings[-1][0]
    reading.draft.note("JZ505", reading.loc(row, first),
                       f"{reading.sheet.where(row, first)}:{reading.sheet.where(row + 1, last)}"
                       " read as field names over one row of values (rule: a row of field "
                       "labels only, with values below); not as labels beside values")
    for column, meaning in meanings:
        if meaning is None:  # never: is_field_label_row found a meaning for every cell
            continue
        kind, key = meaning
        _found_label(reading, row, column, str(reading.sheet.value(row, column)),
                     f"{kind}.{key}", "field names over one row of values")
        reading.claimed.add((row, column))
        values = [(column, below[column])] if column in below else []
        reading.claimed.update((row + 1, c) for c, _ in values)
        _put(reading, kind, key, row, column, values)
    return True


def _labelled(reading: SheetReading, row: int, column: int, text: str,
              rest: list[tuple[int, CellValue]]) -> int:
    """Read one labelled value starting at a cell; returns how many cells to its right it used."""
    a = reading.aliases
    label, colon, inline = text.partition(":")
    found = label_meaning(a, label) if colon and inline.strip() else None
    if found is not None:
        values: list[tuple[int, CellValue]] = [(column, inline.strip())]
        used = 0
        if found[0] in ("growth", "rated:principles", "rated:evidence", "rated:barriers") \
                and rest and not inline.strip():
            values, used = rest[:2], min(2, len(rest))
    else:
        found = label_meaning(a, label if colon else text)
        if found is None:
            return 0
        take = 2 if found[0] == "growth" or found[0].startswith("rated:") else 1
        if found[0] == "title":
            take = 0
        values, used = rest[:take], min(take, len(rest))
    kind, key = found
    reading.claimed.add((row, column))
    reading.claimed.update((row, c) for c, _ in values)
    _put(reading, kind, key, row, column, values)
    if kind != "title":
        _found_label(reading, row, column, text, f"{kind}.{key}" if key else kind)
    return used


def _found_label(reading: SheetReading, row: int, column: int, text: str, field: str,
                 rule: str = "") -> None:
    reading.draft.found(Block("label", reading.sheet.where(row, column),
                              ((text.strip(), field),), rule))


def put_value(reading: SheetReading, label: str, row: int, column: int,
              values: list[tuple[int, CellValue]], section: str | None = None) -> bool:
    """Put the value(s) a label names, as a labelled cell would; False when the label
    means nothing here. `section` is the block a record says it belongs to (long format):
    under "narrative" any label is a section title."""
    if section == "narrative":
        reading.draft.add_narrative(label, V.text_of(values[0][1]) if values else "")
        return True
    found = label_meaning(reading.aliases, label)
    if found is None or found[0] == "title":
        return False
    _put(reading, found[0], found[1], row, column, values)
    return True


def _put(reading: SheetReading, kind: str, key: str, row: int, column: int,
         values: list[tuple[int, CellValue]]) -> None:
    draft = reading.draft
    first = V.text_of(values[0][1]).strip() if values else ""
    where = reading.loc(row, values[0][0] if values else column)
    if kind == "role":
        draft.put_role(key, first, where)
    elif kind == "override":
        parsed = parse_override(first) if key == "zone" else (None, first)
        if key == "zone" and parsed is not None:
            draft.put_override(parsed[0], parsed[1], where)
        elif key == "reason":
            draft.put_override_reason(first, where)
    elif kind == "narrative":
        body = first or _text_below(reading, row, column)
        draft.add_narrative(key, body)
    elif kind == "published":
        if first:
            draft.publish(key, first, where)
    elif kind in ("growth",) or kind.startswith("rated:"):
        section = "growth" if kind == "growth" else kind.split(":", 1)[1]
        if not values:
            draft.note("JZ502", where, f"{key}: no score beside it")
            return
        try:
            score = V.score(values[0][1], SCALE_MAX[section])
        except V.ValueProblem as exc:
            draft.note("JZ502", where, str(exc))
            return
        rationale = V.text_of(values[1][1]).strip() if len(values) > 1 else ""
        item = Rated(key, score, rationale)
        if section == "growth":
            draft.put_growth(item, where)
        else:
            draft.put_rated(section, item, where)


def _text_below(reading: SheetReading, row: int, column: int) -> str:
    """Paragraphs under a narrative title in the same column, up to the first blank cell."""
    lines = []
    below = row + 1
    while True:
        value = reading.sheet.value(below, column)
        if V.is_blank(value) or (below, column) in reading.claimed or \
                (isinstance(value, str) and label_meaning(reading.aliases, value)):
            break
        lines.append(V.text_of(value))
        reading.claimed.add((below, column))
        below += 1
    return "\n".join(lines)


def sweep_unmapped(reading: SheetReading) -> None:
    """Every value nothing claimed, kept row by row (cells joined with ' | ')."""
    sheet = reading.sheet
    for row in sheet.row_numbers():
        left = [(c, v) for c, v in sheet.cells(row) if (row, c) not in reading.claimed]
        if not left:
            continue
        text = " | ".join(V.text_of(v).strip() for _, v in left)
        first = left[0][0]
        reading.draft.keep_unmapped(reading.loc(row, first), sheet.where(row, first), text)
        reading.claimed.update((row, c) for c, _ in left)
