"""Tables found by their header rows (`headers`), wherever they sit, read by column meaning.

A table runs from its header to the next header, a title row or a row of field labels.
Rows are read by meaning: totals and published figures become figures to compare, known dimension
names become inputs, anything else is kept as unmapped. Cells a table reads are
claimed, so the labelled-value scan and the unmapped sweep see only the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jobzone.engine.core.model import Rated, Task
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.workbooks.legacy import values as V
from jobzone.workbooks.legacy.aliases import (
    RATED_SECTIONS,
    Aliases,
    label_meaning,
    normalise,
)
from jobzone.workbooks.legacy.draft import Block, Draft
from jobzone.workbooks.legacy.grid import CellValue, SourceSheet
from jobzone.workbooks.legacy.headers import (
    FIELD_KINDS,
    GENERIC,
    LONG,
    Header,
    header_run,
    is_field_label_row,
    match_header,
)

# What "3/5" is out of: legacy archives were written under the published method, so a
# score given as a fraction is read against aijri-1's scales (the import then checks the
# score against the scales of the ruleset it imports under, like any other input).
_PUBLISHED = AIJRI_1.scales
SCALE_MAX = {"principles": _PUBLISHED.principle.high, "evidence": _PUBLISHED.evidence.high,
             "barriers": _PUBLISHED.barrier.high, "growth": _PUBLISHED.growth.high,
             "tasks": _PUBLISHED.task.high}
TOTAL_KEYS = {"principles": "protective_total", "evidence": "evidence_total",
              "barriers": "barrier_total"}


@dataclass
class SheetReading:
    """One sheet being read: the cells already accounted for, and the section context."""

    sheet: SourceSheet
    aliases: Aliases
    draft: Draft
    claimed: set[tuple[int, int]] = field(default_factory=set)
    long_tables: list[tuple[Header, list[int]]] = field(default_factory=list)

    def claim_row(self, row: int) -> None:
        self.claimed.update((row, c) for c, _ in self.sheet.header_cells(row))

    def loc(self, row: int, column: int | None = None):  # type: ignore[no-untyped-def]
        return self.sheet.location(self.draft.file, row, column)


def read_tables(reading: SheetReading) -> None:
    """Find every table of the sheet and read it into the draft."""
    sheet, aliases = reading.sheet, reading.aliases
    rows = sheet.row_numbers()
    heads: list[tuple[int, Header | str]] = []
    for row in rows:
        found = match_header(sheet, row, aliases) if sheet.may_head_a_table(row) else None
        if found is not None:
            heads.append((row, found))
    for index, (row, head) in enumerate(heads):
        if isinstance(head, str):  # a decoration header: its run of adjacent cells
            reading.claimed.update((row, c) for c, _ in header_run(sheet.header_cells(row)))
            continue
        _claim_header(reading, head)
        end = heads[index + 1][0] if index + 1 < len(heads) else (rows[-1] + 1)
        block_end = sheet.table_end(row)
        if block_end is not None:
            end = min(end, block_end + 1)
        body = [r for r in rows if head.data_from <= r < end]
        above = [m.first_row for m in sheet.merged if m.first_row < row <= m.last_row]
        for r in range(min(above, default=row), head.data_from):
            if r != row:  # the other rows of a header merged over several rows
                reading.claim_row(r)
        _read_table(reading, head, body)


def _claim_header(reading: SheetReading, head: Header) -> None:
    """Claim the header's own cells: its columns and the run of header cells touching
    them. Rule: a cell beyond a blank column is not the table's (a note typed far to the
    right of a header row); it is left for the unmapped sweep, so nothing is lost."""
    present = {c for c, _ in reading.sheet.header_cells(head.row)}
    first, last = min(head.columns.values()), max(head.columns.values())
    while first - 1 in present:
        first -= 1
    while last + 1 in present:
        last += 1
    for column in list(head.texts):
        if not first <= column <= last:
            del head.texts[column]
    reading.claimed.update((head.row, c) for c in present if first <= c <= last)


def _is_title_row(reading: SheetReading, row: int) -> bool:
    cells = list(reading.sheet.cells(row))
    if len(cells) != 1 or not isinstance(cells[0][1], str):
        return False
    text = cells[0][1]
    a = reading.aliases
    return a.section_titles.exact(text) is not None or text.strip() in a.block_titles or \
        normalise(text) in a.titles


def _read_table(reading: SheetReading, head: Header, body: list[int]) -> None:
    rows: list[int] = []
    for row in body:
        if _is_title_row(reading, row) or (head.section != LONG and is_field_label_row(
                reading.aliases, list(reading.sheet.cells(row)))):
            break
        rows.append(row)
    section: str | None = head.section
    if section == LONG:
        reading.long_tables.append((head, rows))  # read by `long_format` after every table
        _found(reading, "long format", head, rows, "a header naming a section column")
        return
    rule = ""
    if section == GENERIC:
        section = _classify(reading, head, rows)
        rule = "a generic header (Name | Score): classified by the names of its rows"
    if section is None:
        return  # rows stay unclaimed: the labelled scan and the unmapped sweep get them
    if section == "tasks":
        read_tasks(reading, head, rows)
    elif section == "narrative":
        _read_narrative(reading, head, rows)
    else:
        read_rated(reading, head, rows, section)
    _found(reading, section, head, rows, rule)


def _found(reading: SheetReading, kind: str, head: Header, rows: list[int], rule: str) -> None:
    """Record the table for `--explain` and for the messages of what is missing."""
    sheet = reading.sheet
    columns = sorted(head.columns.values())
    read = [r for r in rows if any((r, c) in reading.claimed for c in columns)]
    last = max(read, default=head.row)  # the last row the table's reading took
    where = f"line {head.row}-{last}" if sheet.lines else \
        f"{sheet.where(head.row, columns[0])}:{sheet.where(last, columns[-1]).split('!')[-1]}"
    matched = tuple((head.texts.get(c, ""), f + (" (by its words)" if c in head.loose else ""))
                    for f, c in sorted(head.columns.items(), key=lambda item: item[1]))
    reading.draft.found(Block(kind, where, matched, rule))
    for field_name, column in head.columns.items():
        if column in head.loose:
            reading.draft.note("JZ505", reading.loc(head.row, column),
                               f"header {head.texts.get(column, '')!r} read as {field_name} "
                               "(by its words: no alias matches it as written)")


def _classify(reading: SheetReading, head: Header, rows: list[int]) -> str | None:
    """The rated section most of a generic table's row names belong to."""
    counts = dict.fromkeys(RATED_SECTIONS, 0)
    for row in rows:
        name = reading.sheet.value(row, head.columns["name"])
        for section in RATED_SECTIONS:
            if name is not None and reading.aliases.names[section].exact(name):
                counts[section] += 1
    best = max(counts.values())
    winners = [s for s, n in counts.items() if n == best]
    return winners[0] if best and len(winners) == 1 else None


