"""Legacy layouts written as files: CSV as spreadsheet programs export it, write-ups in
the published format with their tables in GitHub's and CommonMark's forms, long-format
record exports, and portfolios (a sheet per role, a tracker with a row per role).

`write_source(assessment, layout, folder)` is the one entry for a single assessment;
`write_portfolio` for several in one source. The layouts themselves are in
`tests.legacy_layouts`.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from hypothesis import strategies as st

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment, Override, Rated, Role, Task
from jobzone.engine.core.ruleset import (
    AIJRI_1,
    BARRIER_NAMES,
    EVIDENCE_NAMES,
    GROWTH_NAME,
    PRINCIPLE_NAMES,
)
from tests.legacy_layouts import (
    HEADERS,
    ROLE_LABELS,
    Layout,
    _name,
    _score,
    _share,
    sheets,
)
from tests.legacy_writers import LegacySheet, Value, write_ods, write_xls, write_xlsx


# --- CSV, as spreadsheet programs export it --------------------------------------------------
def _csv_text(value: Value, is_percent: bool, layout: Layout) -> str:
    if value is None:
        return ""
    if is_percent and isinstance(value, int | float):
        text = f"{value * 100:g}%"
    elif isinstance(value, float):
        text = f"{value:g}" if value != int(value) or layout.scores != "float" else f"{value:.1f}"
    else:
        text = str(value)
    if layout.csv_decimal == "," and (isinstance(value, int | float) or
                                      text.replace(".", "", 1).rstrip("% ").isdigit()):
        text = text.replace(".", ",")
    return text


def _csv_bytes(rows: list[list[str]], layout: Layout) -> bytes:
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if layout.csv_quoting == "all" else csv.QUOTE_MINIMAL
    writer = csv.writer(buffer, delimiter=layout.csv_delimiter, quoting=quoting,
                        lineterminator=layout.csv_line_end)
    writer.writerows(rows)
    text = buffer.getvalue()
    if layout.csv_encoding == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return text.encode(layout.csv_encoding)


def _csv_rows(sheet: LegacySheet, layout: Layout) -> list[list[str]]:
    return [[_csv_text(v, (r, c) in sheet.percent, layout) for c, v in enumerate(row, start=1)]
            for r, row in enumerate(sheet.rows, start=1)]


LONG_HEADER = ["section", "name", "value", "time_share", "score", "label", "text"]


def long_rows(a: Assessment, layout: Layout) -> list[list[Value]]:
    """One row per item, a column naming its section (a form tool's or tracker's export)."""
    rows: list[list[Value]] = [list(LONG_HEADER)]
    values = [a.role.job_title, a.role.seniority, a.role.primary_function, a.role.role_is_not,
              a.role.typical_experience, a.role.seniority_note]
    rows += [["role", label, value, None, None, None, None]
             for label, value in zip(ROLE_LABELS, values, strict=True) if value]
    rows += [["principle", _name(layout, p.name), None, None, _score(layout, p.score, 3),
              None, p.rationale or None] for p in a.principles]
    rows.append(["growth", _name(layout, a.growth.name), None, None,
                 _score(layout, a.growth.score, 2, signed=True), None,
                 a.growth.rationale or None])
    for task in a.tasks:
        share = _share(layout, task.time_share)
        share_text = f"{share[0] * 100:g}%" if isinstance(share, tuple) else share
        rows.append(["task", task.name, None, share_text, _score(layout, task.score, 5),
                     task.label, task.rationale or None])
    rows += [["evidence", _name(layout, e.name), None, None,
              _score(layout, e.score, 2, signed=True), None, e.rationale or None]
             for e in a.evidence]
    rows += [["barrier", _name(layout, b.name), None, None, _score(layout, b.score, 2), None,
              b.rationale or None] for b in a.barriers]
    rows.append(["override", "Override zone", a.override.zone or "None", None, None, None,
                 None])
    if a.override.reason:
        rows.append(["override", "Override reason", a.override.reason, None, None, None, None])
    return rows


RENDERED_HEADERS = {"tasks": HEADERS["tasks"]["canonical"],
                    "principles": HEADERS["principles"]["canonical"],
                    "evidence": HEADERS["evidence"]["canonical"],
                    "barriers": HEADERS["barriers"]["canonical"]}


def _md_row(cells: list[str], style: str) -> str:
    if style == "bare":
        return " | ".join(cells)
    return "| " + " | ".join(cells) + " |"


def writeup_text(a: Assessment, layout: Layout) -> str:
    """The published format (the renderer's), its tables written in the layout's style."""
    from jobzone.workbooks.legacy.writeup import split_row
    from jobzone.workbooks.legacy.writeup_render import render_writeup

    text = render_writeup(a, evaluate(a, AIJRI_1), AIJRI_1)
    lines = []
    for line in text.split("\n"):
        if not line.startswith("|"):
            lines.append(line)
            continue
        cells = split_row(line)
        for section, canonical in RENDERED_HEADERS.items():
            if cells == canonical:
                cells = list(HEADERS[section][layout.headers])
        if all(set(c) <= {"-"} and c for c in cells):
            marks = {"aligned": [":---", "---:", ":---:"]}.get(layout.md_tables, ["---"])
            cells = [marks[i % len(marks)] for i in range(len(cells))]
        lines.append(_md_row([c.replace("|", "\\|") for c in cells], layout.md_tables))
    return layout.csv_line_end.join(lines) + layout.csv_line_end


def write_source(a: Assessment, layout: Layout, folder: Path) -> list[Path]:
    """Write `a` as a legacy source laid out by `layout`; the files of the one source."""
    stem = "role-assessment"
    if layout.fmt == "writeup":
        path = folder / f"{stem}.md"
        path.write_text(writeup_text(a, layout), encoding="utf-8", newline="")
        return [path]
    if layout.fmt in ("xlsx", "xlsm", "xls", "ods"):
        path = folder / f"{stem}.{layout.fmt}"
        writer = {"xlsx": write_xlsx, "xlsm": write_xlsx, "xls": write_xls,
                  "ods": write_ods}[layout.fmt]
        writer(sheets(a, layout), path)
        return [path]
    if layout.fmt == "csv_long":
        sheet = LegacySheet("long", long_rows(a, layout))
        path = folder / f"{stem}.csv"
        path.write_bytes(_csv_bytes(_csv_rows(sheet, layout), layout))
        return [path]
    if layout.fmt == "csv_sections":
        paths = []
        for sheet in sheets(a, layout):
            path = folder / f"{stem}-{sheet.name.lower()}.csv"
            path.write_bytes(_csv_bytes(_csv_rows(sheet, layout), layout))
            paths.append(path)
        return paths
    rows: list[list[str]] = []
    for index, sheet in enumerate(sheets(a, layout)):
        if index:
            rows += [[] for _ in range(max(layout.gap, 1))]
        rows += _csv_rows(sheet, layout)
    path = folder / f"{stem}.csv"
    path.write_bytes(_csv_bytes(rows, layout))
    return [path]


# --- Portfolios: several assessments in one source ---------------------------------------
PORTFOLIO_AXES: dict[str, tuple[object, ...]] = {
    "container": ("sheet_per_role", "tracker"),
    "fmt": ("xlsx", "ods", "xls", "csv"),  # csv: trackers only (one sheet)
    "shares": ("percent", "text", "fraction"),
    "signs": (False, True),
}


@dataclass(frozen=True)
class Portfolio:
    container: str = "tracker"
    fmt: str = "xlsx"
    shares: str = "percent"
    signs: bool = False


@st.composite
def portfolios(draw: st.DrawFn) -> Portfolio:
    choice = {axis: draw(st.sampled_from(values)) for axis, values in PORTFOLIO_AXES.items()}
    if choice["fmt"] == "csv":
        choice["container"] = "tracker"
    return Portfolio(**choice)  # type: ignore[arg-type]


def tracker_rows(assessments: list[Assessment], p: Portfolio) -> list[list[Value]]:
    """One row per role: role fields, numbered task columns, a column per dimension."""
    layout = Layout(shares=p.shares, signs=p.signs)
    most = max(len(a.tasks) for a in assessments)
    header: list[Value] = list(ROLE_LABELS)
    for n in range(1, most + 1):
        header += [f"Task {n}", f"Task {n} time %", f"Task {n} score", f"Task {n} label",
                   f"Task {n} rationale"]
    dims = [*PRINCIPLE_NAMES, GROWTH_NAME, *EVIDENCE_NAMES, *BARRIER_NAMES]
    for name in dims:
        header += [name, f"{name} rationale"]
    header += ["Override zone", "Override reason"]
    rows: list[list[Value]] = [header]
    for a in assessments:
        row: list[Value] = [a.role.job_title, a.role.seniority, a.role.primary_function,
                            a.role.role_is_not, a.role.typical_experience,
                            a.role.seniority_note]
        row = [v or None for v in row]
        for n in range(most):
            if n < len(a.tasks):
                t = a.tasks[n]
                share = _share(layout, t.time_share)
                row += [t.name, f"{share[0] * 100:g}%" if isinstance(share, tuple) else share,
                        t.score, t.label, t.rationale or None]
            else:
                row += [None] * 5
        rated = {r.name: r for r in (*a.principles, a.growth, *a.evidence, *a.barriers)}
        for name in dims:
            signed = name in EVIDENCE_NAMES or name == GROWTH_NAME
            row += [_score(layout, rated[name].score, 2, signed), rated[name].rationale or None]
        row += [a.override.zone or "None", a.override.reason or None]
        rows.append(row)
    return rows


def write_portfolio(assessments: list[Assessment], p: Portfolio, folder: Path) -> Path:
    """Several assessments in one source; they import in this order."""
    if p.container == "tracker":
        sheet = LegacySheet("Tracker", tracker_rows(assessments, p))
        if p.fmt == "csv":
            path = folder / "tracker.csv"
            path.write_bytes(_csv_bytes(_csv_rows(sheet, Layout()), Layout()))
            return path
        made = [sheet]
    else:
        made = []
        for index, a in enumerate(assessments):
            [one] = sheets(a, Layout(shares=p.shares, signs=p.signs))
            made.append(LegacySheet(f"Role {index + 1}", one.rows, one.merged, one.percent))
    path = folder / f"portfolio.{p.fmt}"
    {"xlsx": write_xlsx, "ods": write_ods, "xls": write_xls}[p.fmt](made, path)
    return path


# A fixed assessment for the regression examples (tests/test_import_layouts.py).
SAMPLE = Assessment(
    role=Role("Network Planner", "Mid-Senior", "Plan network capacity", "Field engineer",
              "3-5 years", "judgement stays human"),
    principles=(Rated(PRINCIPLE_NAMES[0], 1, "on site work"), Rated(PRINCIPLE_NAMES[1], 0, ""),
                Rated(PRINCIPLE_NAMES[2], 2, "judgement stays human")),
    growth=Rated(GROWTH_NAME, 2, "strong demand"),
    tasks=(Task("Reconcile monthly reports", Decimal(5), 1, "NOT INVOLVED", "data is messy"),
           Task("Forecast demand", Decimal("37.5"), 4, "DISPLACEMENT", "tools draft most of it"),
           Task("Negotiate vendor contracts", Decimal("57.5"), 3, "AUGMENTATION", "")),
    evidence=tuple(Rated(n, s, "few vendors") for n, s in zip(EVIDENCE_NAMES, (2, -1, 0, 1, -2),
                                                                strict=True)),
    barriers=tuple(Rated(n, s, "") for n, s in zip(BARRIER_NAMES, (2, 0, 1, 0, 1), strict=True)),
    override=Override(None, ""))
