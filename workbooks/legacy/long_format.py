"""Long-format tables: one row per item, a column naming each row's section.

Form tools, shared trackers and database exports write an assessment as records:
`section,name,value,time_share,score,label,text` with rows `role,Job title,Network
Planner`, `task,Reconcile monthly reports,,5%,1,NOT INVOLVED,...`, `evidence,Job
Posting Trends,,,+2,,...`. `tables` finds such a table by its section column; this
module reads its rows, each the way its section's own table or label would be read
(tasks together, so their shares are judged as one column), at the source's cells.
A row whose section names nothing the method has is left for the unmapped sweep.
"""

from __future__ import annotations

from jobzone.workbooks.legacy import values as V
from jobzone.workbooks.legacy.headers import Header
from jobzone.workbooks.legacy.labelled import put_value
from jobzone.workbooks.legacy.tables import SheetReading, read_rated, read_tasks

ROW_FIELDS = {"tasks": ("name", "time_share", "score", "label", "rationale"),
              "rated": ("name", "score", "rationale")}


def read_long(reading: SheetReading) -> None:
    """Read every long-format table `tables.read_tables` set aside on this sheet."""
    for head, rows in reading.long_tables:
        _read(reading, head, rows)


def _read(reading: SheetReading, head: Header, rows: list[int]) -> None:
    sheet, aliases = reading.sheet, reading.aliases
    by_section: dict[str, list[int]] = {}
    for row in rows:
        marker = sheet.value(row, head.columns["section"])
        section = aliases.long_sections.exact(marker) if not V.is_blank(marker) else None
        if section is None:
            continue  # not a section the method has: kept by the unmapped sweep
        reading.claimed.add((row, head.columns["section"]))
        by_section.setdefault(section, []).append(row)
    for section, section_rows in by_section.items():
        if section == "tasks":
            read_tasks(reading, _sub_header(head, section, ROW_FIELDS["tasks"]), section_rows)
        elif section in ("principles", "growth", "evidence", "barriers"):
            read_rated(reading, _sub_header(head, section, ROW_FIELDS["rated"]), section_rows,
                       section)
        else:
            for row in section_rows:
                _read_field(reading, head, section, row)


def _sub_header(head: Header, section: str, fields: tuple[str, ...]) -> Header:
    """The long table's columns as the section's own table would name them."""
    columns = {f: head.columns[f] for f in fields if f in head.columns}
    if "score" not in columns and "value" in head.columns:
        columns["score"] = head.columns["value"]  # a rated row may carry its score as value
    return Header(section, head.row, head.data_from, columns, head.texts)


def _read_field(reading: SheetReading, head: Header, section: str, row: int) -> None:
    """A role, override, figure or narrative row: its name is the label, `value` (else
    `text`) what it says."""
    sheet = reading.sheet
    name_column = head.columns["name"]
    name = sheet.value(row, name_column)
    filled = [head.columns[f] for f in ("value", "rationale") if f in head.columns]
    value_column = next((c for c in filled if not V.is_blank(sheet.value(row, c))), None)
    if V.is_blank(name):
        return
    values = [] if value_column is None else [(value_column, sheet.value(row, value_column))]
    if put_value(reading, V.text_of(name).strip(), row, name_column, values,
                 section=section):
        reading.claimed.add((row, name_column))
        reading.claimed.update((row, c) for c, _ in values)