def _cell(reading: SheetReading, row: int, head: Header, name: str) -> CellValue:
    column = head.columns.get(name)
    return None if column is None else reading.sheet.value(row, column)


def _extras(reading: SheetReading, head: Header, row: int) -> None:
    """Cells of a table row outside its mapped columns: kept, with their header."""
    used = set(head.columns.values())
    for column, value in reading.sheet.cells(row):
        if column in used or (row, column) in reading.claimed:
            continue
        reading.claimed.add((row, column))
        header = head.texts.get(column)
        text = V.text_of(value)
        reading.draft.keep_unmapped(reading.loc(row, column), reading.sheet.where(row, column),
                                    f"{header}: {text}" if header else text)


def _label_row(reading: SheetReading, head: Header, row: int, name: object,
               section: str) -> bool:
    """Totals and published-figure rows inside a table; True when the row was one."""
    a, draft = reading.aliases, reading.draft
    key = "total" if a.is_total(name) else a.published.exact(name)
    if key is None:
        return False
    reading.claimed.add((row, head.columns["name"]))
    for field_name, column in head.columns.items():
        value = reading.sheet.value(row, column)
        if field_name == "name" or V.is_blank(value):
            continue
        figure = key
        if key == "total":
            figure = {"time_share": "shares_total", "weighted": "weighted_sum",
                      "score": TOTAL_KEYS.get(section, "")}.get(field_name, "")
            if section == "tasks" and field_name == "score" and \
                    V.is_blank(_cell(reading, row, head, "weighted")):
                figure = "weighted_sum"  # a short totals row: W sits under the score
        if figure:
            draft.publish(figure, V.text_of(value), reading.loc(row, column))
            reading.claimed.add((row, column))
    _extras(reading, head, row)
    return True


