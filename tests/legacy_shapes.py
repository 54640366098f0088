"""An assessment laid out the way old spreadsheets lay it out, in many styles.

`legacy_sheets(a, style)` gives the sheets (rows of cells) of a legacy file that
holds the assessment `a`: tidy or messy, one sheet or several, canonical or
aliased headers and names, time shares as 20 / 0.2 / "20%" / "20 %", scores as
3 / 3.0 / "3/5", with totals rows, blank rows, notes beside tables, merged titles
and trailing spaces. `expected_unmapped` lists what the importer must keep.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from jobzone.engine.core.derivation import fixed
from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment, Rated
from jobzone.engine.core.ruleset import AIJRI_1
from tests.legacy_writers import LegacySheet, Value

HEADERS = {
    "tasks": {"canonical": ["Task", "Time %", "Score (1-5)", "Weighted", "Aug/Disp", "Rationale"],
              "alias": ["Activity", "% of time", "Automation score", "Weighted score", "Label",
                        "Notes"],
              "shouty": ["TASK NAME", "TIME SHARE (%)", "SCORE  (1–5)", "WEIGHTED",
                         "AUG / DISP ", "RATIONALE:"]},
    "principles": {"canonical": ["Principle", "Score (0-3)", "Rationale"],
                   "alias": ["Protective principle", "Rating", "Comments"],
                   "shouty": ["PRINCIPLE", "SCORE", "REASONING"]},
    "evidence": {"canonical": ["Dimension", "Score (-2 to 2)", "Evidence"],
                 "alias": ["Signal", "Points", "Sources"],
                 "shouty": ["Name", "Score", "Comment"]},
    "barriers": {"canonical": ["Barrier", "Score (0-2)", "Rationale"],
                 "alias": ["Barrier type", "Rating", "Justification"],
                 "shouty": ["Item", "Value", "Notes"]},
}
VARIANT_NAMES = {
    "Embodied Physicality": "Physicality",
    "Deep Interpersonal Connection": "Interpersonal connection (deep)",
    "Goal-Setting & Moral Judgment": "Moral judgement & goal-setting",
    "AI Growth Correlation": "AI growth correlation (G)",
    "Job Posting Trends": "Job postings",
    "Company Actions": "Company actions",
    "Wage Trends": "Wage trend",
    "AI Tool Maturity": "AI tools maturity",
    "Expert Consensus": "Expert consensus",
    "Regulatory/Licensing": "Regulatory / licensing",
    "Physical Presence": "Physical presence required",
    "Union/Collective Bargaining": "Unions",
    "Liability/Accountability": "Liability",
    "Cultural/Ethical": "Cultural & ethical",
}
ROLE_LABELS = {
    "canonical": ["Job Title", "Seniority Level", "Primary Function", "What This Role Is NOT",
                  "Typical Experience", "Seniority Note"],
    "alias": ["Title:", "Level", "Purpose", "Not this role", "Experience", "Note on seniority"],
}
NOTE_CELL = "Reviewed 2023-04 by J. Smith"
OWNER = "platform team"


@dataclass(frozen=True)
class Style:
    shares: str = "percent"  # percent | fraction (0.2 shown as %) | bare_fraction | text | spaced
    scores: str = "int"  # int | float | out_of
    headers: str = "canonical"  # canonical | alias | shouty
    names: str = "canonical"  # canonical | variant
    split: bool = False  # a sheet per section, in shuffled order
    mess: bool = False  # blank rows, a notes column, a note cell, a merged title, spaces
    published_score: str | None = "correct"  # correct | wrong | None


STYLES = (
    Style(),
    Style(shares="fraction", scores="float", headers="alias", names="variant", mess=True),
    Style(shares="text", scores="out_of", headers="shouty", split=True, mess=True),
    Style(shares="spaced", headers="alias", names="variant", split=True,
          published_score="wrong"),
    Style(shares="bare_fraction", scores="float", headers="shouty", mess=True,
          published_score=None),
)


def _share(style: Style, percent: Decimal) -> Value:
    if style.shares in ("fraction", "bare_fraction"):
        return float(percent / 100)
    if style.shares == "text":
        return f"{percent.normalize():f}%"
    if style.shares == "spaced":
        return f"{percent.normalize():f} %"
    return float(percent) if percent != percent.to_integral_value() else int(percent)


def _score(style: Style, score: int, top: int, signed: bool = False) -> Value:
    if style.scores == "float":
        return float(score)
    if style.scores == "out_of" and not signed:
        return f"{score}/{top}"
    if signed and score > 0:
        return f"+{score}"
    return score


def _name(style: Style, name: str) -> str:
    return VARIANT_NAMES.get(name, name) if style.names == "variant" else name


def _rated_rows(style: Style, section: str, items: tuple[Rated, ...], top: int,
                signed: bool, total: str | None) -> list[list[Value]]:
    rows: list[list[Value]] = [list(HEADERS[section][style.headers])]
    for item in items:
        rows.append([_name(style, item.name) + ("  " if style.mess else ""),
                     _score(style, item.score, top, signed), item.rationale or None])
    if total is not None:
        rows.append(["Total", total])
    return rows


def legacy_sheets(a: Assessment, style: Style, seed: int = 0) -> list[LegacySheet]:
    r = evaluate(a, AIJRI_1)
    role_labels = ROLE_LABELS["alias" if style.headers == "alias" else "canonical"]
    role_values = [a.role.job_title, a.role.seniority, a.role.primary_function,
                   a.role.role_is_not, a.role.typical_experience, a.role.seniority_note]
    role: list[list[Value]] = [[label, value or None]
                               for label, value in zip(role_labels, role_values, strict=True)]
    growth_row: list[Value] = [_name(style, a.growth.name),
                               _score(style, a.growth.score, 2, signed=True),
                               a.growth.rationale or None]
    principles = _rated_rows(style, "principles", a.principles, 3, False, None)
    principles.append(growth_row)
    tasks = _task_rows(a, style, r.weighted, r.weighted_sum)
    evidence = _rated_rows(style, "evidence", a.evidence, 2, True, str(r.evidence_total))
    barriers = _rated_rows(style, "barriers", a.barriers, 2, False, f"{r.barrier_total}/10")
    override: list[list[Value]] = [["Override zone", a.override.zone or "None"]]
    if a.override.reason:
        override.append(["Override reason", a.override.reason])
    figures: list[list[Value]] = []
    if style.published_score:
        shown = fixed(r.score, 1) if style.published_score == "correct" \
            else fixed(r.score + Decimal("2.5"), 1)
        figures = [["JobZone Score", shown], ["Zone", r.zone]]
    blocks = {"role": role, "principles": principles, "tasks": tasks, "evidence": evidence,
              "barriers": barriers, "override": override + figures}
    if not style.split:
        return [_one_sheet(blocks, style)]
    names = list(blocks)
    random.Random(seed).shuffle(names)
    return [_sheet(name, blocks[name], style) for name in names]


def _task_rows(a: Assessment, style: Style, weighted: tuple[Decimal, ...],
               total: Decimal) -> list[list[Value]]:
    header = list(HEADERS["tasks"][style.headers])
    if style.mess:
        header.append("Owner")
    rows: list[list[Value]] = [header]
    for index, (task, w) in enumerate(zip(a.tasks, weighted, strict=True)):
        row: list[Value] = [task.name + (" " if style.mess else ""),
                            _share(style, task.time_share), _score(style, task.score, 5),
                            float(fixed(w, 2)), task.label, task.rationale or None]
        if style.mess:
            row.append(OWNER if index % 2 == 0 else None)
            if index == 1:
                rows.append([])  # a blank row inside the table
        rows.append(row)
    shares_total: Value = 1 if style.shares in ("fraction", "bare_fraction") else "100%"
    rows.append(["Total", shares_total, None, float(fixed(total, 2))])
    return rows


def _sheet(name: str, rows: list[list[Value]], style: Style) -> LegacySheet:
    sheet = LegacySheet(name, [list(r) for r in rows])
    if name == "tasks" and style.shares == "fraction":
        sheet.percent = {(r, 2) for r in range(2, len(rows) + 1)}
    if style.mess and name == "tasks":
        sheet.rows.insert(0, ["Task breakdown"])
        sheet.merged.append("A1:F1")
        sheet.percent = {(r + 1, c) for r, c in sheet.percent}
    return sheet


def _one_sheet(blocks: dict[str, list[list[Value]]], style: Style) -> LegacySheet:
    rows: list[list[Value]] = []
    percent: set[tuple[int, int]] = set()
    merged: list[str] = []
    for name, block in blocks.items():
        if rows:
            rows.append([])
        if style.mess and name == "tasks":
            rows.append(["Task breakdown"])
            merged.append(f"A{len(rows)}:F{len(rows)}")
        first = len(rows) + 1
        rows.extend(list(r) for r in block)
        if name == "tasks" and style.shares == "fraction":
            percent |= {(r, 2) for r in range(first + 1, len(rows) + 1)}
    if style.mess:
        rows[0] = [*rows[0], None, None, None, None, None, None, None, NOTE_CELL]
    return LegacySheet("Assessment", rows, merged, percent)


def expected_unmapped(a: Assessment, style: Style) -> list[str]:
    """Texts the import must keep as unmapped (Notes sheet and report)."""
    if not style.mess:
        return []
    kept = [f"Owner: {OWNER}"] * len(a.tasks[::2])
    if not style.split:
        kept.append(NOTE_CELL)
    return kept
