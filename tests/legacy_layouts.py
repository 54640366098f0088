"""A generator of legacy layouts: any valid assessment, written as a legacy source the
way people other than us write them, with every choice drawn at random.

The style space is data (`AXES`): each axis is a name and its values, and adding a
variation is adding a value (and, where it is new, the line that writes it). A `Layout`
is one draw along every axis; `tests.legacy_layout_files.write_source(assessment,
layout, folder)` writes the file(s) and returns their paths; `expected_unmapped` is
what the import must keep in the Notes sheet. tests/test_import_layouts.py states the
round-trip law over it.

Texts come from a vocabulary of everyday words (task names, rationales, role fields),
so a text never happens to be a header, a label or a number; the hostile-input suites
cover hostile text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hypothesis import strategies as st

from jobzone.engine.core.derivation import fixed
from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment, Override, Rated, Role, Task
from jobzone.engine.core.ruleset import (
    AIJRI_1,
    BARRIER_NAMES,
    EVIDENCE_NAMES,
    GROWTH_NAME,
    PRINCIPLE_NAMES,
)
from tests.legacy_shapes import VARIANT_NAMES
from tests.legacy_writers import LegacySheet, Value
from tests.scales import BARRIER_SCALE, EVIDENCE_SCALE, GROWTH_SCALE, PRINCIPLE_SCALE, TASK_SCALE
from tests.strategies import time_shares

# --- The style space -------------------------------------------------------------------
AXES: dict[str, tuple[object, ...]] = {
    # file format; csv_sections is one CSV per block, csv_long one row per item with a
    # column naming the section of each row (as form tools and trackers export)
    "fmt": ("xlsx", "xlsm", "xls", "ods", "csv", "csv_sections", "csv_long", "writeup"),
    "order": ("method", "tasks_first", "role_last", "reversed"),
    "split": (False, True),  # one sheet, or a sheet per block (spreadsheets only)
    "titles": (False, True),  # a title row ("Role", "Evidence", ...) above each block
    "gap": (0, 1, 2),  # blank rows between blocks
    "role_form": ("labels", "field_value", "header_row", "colon"),
    "growth_form": ("principles_row", "own_table", "labelled"),
    # header spellings; "wordy" ones match no alias as written, only by their words
    "headers": ("canonical", "alias", "shouty", "squashed", "snake", "wordy"),
    "names": ("canonical", "variant"),
    "labels": ("canonical", "title_case", "short"),  # DISPLACEMENT, Displacement, Disp
    "merged_title": (False, True),  # the task table's title merged across its columns
    "shares": ("percent", "fraction", "bare_fraction", "text", "spaced"),
    "scores": ("int", "float", "out_of"),
    "signs": (False, True),  # "+2" for positive signed scores
    "totals": (False, True),  # totals rows under the tables
    "blank_row": (False, True),  # a blank row inside the task table
    "extra_column": (False, True),  # an unmapped "Owner" column beside the tasks
    "note_cell": (False, True),  # a stray note far to the right of the first row
    "published": (False, True),  # the source prints its score and zone
    # CSV as Excel, LibreOffice and Google Sheets write it in different locales
    "csv_delimiter": (",", ";", "\t"),
    "csv_decimal": (".", ","),
    "csv_encoding": ("utf-8", "utf-8-sig", "cp1252", "utf-16"),
    "csv_line_end": ("\r\n", "\n"),
    "csv_quoting": ("minimal", "all"),
    # write-ups: pipe tables as GitHub and CommonMark extensions accept them
    "md_tables": ("piped", "bare", "aligned"),
}


@dataclass(frozen=True)
class Layout:
    fmt: str = "xlsx"
    order: str = "method"
    split: bool = False
    titles: bool = False
    gap: int = 1
    role_form: str = "labels"
    growth_form: str = "principles_row"
    headers: str = "canonical"
    names: str = "canonical"
    labels: str = "canonical"
    merged_title: bool = False
    shares: str = "percent"
    scores: str = "int"
    signs: bool = False
    totals: bool = False
    blank_row: bool = False
    extra_column: bool = False
    note_cell: bool = False
    published: bool = False
    csv_delimiter: str = ","
    csv_decimal: str = "."
    csv_encoding: str = "utf-8"
    csv_line_end: str = "\r\n"
    csv_quoting: str = "minimal"
    md_tables: str = "piped"

    def describe(self) -> str:
        """The drawn choices that differ from the defaults (hypothesis statistics)."""
        default = Layout()
        return " ".join(f"{k}={v!r}" for k, v in vars(self).items()
                        if v != getattr(default, k))


@st.composite
def layouts(draw: st.DrawFn) -> Layout:
    choice = {axis: draw(st.sampled_from(values)) for axis, values in AXES.items()}
    if choice["csv_decimal"] == "," and choice["csv_delimiter"] == ",":
        choice["csv_delimiter"] = ";"  # a decimal-comma locale separates fields with ';'
    if choice["csv_encoding"] == "utf-16":
        choice["csv_delimiter"] = "\t"  # Excel's "Unicode text" is UTF-16, tab-separated
    return Layout(**choice)  # type: ignore[arg-type]


# --- Assessments with everyday texts -------------------------------------------------------
WORDS = ("reconcile", "monthly", "reports", "draft", "client", "briefs", "review", "vendor",
         "contracts", "plan", "network", "capacity", "train", "new", "staff", "audit",
         "ledgers", "forecast", "demand", "update", "dashboards", "negotiate", "rates",
         "inspect", "sites", "schedule", "crews", "answer", "queries", "design", "layouts",
         "model", "costs", "prepare", "budgets", "coach", "teams", "triage", "tickets")
REASONS = ("judgement stays human", "tools draft most of it", "rules change often",
           "clients expect a person", "data is messy", "on site work", "strong demand",
           "few vendors", "licensing applies", "routine and repeatable")


def _phrase(words: list[str]) -> str:
    return " ".join(words).capitalize()


# Task names: distinct phrases of two or three words, drawn without repetition (a
# unique sample of a fixed pool, so no draw is ever rejected for a duplicate).
TASK_NAMES = tuple(dict.fromkeys(
    _phrase([a, b] if (i + j) % 3 else [a, b, WORDS[(i * 7 + j) % len(WORDS)]])
    for i, a in enumerate(WORDS) for j, b in enumerate(WORDS) if a != b and (i * j) % 11 == 1))
phrases = st.sampled_from(TASK_NAMES)
reasons = st.sampled_from(REASONS) | st.just("")
role_texts = st.sampled_from(("Network Planner", "Claims Analyst", "Site Inspector",
                              "Budget Officer", "Crew Scheduler"))


@st.composite
def legacy_assessments(draw: st.DrawFn, max_tasks: int = 10) -> Assessment:
    count = draw(st.integers(1, max_tasks))
    shares = draw(time_shares(count, allow_zero=False))
    names = draw(st.lists(phrases, min_size=count, max_size=count, unique=True))
    tasks = tuple(Task(name, share, draw(st.integers(*TASK_SCALE)),
                       draw(st.sampled_from(AIJRI_1.labels.all())), draw(reasons))
                  for name, share in zip(names, shares, strict=True))

    def rated(names: tuple[str, ...], scale: tuple[int, int]) -> tuple[Rated, ...]:
        return tuple(Rated(n, draw(st.integers(*scale)), draw(reasons)) for n in names)

    zone = draw(st.sampled_from((None, *AIJRI_1.zone_names())))
    role = Role(draw(role_texts), draw(st.sampled_from(("Mid-Senior", "Entry", "Senior"))),
                draw(phrases), draw(phrases | st.just("")), draw(st.sampled_from(
                    ("3-5 years", "10 years", ""))), draw(reasons))
    a = Assessment(role=role, principles=rated(PRINCIPLE_NAMES, PRINCIPLE_SCALE),
                   growth=Rated(GROWTH_NAME, draw(st.integers(*GROWTH_SCALE)), draw(reasons)),
                   tasks=tasks, evidence=rated(EVIDENCE_NAMES, EVIDENCE_SCALE),
                   barriers=rated(BARRIER_NAMES, BARRIER_SCALE),
                   override=Override(zone, draw(reasons) if zone else ""))
    return a


# --- Writing one ---------------------------------------------------------------------------
HEADERS = {
    "tasks": {"canonical": ["Task", "Time %", "Score (1-5)", "Weighted", "Aug/Disp",
                            "Rationale"],
              "alias": ["Activity", "% of time", "Automation score", "Weighted score", "Label",
                        "Notes"],
              "shouty": ["TASK NAME", "TIME SHARE (%)", "SCORE  (1–5)", "WEIGHTED",
                         "AUG / DISP ", "RATIONALE:"],
              "squashed": ["Task", "Time%", "Score(1-5)", "Weighted", "Aug/Disp", "Rationale"],
              "snake": ["task", "time_share", "score", "weighted", "label", "rationale"],
              "wordy": ["Task description", "Share of time spent (%)",
                        "Automation potential score", "Weighted score", "Aug/Disp type",
                        "Why"]},
    "principles": {"canonical": ["Principle", "Score (0-3)", "Rationale"],
                   "alias": ["Protective principle", "Rating", "Comments"],
                   "shouty": ["PRINCIPLE", "SCORE", "REASONING"],
                   "squashed": ["Principle", "Score(0-3)", "Rationale"],
                   "snake": ["principle", "score", "rationale"],
                   "wordy": ["Protective principle name", "Score given", "Reasoning notes"]},
    "evidence": {"canonical": ["Dimension", "Score (-2 to 2)", "Evidence"],
                 "alias": ["Signal", "Points", "Sources"],
                 "shouty": ["Name", "Score", "Comment"],
                 "squashed": ["Dimension", "Score(-2 to +2)", "Evidence"],
                 "snake": ["dimension", "score", "evidence"],
                 "wordy": ["Evidence dimension", "Points scored", "Supporting evidence"]},
    "barriers": {"canonical": ["Barrier", "Score (0-2)", "Rationale"],
                 "alias": ["Barrier type", "Rating", "Justification"],
                 "shouty": ["Item", "Value", "Notes"],
                 "squashed": ["Barrier", "Score(0-2)", "Rationale"],
                 "snake": ["barrier", "score", "rationale"],
                 "wordy": ["Barrier name", "Barrier score", "Comments on barrier"]},
}
GROWTH_HEADER = ["Item", "Score (-2 to +2)", "Rationale"]
ROLE_LABELS = ("Job title", "Seniority", "Primary function", "What this role is not",
               "Typical experience", "Seniority note")
TITLES = {"role": "Role", "principles": "Protective principles",
          "growth": "AI growth correlation", "tasks": "Task decomposition",
          "evidence": "Evidence", "barriers": "Barriers", "override": "Override"}
ORDERS = {"method": ("role", "principles", "growth", "tasks", "evidence", "barriers",
                     "override"),
          "tasks_first": ("tasks", "role", "evidence", "barriers", "principles", "growth",
                          "override"),
          "role_last": ("principles", "growth", "tasks", "evidence", "barriers", "override",
                        "role"),
          "reversed": ("override", "barriers", "evidence", "tasks", "growth", "principles",
                       "role")}
OWNER = "platform team"
NOTE_CELL = "Reviewed 2023-04 by J. Smith"
Percent = tuple[float]  # a fraction the sheet shows as a percentage


def _name(layout: Layout, name: str) -> str:
    return VARIANT_NAMES.get(name, name) if layout.names == "variant" else name


SHORT_LABELS = {"DISPLACEMENT": "Disp", "AUGMENTATION": "Aug", "NOT INVOLVED": "N/A"}


def _label(layout: Layout, label: str) -> str:
    if layout.labels == "title_case":
        return label.capitalize()
    return SHORT_LABELS[label] if layout.labels == "short" else label


def _score(layout: Layout, score: int, top: int, signed: bool = False) -> Value:
    if signed and layout.signs and score > 0:
        return f"+{score}"
    if layout.scores == "float":
        return float(score)
    if layout.scores == "out_of" and not signed:
        return f"{score}/{top}"
    return score


def _share(layout: Layout, percent: Decimal) -> Value | Percent:
    if layout.shares == "fraction":
        return (float(percent / 100),)
    if layout.shares == "bare_fraction":
        return float(percent / 100)
    if layout.shares == "text":
        return f"{percent.normalize():f}%"
    if layout.shares == "spaced":
        return f"{percent.normalize():f} %"
    return int(percent) if percent == percent.to_integral_value() else float(percent)


Row = list[Value | Percent]


def _rated_block(layout: Layout, section: str, items: tuple[Rated, ...], top: int,
                 signed: bool, total: int | None) -> list[Row]:
    rows: list[Row] = [list(HEADERS[section][layout.headers])]
    rows += [[_name(layout, i.name), _score(layout, i.score, top, signed), i.rationale or None]
             for i in items]
    if layout.totals and total is not None:
        rows.append(["Total", total])
    return rows


def _growth_row(layout: Layout, a: Assessment) -> Row:
    return [_name(layout, a.growth.name), _score(layout, a.growth.score, 2, signed=True),
            a.growth.rationale or None]


def _role_block(layout: Layout, a: Assessment) -> list[Row]:
    values = [a.role.job_title, a.role.seniority, a.role.primary_function, a.role.role_is_not,
              a.role.typical_experience, a.role.seniority_note]
    if layout.role_form == "field_value":
        return [["Field", "Value"], *([label, value or None]
                                      for label, value in zip(ROLE_LABELS, values, strict=True))]
    if layout.role_form == "header_row":
        return [list(ROLE_LABELS), [v or None for v in values]]
    if layout.role_form == "colon":
        return [[f"{label}: {value}"] for label, value in zip(ROLE_LABELS, values, strict=True)
                if value]
    return [[label, value or None] for label, value in zip(ROLE_LABELS, values, strict=True)]


def _task_block(layout: Layout, a: Assessment) -> list[Row]:
    r = evaluate(a, AIJRI_1)
    header = list(HEADERS["tasks"][layout.headers])
    if layout.extra_column:
        header.append("Owner")
    rows: list[Row] = [header]
    for index, (task, w) in enumerate(zip(a.tasks, r.weighted, strict=True)):
        row: Row = [task.name, _share(layout, task.time_share), _score(layout, task.score, 5),
                    float(fixed(w, 2)), _label(layout, task.label), task.rationale or None]
        if layout.extra_column:
            row.append(OWNER if index % 2 == 0 else None)
        if layout.blank_row and index == 1:
            rows.append([])
        rows.append(row)
    if layout.totals:
        total: Value | Percent = (1.0,) if layout.shares == "fraction" else \
            1 if layout.shares == "bare_fraction" else "100%"
        rows.append(["Total", total, None, float(fixed(r.weighted_sum, 2))])
    return rows


def blocks(a: Assessment, layout: Layout) -> dict[str, list[Row]]:
    """Each block of the source, as rows, in the layout's order."""
    r = evaluate(a, AIJRI_1)
    made: dict[str, list[Row]] = {
        "role": _role_block(layout, a),
        "principles": _rated_block(layout, "principles", a.principles, 3, False,
                                   r.protective_total),
        "tasks": _task_block(layout, a),
        "evidence": _rated_block(layout, "evidence", a.evidence, 2, True, r.evidence_total),
        "barriers": _rated_block(layout, "barriers", a.barriers, 2, False, r.barrier_total),
        "override": [["Override zone", a.override.zone or "None"]] +
                    ([["Override reason", a.override.reason]] if a.override.reason else []),
    }
    if layout.growth_form == "principles_row":
        rows = made["principles"]
        rows.insert(1 + len(a.principles), _growth_row(layout, a))
    elif layout.growth_form == "own_table":
        made["growth"] = [list(GROWTH_HEADER), _growth_row(layout, a)]
    else:
        made["growth"] = [_growth_row(layout, a)]
    if layout.published:
        made["override"] += [["JobZone Score", fixed(r.score, 1)], ["Zone", r.zone]]
    order = [name for name in ORDERS[layout.order] if name in made]
    out = {}
    for name in order:
        title = TITLES[name]
        titled = layout.titles or (name == "growth" and layout.growth_form == "own_table")
        out[name] = ([[title]] if titled else []) + made[name]
    return out