def read_tasks(reading: SheetReading, head: Header, rows: list[int]) -> None:
    draft, sheet = reading.draft, reading.sheet
    pending: list[tuple[int, str, V.Share, int, str, str]] = []  # row, name, share, ...
    for row in rows:
        name = _cell(reading, row, head, "name")
        if not list(sheet.cells(row)) or _label_row(reading, head, row, name, "tasks"):
            continue
        score_value = _cell(reading, row, head, "score")
        share_value = _cell(reading, row, head, "time_share")
        if V.is_blank(score_value) and isinstance(name, str) and \
                label_meaning(reading.aliases, name) is not None:
            continue  # a labelled value below the table ("Job title | ..."): not a task
        if _names_a_dimension(reading, name) and not (_numeric(share_value) and
                                                      _whole(score_value)):
            continue  # rule: "AI Growth Correlation | +2 | ..." below the tasks is not a task
        if V.is_blank(score_value) and not _numeric(share_value):
            if V.is_blank(name) and not V.is_blank(_cell(reading, row, head, "weighted")):
                _label_row_unnamed(reading, head, row)
            continue  # a note row: left for the labelled scan and the unmapped sweep
        for column in head.columns.values():
            reading.claimed.add((row, column))
        try:
            share = V.share(share_value) if not V.is_blank(share_value) else None
        except V.ValueProblem as exc:
            draft.note("JZ502", reading.loc(row, head.columns["time_share"]), str(exc))
            share = None
        if share is None:
            if V.is_blank(share_value):
                draft.note("JZ502", reading.loc(row, head.columns["time_share"]),
                           "a time share is required for this task")
            share = V.Share(V.HUNDRED * 0, True)
        try:
            score = V.score(score_value, SCALE_MAX["tasks"]) if not V.is_blank(score_value) \
                else None
        except V.ValueProblem as exc:
            draft.note("JZ502", reading.loc(row, head.columns["score"]), str(exc))
            score = 0
        if score is None:
            draft.note("JZ502", reading.loc(row, head.columns["score"]),
                       "a score is required for this task")
            score = 0
        label = _label(reading, head, row, score)
        weighted = _cell(reading, row, head, "weighted")
        if not V.is_blank(weighted):
            draft.publish(f"weighted:{len(draft.tasks) + len(pending)}", V.text_of(weighted),
                          reading.loc(row, head.columns["weighted"]))
        pending.append((row, V.text_of(name).strip(), share, score, label,
                        V.text_of(_cell(reading, row, head, "rationale")).strip()))
        _extras(reading, head, row)
    shares, fractions = V.resolve_shares([p[2] for p in pending])
    if fractions:
        draft.note("JZ506", reading.loc(head.row, head.columns["time_share"]),
                   "time shares are fractions of 1 (their column sums to 1); read as "
                   "percentages")
    for (row, name, _, score, label, rationale), percent in zip(pending, shares, strict=True):
        draft.add_task(Task(name, percent, score, label, rationale),
                       reading.loc(row, head.columns["name"]))


def _read_narrative(reading: SheetReading, head: Header, rows: list[int]) -> None:
    for row in rows:
        title = _cell(reading, row, head, "title")
        text = _cell(reading, row, head, "text")
        if V.is_blank(title) and V.is_blank(text):
            continue
        for column in head.columns.values():
            reading.claimed.add((row, column))
        reading.draft.add_narrative(V.text_of(title).strip(), V.text_of(text))
        _extras(reading, head, row)


