"""Write-ups in the published format (pipe tables under titles, prose between) -> Imported.

The reference is `shared/reference/llmops-engineer.txt`. Tables are read by their
header rows through the same alias table and table reader as spreadsheets (the
tables become a sheet whose rows are line numbers); prose is read here: titles
open narrative sections kept verbatim, `Label: value` lines carry the seniority
note, the override, one-line narrative sections and published figures, and text
outside any section is kept as unmapped. Markdown headings (`## Title`) open a
section with any title, so a rendered write-up can carry every narrative title.

In table cells `\\|` is a pipe, `\\\\` a backslash and `<br>` a line break, so any
cell text survives a render and re-import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from jobzone.engine.core.errors import Location, WorkbookError
from jobzone.workbooks.legacy.aliases import Aliases, load_aliases
from jobzone.workbooks.legacy.draft import Draft, Imported
from jobzone.workbooks.legacy.grid import CellValue, SourceSheet
from jobzone.workbooks.legacy.labelled import parse_override
from jobzone.workbooks.legacy.spreadsheet import read_sheets

HEADING = re.compile(r"^#{1,6}\s+(?P<title>.*?)\s*#*\s*$")
SEPARATOR = re.compile(r"\s*:?-+:?\s*")  # a GFM delimiter cell: -, :--, --:, :-:
LINE_BREAK = "<br>"
LABEL = re.compile(r"^(?P<label>[^:|]{1,80}):(?P<value>.*)$")


@lru_cache(maxsize=1)
def default_aliases() -> Aliases:
    return load_aliases()


def split_row(line: str) -> list[str]:
    """Cells of a pipe-table row, escapes undone, each stripped."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    cells: list[str] = []
    current: list[str] = []
    ended_on_pipe = False
    index = 0
    while index < len(body):
        char = body[index]
        ended_on_pipe = False
        if char == "\\" and index + 1 < len(body) and body[index + 1] in "|\\":
            current.append(body[index + 1])
            index += 2
            continue
        if char == "|":
            cells.append("".join(current))
            current = []
            ended_on_pipe = True
        else:
            current.append(char)
        index += 1
    if not ended_on_pipe or current:
        cells.append("".join(current))
    return [cell.strip().replace(LINE_BREAK, "\n") for cell in cells]


