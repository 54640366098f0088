"""The portfolio as a summary workbook: Summary (figures and charts), Roles, Findings.

Roles carries every intermediate, one row per role, with the canonical workbook's
zone colours (conditional formatting), an autofilter and frozen headers. The file
holds no formula at all: every string is stored as a string, and formula-like
text is also marked quotePrefix, so editing the cell in Excel keeps it text.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from jobzone.engine.core.text_safety import is_formula_like, xlsx_text
from jobzone.engine.report.columns import Column, Kind, columns
from jobzone.engine.report.comparison import Comparison, compare
from jobzone.engine.report.rows import Portfolio
from jobzone.engine.report.summary import Summary, summarise

SUMMARY, ROLES, FINDINGS = "Summary", "Roles", "Findings"
FINDING_HEADERS = ("#", "Job title", "File", "Code", "Severity", "Sheet", "Cell", "Message",
                   "Fix")


def put(ws: Any, row: int, column: int, value: Any, kind: Kind = Kind.text,
        number_format: str | None = None) -> Any:
    """Write one cell; text is stored as a string and formula-like text marked as text."""
    cell = ws.cell(row=row, column=column)
    if value is None:
        return cell
    if kind is Kind.text or isinstance(value, str):
        text = xlsx_text(str(value))
        cell.value = text
        cell.data_type = "s"
        if is_formula_like(text):
            cell.quotePrefix = True
        return cell
    cell.value = value / 100 if kind is Kind.percent else value
    if number_format:
        cell.number_format = number_format
    return cell


def render_xlsx(p: Portfolio, target: Path) -> None:
    from openpyxl import Workbook

    s = summarise(p)
    wb = Workbook()
    summary = wb.active
    summary.title = SUMMARY
    _roles(wb.create_sheet(ROLES), p)
    _findings(wb.create_sheet(FINDINGS), p)
    comparison = compare(p)
    if comparison is not None:
        _scenario_sheet(wb.create_sheet(SCENARIO), comparison)
    if p.coverage:
        from jobzone.engine.report.render_coverage import COVERAGE, coverage_sheet

        coverage_sheet(wb.create_sheet(COVERAGE), p)
    _summary(summary, p, s)
    wb.save(target)


def _header(ws: Any, row: int, headers: list[str] | tuple[str, ...], first: int = 1) -> None:
    from jobzone.workbooks import styles as S

    S.style_header_row(ws, row, list(headers), first_column=first)


def _roles(ws: Any, p: Portfolio) -> None:
    from openpyxl.utils import get_column_letter

    from jobzone.workbooks import styles as S

    table: tuple[Column, ...] = columns(p.task_scores, p.scenario is not None)
    _header(ws, 1, [c.header for c in table])
    for r, role in enumerate(p.rows, start=2):
        for c, column in enumerate(table, start=1):
            put(ws, r, c, column.read(role), column.kind, column.number_format)
    last_row = max(2, len(p.rows) + 1)
    last_column = get_column_letter(len(table))
    ws.auto_filter.ref = f"A1:{last_column}{last_row}"
    ws.freeze_panes = "C2"
    for c, column in enumerate(table, start=1):
        ws.column_dimensions[get_column_letter(c)].width = column.width
        if column.header in ("Formula zone", "Sub-label", "Final zone"):
            letter = get_column_letter(c)
            S.colour_zones(ws, f"{letter}2:{letter}{last_row}", p.zones)


SCENARIO = "Scenario"


def _scenario_sheet(ws: Any, c: Comparison) -> None:
    """The zone transition matrix, then every role whose score moved, largest change first."""
    put(ws, 1, 1, f"Scenario: {c.scenario}")
    put(ws, 2, 1, f"{c.compared} roles compared; {c.zone_changes} change zone; "
                  f"{len(c.refused)} refused")
    _header(ws, 4, ["Final zone before \\ after", *c.zones, "Total"])
    for r, before in enumerate(c.zones, start=5):
        put(ws, r, 1, before)
        for col, after in enumerate(c.zones, start=2):
            put(ws, r, col, c.matrix.get((before, after), 0), Kind.whole)
        put(ws, r, len(c.zones) + 2, sum(c.matrix.get((before, a), 0) for a in c.zones),
            Kind.whole)
    top = 6 + len(c.zones)
    headers = ["#", "Role", "Score", "Scenario score", "Change", "Final zone", "Scenario zone",
               "Sub-label", "Scenario sub-label"]
    _header(ws, top, headers)
    for r, m in enumerate(c.movers, start=top + 1):
        for col, (value, kind) in enumerate(((m.row.number, Kind.whole), (m.row.title, Kind.text),
                                             (m.before, Kind.decimal), (m.after, Kind.decimal),
                                             (m.delta, Kind.decimal), (m.zone_before, Kind.text),
                                             (m.zone_after, Kind.text),
                                             (m.sub_label_before, Kind.text),
                                             (m.sub_label_after, Kind.text)), start=1):
            put(ws, r, col, value, kind)
    for letter, width in zip("ABCDEFGHI", (22, 34, 9, 14, 9, 12, 14, 22, 22), strict=True):
        ws.column_dimensions[letter].width = width


def _findings(ws: Any, p: Portfolio) -> None:
    from openpyxl.utils import get_column_letter

    _header(ws, 1, FINDING_HEADERS)
    r = 1
    for role in p.rows:
        for f in role.findings:
            r += 1
            put(ws, r, 1, role.number, Kind.whole)
            for c, text in enumerate((role.title, f.file, f.code, f.severity.value, f.sheet,
                                      f.cell, f.message, f.fix), start=2):
                put(ws, r, c, text)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(FINDING_HEADERS))}{max(r, 2)}"
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHI", (6, 30, 40, 9, 10, 12, 8, 70, 40), strict=True):
        ws.column_dimensions[letter].width = width


def _summary(ws: Any, p: Portfolio, s: Summary) -> None:
    from openpyxl.styles import Font

    put(ws, 1, 1, p.title).font = Font(bold=True, size=14)
    put(ws, 2, 1, f"Generated {p.generated_at} with ruleset {p.rulesets_shown}; one row per role "
        f"on the {ROLES} sheet, every finding on the {FINDINGS} sheet.").font = Font(
        italic=True, color="666666")
    facts = [("Roles", s.roles), ("Scored", s.scored), ("Invalid", s.by_status["invalid"]),
             ("Unreadable", s.by_status["unreadable"]), ("Median score", s.median_score),
             ("Mean score", s.mean_score), ("Assessor overrides applied", s.overrides_applied),
             ("Errors", s.findings["error"]), ("Warnings", s.findings["warning"]),
             ("Roles with errors or warnings", s.roles_with_problems)]
    _header(ws, 4, ("Measure", "Value"))
    for r, (label, value) in enumerate(facts, start=5):
        put(ws, r, 1, label)
        if isinstance(value, Decimal):
            put(ws, r, 2, float(value), Kind.decimal, "0.00")
        else:
            put(ws, r, 2, value, Kind.whole, "0")
    zone_top = 5 + len(facts) + 1
    _header(ws, zone_top, ("Zone", "Roles (final zone)", "Roles (formula zone)"))
    formula = dict(s.formula_zones)
    for r, (zone, count) in enumerate(s.final_zones, start=zone_top + 1):
        put(ws, r, 1, zone)
        put(ws, r, 2, count, Kind.whole, "0")
        put(ws, r, 3, formula.get(zone, 0), Kind.whole, "0")
    zone_last = zone_top + len(s.final_zones)
    sub_top = zone_last + 2
    _header(ws, sub_top, ("Sub-label", "Roles"))
    for r, (label, _, count) in enumerate(s.sub_labels, start=sub_top + 1):
        put(ws, r, 1, label)
        put(ws, r, 2, count, Kind.whole, "0")
    time_top = sub_top + len(s.sub_labels) + 2
    _header(ws, time_top, ("Automation score", "Share of task time"))
    for r, (score, share) in enumerate(s.time_by_score, start=time_top + 1):
        put(ws, r, 1, score, Kind.whole, "0")
        put(ws, r, 2, float(share), Kind.percent, "0.0%")
    time_last = time_top + len(s.time_by_score)
    skipped_top = time_last + 2
    for offset, problem in enumerate(p.skipped):
        put(ws, skipped_top + offset, 1, f"Skipped source: {problem}")
    _charts(ws, p, (zone_top, zone_last), (time_top, time_last))
    for letter, width in zip("ABC", (30, 20, 22), strict=True):
        ws.column_dimensions[letter].width = width


def _charts(ws: Any, p: Portfolio, zones: tuple[int, int], times: tuple[int, int]) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.marker import DataPoint

    from jobzone.workbooks.styles import ZONE_FILLS, ZONE_FONTS

    zone_chart = BarChart()
    zone_chart.type = "col"
    zone_chart.title = "Roles by final zone"
    zone_chart.legend = None
    zone_chart.add_data(Reference(ws, min_col=2, min_row=zones[0], max_row=zones[1]),
                        titles_from_data=True)
    zone_chart.set_categories(Reference(ws, min_col=1, min_row=zones[0] + 1, max_row=zones[1]))
    for index, zone in enumerate(p.zones):
        if zone in ZONE_FILLS:
            point = DataPoint(idx=index)
            point.graphicalProperties.solidFill = ZONE_FILLS[zone].fgColor.rgb[-6:]
            point.graphicalProperties.line.solidFill = ZONE_FONTS[zone].color.rgb[-6:]
            zone_chart.series[0].dPt.append(point)
    zone_chart.height, zone_chart.width = 7.5, 13
    ws.add_chart(zone_chart, "E4")

    time_chart = BarChart()
    time_chart.type = "col"
    time_chart.title = "Task time by automation score (portfolio mean)"
    time_chart.legend = None
    time_chart.y_axis.numFmt = "0%"
    time_chart.add_data(Reference(ws, min_col=2, min_row=times[0], max_row=times[1]),
                        titles_from_data=True)
    time_chart.set_categories(Reference(ws, min_col=1, min_row=times[0] + 1, max_row=times[1]))
    time_chart.height, time_chart.width = 7.5, 13
    ws.add_chart(time_chart, "E20")
