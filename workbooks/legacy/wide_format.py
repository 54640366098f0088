"""Trackers: one row per role, numbered columns for its tasks (wide format).

Shared trackers and form tools export a portfolio as one table: a header row naming
role fields (`Job title`, `Seniority`, ...), numbered task columns (`Task 1`, `Task 1
time %`, `Task 1 score`, `Task 1 label`, `Task 1 rationale`, `Task 2` ...), a column per
dimension holding its score (`Embodied Physicality`, `AI Growth Correlation`, `Job
Posting Trends`, ..., with an optional `<dimension> rationale` beside it) and the override.
Rule: a header row with at least one numbered task (its name, time share and score) and a
role field is a tracker; each row under it with a value is one assessment, read at its own
cells. A column the header does not explain is kept with its header, as unmapped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jobzone.engine.core.errors import Location
from jobzone.engine.core.model import Rated, Task
from jobzone.workbooks.legacy import values as V
from jobzone.workbooks.legacy.aliases import RATED_SECTIONS, Aliases, normalise
from jobzone.workbooks.legacy.draft import Block, Draft, Imported
from jobzone.workbooks.legacy.grid import SourceSheet
from jobzone.workbooks.legacy.labelled import parse_override
from jobzone.workbooks.legacy.tables import SCALE_MAX

TASK_COLUMN = re.compile(r"^(?:task|activity)\s*(?P<n>\d+)\s*(?P<rest>.*)$")
RATIONALE_WORDS = ("rationale", "notes", "note", "comment", "comments", "reasoning", "why",
                   "evidence", "justification")


@dataclass
class WideHeader:
    row: int
    role: dict[int, str] = field(default_factory=dict)  # column -> role field
    tasks: dict[int, dict[str, int]] = field(default_factory=dict)  # n -> field -> column
    rated: dict[int, tuple[str, str]] = field(default_factory=dict)  # column -> section, name
    rationales: dict[str, int] = field(default_factory=dict)  # dimension name -> column
    override: dict[int, str] = field(default_factory=dict)  # column -> zone | reason
    published: dict[int, str] = field(default_factory=dict)  # column -> figure key
    texts: dict[int, str] = field(default_factory=dict)

    def is_tracker(self) -> bool:
        whole = [n for n, f in self.tasks.items() if {"name", "time_share", "score"} <= set(f)]
        return bool(whole) and bool(self.role)


def _dimension(aliases: Aliases, text: str) -> tuple[str, str] | None:
    growth = aliases.names["growth"].exact(text)
    if growth:
        return "growth", growth
    hits = [(s, name) for s in RATED_SECTIONS if (name := aliases.names[s].exact(text))]
    return hits[0] if len(hits) == 1 else None


def wide_header(sheet: SourceSheet, row: int, aliases: Aliases) -> WideHeader | None:
    cells = [(c, v) for c, v in sheet.cells(row) if isinstance(v, str)]
    if len(cells) < 4:
        return None
    head = WideHeader(row, texts={c: v.strip() for c, v in cells})
    task_columns = aliases.sections["tasks"].columns
    for column, text in cells:
        key = normalise(text)
        numbered = TASK_COLUMN.match(key)
        if numbered:
            rest = numbered["rest"].strip()
            what = "name" if rest in ("", "name", "task", "description") else \
                task_columns.exact(rest)
            if what is not None:
                head.tasks.setdefault(int(numbered["n"]), {}).setdefault(what, column)
            continue
        role = aliases.fields["role"].exact(text)
        if role is not None and role not in head.role.values():
            head.role[column] = role
            continue
        override = aliases.fields["override"].exact(text)
        if override is not None:
            head.override[column] = override
            continue
        dimension = _dimension(aliases, text)
        if dimension is not None:
            head.rated[column] = dimension
            continue
        words = key.split()
        if len(words) > 1 and words[-1] in RATIONALE_WORDS:
            named = _dimension(aliases, " ".join(words[:-1]))
            if named is not None:
                head.rationales[named[1]] = column
                continue
        figure = aliases.published.exact(text)
        if figure is not None:
            head.published[column] = figure
    return head if head.is_tracker() else None


def find_tracker(sheet: SourceSheet, aliases: Aliases) -> WideHeader | None:
    for row in sheet.row_numbers():
        found = wide_header(sheet, row, aliases)
        if found is not None:
            return found
    return None


def read_tracker(sheet: SourceSheet, head: WideHeader, file: str,
                 aliases: Aliases) -> list[tuple[str, Imported]]:
    """One assessment per row under the header, labelled "row N"."""
    parts = []
    for row in sheet.row_numbers():
        if row <= head.row or not list(sheet.cells(row)):
            continue
        parts.append((f"row {row}", _read_row(sheet, head, row, file, aliases)))
    return parts


def _read_row(sheet: SourceSheet, head: WideHeader, row: int, file: str,
              aliases: Aliases) -> Imported:
    draft = Draft(file)
    used: set[int] = set()

    def loc(column: int) -> Location:
        return sheet.location(file, row, column)

    def value(column: int) -> object:
        used.add(column)
        return sheet.value(row, column)

    last = max(sheet.rows.get(row, {}) or {0: None})
    span = f"{sheet.where(row, 1)}:{sheet.where(row, last).split('!')[-1]}"
    draft.found(Block("tracker row", span,
                      tuple((head.texts[c], f) for c, f in sorted(head.role.items())),
                      "one row per role under a header of role fields and numbered tasks"))
    for column, key in head.role.items():
        draft.put_role(key, V.text_of(value(column)).strip(), loc(column))
    pending: list[tuple[int, str, V.Share, int, str, str]] = []
    for n in sorted(head.tasks):
        columns = head.tasks[n]
        name = value(columns["name"]) if "name" in columns else None
        others = [value(c) for f, c in columns.items() if f != "name"]
        if V.is_blank(name):
            if any(not V.is_blank(o) for o in others):
                draft.note("JZ502", loc(columns.get("name", min(columns.values()))),
                           f"task {n} has values but no name")
            continue
        share, score = _task_numbers(draft, columns, value, loc)
        label_column = columns.get("label")
        label_text = V.text_of(value(label_column)).strip() if label_column else ""
        label = _label(draft, aliases, label_text, score, loc(label_column or columns["name"]))
        rationale = V.text_of(value(columns["rationale"])).strip() if "rationale" in columns \
            else ""
        pending.append((columns["name"], V.text_of(name).strip(), share, score, label,
                        rationale))
    shares, fractions = V.resolve_shares([p[2] for p in pending])
    if fractions and pending:
        draft.note("JZ506", loc(pending[0][0]), "time shares are fractions of 1 (they sum to "
                   "1); read as percentages")
    for (column, name, _, score, label, rationale), percent in zip(pending, shares, strict=True):
        draft.add_task(Task(name, percent, score, label, rationale), loc(column))
    for column, (section, name) in head.rated.items():
        raw = value(column)
        rationale_column = head.rationales.get(name)
        rationale = V.text_of(value(rationale_column)).strip() if rationale_column else ""
        try:
            score = V.score(raw, SCALE_MAX[section])
        except V.ValueProblem as exc:
            draft.note("JZ502", loc(column), f"{name}: a score is required" if V.is_blank(raw)
                       else str(exc))
            continue
        if section == "growth":
            draft.put_growth(Rated(name, score, rationale), loc(column))
        else:
            draft.put_rated(section, Rated(name, score, rationale), loc(column))
    for column, key in head.override.items():
        text = V.text_of(value(column)).strip()
        if key == "zone":
            parsed = parse_override(text)
            if parsed is not None:
                draft.put_override(parsed[0], parsed[1], loc(column))
        else:
            draft.put_override_reason(text, loc(column))
    for column, key in head.published.items():
        shown = V.text_of(value(column)).strip()
        if shown:
            draft.publish(key, shown, loc(column))
    for column, cell in sheet.cells(row):
        if column not in used:
            header = head.texts.get(column)
            text = V.text_of(cell)
            draft.keep_unmapped(loc(column), sheet.where(row, column),
                                f"{header}: {text}" if header else text)
    return draft.finish()


def _task_numbers(draft: Draft, columns: dict[str, int], value, loc):  # type: ignore[no-untyped-def]
    share_value = value(columns["time_share"]) if "time_share" in columns else None
    score_value = value(columns["score"]) if "score" in columns else None
    share = V.Share(V.HUNDRED * 0, True)
    try:
        if V.is_blank(share_value):
            draft.note("JZ502", loc(columns.get("time_share", columns["name"])),
                       "a time share is required for this task")
        else:
            share = V.share(share_value)
    except V.ValueProblem as exc:
        draft.note("JZ502", loc(columns["time_share"]), str(exc))
    score = 0
    try:
        if V.is_blank(score_value):
            draft.note("JZ502", loc(columns.get("score", columns["name"])),
                       "a score is required for this task")
        else:
            score = V.score(score_value, SCALE_MAX["tasks"])
    except V.ValueProblem as exc:
        draft.note("JZ502", loc(columns["score"]), str(exc))
    return share, score


def _label(draft: Draft, aliases: Aliases, text: str, score: int, where: Location) -> str:
    if not text:
        usual = aliases.label_from_score.get(score, "")
        draft.note("JZ509", where, f"no label; {usual or 'none'} used, the usual label for "
                   f"score {score}")
        return usual
    found = aliases.labels.find(text)
    if found is None:
        return text
    if found.loose:
        draft.note("JZ505", where, f"label {text!r} read as {found.value}")
    return found.value