def escape_cell(text: str) -> str:
    """A cell's text as a write-up writes it (the inverse of `split_row` on one cell)."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", LINE_BREAK)


@dataclass
class _Section:
    title: str
    explicit: bool  # a markdown heading: kept even when empty
    block: bool  # a block title: dropped when only a table follows
    lines: list[str] = field(default_factory=list)


class _Prose:
    """The prose half of a write-up: narrative sections and labelled lines."""

    def __init__(self, draft: Draft, aliases: Aliases) -> None:
        self.draft = draft
        self.aliases = aliases
        self.open: _Section | None = None
        self.titles = {t: t for t in aliases.narrative_titles}
        self.blocks = set(aliases.block_titles)

    def flush(self) -> None:
        section, self.open = self.open, None
        if section is None:
            return
        body = "\n".join(section.lines).strip("\n")
        if body or section.explicit or not section.block:
            self.draft.add_narrative(section.title, body)

    def line(self, number: int, line: str) -> None:
        stripped = line.strip()
        where = Location(self.draft.file, f"line {number}")
        heading = HEADING.match(stripped)
        if heading:
            self.flush()
            self.open = _Section(heading["title"], explicit=True, block=False)
            return
        if stripped in self.titles or stripped in self.blocks:
            self.flush()
            self.open = _Section(stripped, explicit=False, block=stripped in self.blocks)
            return
        if self._labelled(stripped, where):
            return
        if self.open is not None:
            self.open.lines.append(line.rstrip())
        elif stripped:
            self.draft.keep_unmapped(where, f"line {number}", stripped)

    def _labelled(self, stripped: str, where: Location) -> bool:
        match = LABEL.match(stripped)
        if not match:
            return False
        label, value = match["label"], match["value"].strip()
        a, draft = self.aliases, self.draft
        line_title = a.narrative_lookup.exact(label)
        if line_title in a.line_sections:
            self.flush()
            draft.add_narrative(line_title, value)
            return True
        role = a.fields["role"].exact(label)
        if role == "seniority_note" or (role and self.open is None):
            self.flush()
            draft.put_role(role, value, where)
            return True
        if a.fields["override"].exact(label) == "zone":
            parsed = parse_override(value)
            if parsed is None:
                return False
            self.flush()
            draft.put_override(parsed[0], parsed[1] if parsed[1] is not None else "", where)
            return True
        key = a.published.exact(label)
        if key is not None:
            self.flush()
            draft.publish(key, value, where)
            return True
        return False


def reserved_line(text: str, aliases: Aliases | None = None) -> bool:
    """True when a line of prose would be read as structure (a title, table, label, heading).

    Narrative text is kept verbatim except for lines like these; a writer that wants a
    line back as prose must not start it this way.
    """
    aliases = aliases or default_aliases()
    stripped = text.strip()
    if stripped.startswith(("|", "#")) or stripped in aliases.narrative_titles or \
            stripped in aliases.block_titles:
        return True
    match = LABEL.match(stripped)
    if not match:
        return False
    label = match["label"]
    return any(lookup.exact(label) is not None for lookup in (
        aliases.narrative_lookup, aliases.fields["role"], aliases.fields["override"],
        aliases.published))


def _delimiter_row(line: str) -> bool:
    cells = split_row(line)
    return "-" in line and bool(cells) and all(SEPARATOR.fullmatch(c) for c in cells if c)


def _delimits(following: str, piped: bool) -> bool:
    """Is `following` the open table's next row, and a delimiter row (every cell dashes,
    as a row must be to be skipped as one)? A `---` under the table is a thematic break,
    prose, and a row of `| | - |` is data: neither makes the row above it a header."""
    stripped = following.strip()
    if "|" not in stripped or (piped and not stripped.startswith("|")):
        return False
    cells = split_row(following)
    return bool(cells) and all(SEPARATOR.fullmatch(c) for c in cells)


def _table_line(line: str, following: str, in_table: bool) -> bool:
    """A pipe-table row, in the forms GitHub and CommonMark extensions accept: with a
    leading pipe; or without outer pipes, when it has a pipe and the next line is the
    delimiter row (`--- | :---:`), or when such a table is open (GFM tables run to the
    first line without a pipe). A table written with outer pipes keeps to them, so prose
    right under it that holds a pipe stays prose."""
    stripped = line.strip()
    if not stripped:
        return False
    if stripped.startswith("|"):
        return True
    if "|" not in stripped.replace("\\|", ""):
        return False
    return in_table or _delimiter_row(following)


def read_writeup(text: str, file: str = "<write-up>", aliases: Aliases | None = None) -> Imported:
    """Every input, narrative section, published figure and unmapped line of a write-up."""
    aliases = aliases or default_aliases()
    draft = Draft(file)
    prose = _Prose(draft, aliases)
    rows: dict[int, dict[int, CellValue]] = {}
    block_ends: dict[int, int] = {}
    block: list[int] = []
    body_rows: set[int] = set()
    delimited = False  # the open table has had its delimiter row: its rows are data
    piped = False  # the open table's rows start with a pipe (then every row must)
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        following = lines[number] if number < len(lines) else ""
        if _table_line(line, following, bool(block) and not piped):
            piped = piped if block else line.lstrip().startswith("|")
            prose.flush()
            cells = split_row(line)
            delimited = delimited and bool(block)
            block.append(number)
            if all(SEPARATOR.fullmatch(c) for c in cells):
                delimited = delimited or _delimiter_row(line)
                continue
            rows[number] = {c: v for c, v in enumerate(cells, start=1) if v}
            if delimited and not _delimits(following, piped):
                body_rows.add(number)  # a data row; a row over a delimiter heads a table
            continue
        block_ends.update(dict.fromkeys(block, block[-1]) if block else {})
        block = []
        prose.line(number, line)
    block_ends.update(dict.fromkeys(block, block[-1]) if block else {})
    prose.flush()
    sheet = SourceSheet("write-up", rows, lines=True, block_ends=block_ends,
                        body_rows=frozenset(body_rows))
    return read_sheets([sheet], file, aliases, draft)


def parse_writeup(text: str, file: str = "<write-up>") -> Imported:
    """A write-up that must import cleanly; raises WorkbookError naming the first problem."""
    imported = read_writeup(text, file)
    if imported.assessment is None:
        first = next(n for n in imported.notes if n.severity == "error")
        raise WorkbookError(first.location, first.message, first.code)
    return imported