def _names_a_field(aliases: Aliases, name: CellValue) -> bool:
    """A role, override or figure label, alone or as `Label: value` in one cell."""
    if not isinstance(name, str):
        return False
    label, colon, _ = name.partition(":")
    found = label_meaning(aliases, label if colon else name)
    return found is not None and found[0] in FIELD_KINDS


def _names_a_dimension(reading: SheetReading, name: CellValue) -> bool:
    """The name of a principle, the growth correlation, an evidence dimension or a barrier."""
    found = label_meaning(reading.aliases, name) if isinstance(name, str) else None
    return found is not None and (found[0] == "growth" or found[0].startswith("rated:"))


def _whole(value: CellValue) -> bool:
    try:
        V.score(value, SCALE_MAX["tasks"])
    except V.ValueProblem:
        return False
    return not V.is_blank(value)


def _numeric(value: CellValue) -> bool:
    try:
        V.share(value)
    except V.ValueProblem:
        return False
    return not V.is_blank(value)


def _label_row_unnamed(reading: SheetReading, head: Header, row: int) -> None:
    """A totals row without a 'Total' label: only figures under share/weighted columns."""
    for field_name, key in (("time_share", "shares_total"), ("weighted", "weighted_sum")):
        column = head.columns.get(field_name)
        value = reading.sheet.value(row, column) if column else None
        if column and not V.is_blank(value):
            reading.draft.publish(key, V.text_of(value), reading.loc(row, column))
            reading.claimed.add((row, column))


def _label(reading: SheetReading, head: Header, row: int, score: int) -> str:
    raw = _cell(reading, row, head, "label")
    draft, a = reading.draft, reading.aliases
    if V.is_blank(raw):
        usual = a.label_from_score.get(score, "")
        where = reading.loc(row, head.columns.get("label", head.columns["name"]))
        draft.note("JZ509", where, f"no label; {usual or 'none'} used, the usual label for "
                   f"score {score}")
        return usual
    text = V.text_of(raw).strip()
    found = a.labels.find(text)
    if found is None:
        return text  # validation names the cell and the vocabulary
    if found.loose:
        draft.note("JZ505", reading.loc(row, head.columns["label"]),
                   f"label {text!r} read as {found.value}")
    return found.value


def read_rated(reading: SheetReading, head: Header, rows: list[int], section: str) -> None:
    draft, a, sheet = reading.draft, reading.aliases, reading.sheet
    for row in rows:
        name = _cell(reading, row, head, "name")
        if not list(sheet.cells(row)) or V.is_blank(name):
            continue
        if _label_row(reading, head, row, name, section):
            continue
        if _names_a_field(a, name):
            continue  # rule: "Seniority note: ..." under a rated table is a labelled value
        target, canonical, loose = _rated_name(a, section, name)
        if target is None:
            continue  # not one of this table's dimensions: left for the later passes
        score_value = _cell(reading, row, head, "score")
        for column in head.columns.values():
            reading.claimed.add((row, column))
        where = reading.loc(row, head.columns["score"])
        if loose:
            draft.note("JZ505", reading.loc(row, head.columns["name"]),
                       f"{V.text_of(name).strip()!r} read as {canonical!r}")
        try:
            score = V.score(score_value, SCALE_MAX[target])
        except V.ValueProblem as exc:
            draft.note("JZ502", where, str(exc) if not V.is_blank(score_value)
                       else f"{canonical}: a score is required")
            continue
        item = Rated(canonical, score, V.text_of(_cell(reading, row, head, "rationale")).strip())
        if target == "growth":
            draft.put_growth(item, where)
        else:
            draft.put_rated(target, item, where)
        _extras(reading, head, row)


def _rated_name(a: Aliases, section: str, name: object) -> tuple[str | None, str, bool]:
    """(section, canonical name, loosely?) for a row name; growth may sit in any rated table."""
    exact = a.names[section].exact(name)
    if exact:
        return section, exact, False
    growth = a.names["growth"].exact(name)
    if growth:
        return "growth", growth, False
    loose = a.names[section].find(name)
    if loose:
        return section, loose.value, True
    return None, "", False
