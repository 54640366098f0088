"""Header rows: which table a row heads, scored against the alias vocabulary.

A header row is one whose cells name every required column of a section through the
alias table: exactly (after folding case, spacing and punctuation), else by the words of
an alias (a JZ505 note says so). Of the sections a row could head, the one with the most
exact matches, then the most columns, wins. A header with a section column heads a
long-format table; a `Field | Value` pair is decoration. `tables` reads what they head.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from jobzone.workbooks.legacy.aliases import (
    GENERIC_REQUIRED,
    Aliases,
    Lookup,
    bare,
    label_meaning,
    normalise,
)
from jobzone.workbooks.legacy.grid import CellValue, SourceSheet

GENERIC = "generic"


@dataclass
class Header:
    section: str
    row: int
    data_from: int
    columns: dict[str, int]  # field -> column
    texts: dict[int, str]  # column -> header text, for every header cell
    loose: set[int] = field(default_factory=set)  # columns matched by their words only


LONG = "long"
FIELD_KINDS = ("role", "override", "published")


def header_run(cells: Sequence[tuple[int, object]]) -> list[tuple[int, object]]:
    """Rule: a header is a run of adjacent cells from its first; a note beyond a blank
    column is not part of it (it is kept by the unmapped sweep)."""
    run = list(cells[:1])
    for cell in cells[1:]:
        if cell[0] != run[-1][0] + 1:
            break
        run.append(cell)
    return run


def is_field_label_row(aliases: Aliases, cells: list[tuple[int, CellValue]]) -> bool:
    """Two or more cells, every one a field label (job title, override zone, a figure):
    the header of a record written across, never a row of the table above it."""
    if len(cells) < 2:
        return False
    for _, value in cells:
        found = label_meaning(aliases, value) if isinstance(value, str) else None
        if found is None or found[0] not in FIELD_KINDS:
            return False
    return True


def match_header(sheet: SourceSheet, row: int, aliases: Aliases) -> Header | str | None:
    """The table a row heads, "decoration" for a header with no inputs, or None."""
    cells = [(c, v) for c, v in sheet.header_cells(row) if isinstance(v, str)]
    if len(cells) < 2:
        return None
    if aliases.is_decoration(v for _, v in header_run(cells)):
        return "decoration"
    folded = [(column, text, normalise(text), bare(text)) for column, text in cells]
    vocabulary = aliases.header_vocabulary
    if sum(1 for _, _, text_key, bare_key in folded
           if vocabulary.exact_folded(text_key, bare_key) is not None
           or vocabulary.word_scores(text_key)) < aliases.header_cells_needed:
        return None  # too few cells match any header alias, exactly or by words
    long: dict[str, int] = {}
    for column, _, text_key, bare_key in folded:
        hit = aliases.long_columns.exact_folded(text_key, bare_key)
        if hit is not None and hit not in long:
            long[hit] = column
    if aliases.long_required and all(r in long for r in aliases.long_required):
        # rule: a section column makes a long-format table, whatever else the header names
        return Header(LONG, row, row + 1, long, {c: v.strip() for c, v in cells})
    best: Header | None = None
    candidates = [(key, spec.columns, spec.required) for key, spec in aliases.sections.items()]
    candidates.append((GENERIC, aliases.generic_rated, GENERIC_REQUIRED))
    best_score = (-1, -1)
    run = header_run(cells)
    for key, lookup, required in candidates:
        columns: dict[str, int] = {}
        for column, _, text_key, bare_key in folded:
            hit = lookup.exact_folded(text_key, bare_key)
            if hit is not None and hit not in columns:
                columns[hit] = column
        exact = len(columns)
        loose: set[int] = set()
        for column, _, text_key, _ in folded:  # then by words, cells no alias matched as written
            if column not in columns.values():
                hit = by_words_folded(lookup, text_key, set(columns))
                if hit is not None:
                    columns[hit] = column
                    loose.add(column)
        if not all(r in columns for r in required) or \
                (exact == 0 and len(columns) < len(run)):
            continue  # rule: matched by words alone, every cell of the header must match
        score = (exact, len(columns))  # scored: most exact matches, then most columns
        if score > best_score:
            best_score = score
            bottom = max(sheet.merged_bottom(row, c) for c in columns.values())
            best = Header(key, row, bottom + 1, columns, {c: v.strip() for c, v in cells},
                          loose)
    return best


def by_words(lookup: Lookup, text: str, taken: set[str]) -> str | None:
    """The field whose alias words a header cell holds most of ('Share of time spent (%)'
    holds 'share of time'), among fields not taken; None when no alias fits or two fit as
    well. Single-word aliases of three letters or fewer never match by words."""
    return by_words_folded(lookup, normalise(text), taken)


def by_words_folded(lookup: Lookup, key: str, taken: set[str]) -> str | None:
    """`by_words` of a header cell already folded by `normalise`."""
    scores = {field_name: score for field_name, score
              in lookup.word_scores(key).items() if field_name not in taken}
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # two fields fit as well: the rule will not guess
    return ranked[0][0]