def sheets(a: Assessment, layout: Layout) -> list[LegacySheet]:
    """The sheets of a spreadsheet source (or the sections of a CSV one)."""
    made = blocks(a, layout)
    if layout.split or layout.fmt == "csv_sections":
        return [_merged(_sheet(name.capitalize(), rows, layout, first=index == 0), layout,
                        0 if name == "tasks" else None)
                for index, (name, rows) in enumerate(made.items())]
    rows: list[Row] = []
    title_row = None
    for name, block in made.items():
        if rows:
            rows += [[] for _ in range(layout.gap or (1 if name == "growth" else 0))]
        if name == "tasks":
            title_row = len(rows)
        rows += block
    return [_merged(_sheet("Assessment", rows, layout, first=True), layout, title_row)]


def _merged(sheet: LegacySheet, layout: Layout, title_index: int | None) -> LegacySheet:
    """The task table's title row merged across the table's six columns."""
    if layout.merged_title and layout.titles and title_index is not None and \
            layout.fmt in ("xlsx", "xlsm", "xls", "ods"):
        row = title_index + 1
        if len([v for v in sheet.rows[title_index] if v is not None]) == 1:
            sheet.merged.append(f"A{row}:F{row}")
    return sheet


def _sheet(name: str, rows: list[Row], layout: Layout, first: bool) -> LegacySheet:
    plain: list[list[Value]] = []
    percent: set[tuple[int, int]] = set()
    for r, row in enumerate(rows, start=1):
        cells: list[Value] = []
        for c, value in enumerate(row, start=1):
            if isinstance(value, tuple):
                percent.add((r, c))
                value = value[0]
            cells.append(value)
        plain.append(cells)
    if first and layout.note_cell:
        plain[0] = [*plain[0], *([None] * (9 - len(plain[0]))), NOTE_CELL]
    return LegacySheet(name, plain, [], percent)


def expected_unmapped(a: Assessment, layout: Layout) -> list[str]:
    if layout.fmt in ("csv_long", "writeup"):
        return []  # a record export or a write-up has no room for notes beside its rows
    kept = [f"Owner: {OWNER}"] * len(a.tasks[::2]) if layout.extra_column else []
    if layout.note_cell:
        kept.append(NOTE_CELL)
    return kept
