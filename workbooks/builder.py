"""Write an assessment (or a blank one) as the canonical workbook, with openpyxl.

Every address comes from `jobzone.workbooks.layout`; every number of the method comes
from the ruleset and lands on the Rules sheet, where the formulas find it by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from jobzone.engine.core.errors import Location, WorkbookError
from jobzone.engine.core.model import Assessment, NarrativeSection, Rated, Role
from jobzone.engine.core.ruleset import (
    BARRIER_NAMES,
    EVIDENCE_NAMES,
    GROWTH_NAME,
    PRINCIPLE_NAMES,
    Ruleset,
    Scale,
)
from jobzone.engine.runtime.atomic import write_atomically
from jobzone.workbooks import layout as L
from jobzone.workbooks import styles as S
from jobzone.workbooks.cell_writing import write_formula, write_text
from jobzone.workbooks.rules_sheet import write_rules

_text, _formula = write_text, write_formula

WIDE_SHEETS = frozenset({L.TASKS, L.RULES})  # printed across the page (landscape)


def _print_setup(ws: Worksheet, one_page: bool, wide: bool) -> None:
    """Every sheet prints fit to the page's width with its title and header rows on every
    page; the score card prints on one page. Checked by converting to PDF with
    LibreOffice and counting pages (tests/test_print_setup.py)."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0  # 0: as many pages as the rows need
    ws.page_setup.orientation = "landscape" if wide else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = f"1:{L.HEADER_ROW}"


def build_workbook(assessment: Assessment | None, rules: Ruleset,
                   tables: L.RulesTables | None = None) -> Workbook:
    """The canonical workbook; `None` gives a blank one ready for an analyst.

    The Rules sheet's decision tables are as tall as the ruleset needs (`tables`, by
    default `layout.tables_for` its rows): the default layout for aijri-1 and any
    ruleset of as many rows, taller tables (and the names that span them) beyond. The
    Score sheet charts time by each score of `tables.task_scores` (by default the
    ruleset's task scale); the drop-downs offer the ruleset's scales."""
    tables = tables or L.tables_for(len(rules.zones), len(rules.sub_labels),
                                    len(rules.quick_screen), rules.scales.task)
    scales = rules.scales
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {name: wb.create_sheet(name) for name in L.SHEET_ORDER}
    _role(sheets[L.ROLE], assessment.role if assessment else Role())
    _principles(sheets[L.PRINCIPLES], assessment, rules)
    _tasks(sheets[L.TASKS], assessment, rules)
    _rated_sheet(sheets[L.EVIDENCE], L.EVIDENCE_BLOCK, "Evidence Score",
                 assessment.evidence if assessment else None, EVIDENCE_NAMES,
                 scales.evidence, "EvidenceTotal")
    _rated_sheet(sheets[L.BARRIERS], L.BARRIERS_BLOCK, "Barrier Assessment",
                 assessment.barriers if assessment else None, BARRIER_NAMES,
                 scales.barrier, "BarrierTotal")
    _override(sheets[L.OVERRIDE], assessment, rules)
    _score(sheets[L.SCORE], rules, tables)
    write_rules(sheets[L.RULES], rules, tables)
    _notes(sheets[L.NOTES], assessment)
    for name, ref in L.defined_names(tables).items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    for name, ws in sheets.items():
        _print_setup(ws, one_page=name == L.SCORE, wide=name in WIDE_SHEETS)
    wb.active = wb.sheetnames.index(L.ROLE)
    wb.calculation.fullCalcOnLoad = True
    return wb


def save_workbook(assessment: Assessment | None, rules: Ruleset, path: Path) -> None:
    """Build and write atomically: the target is complete or untouched."""
    workbook = build_workbook(assessment, rules)
    write_atomically(Path(path), lambda tmp: workbook.save(tmp))


# --- cells --------------------------------------------------------------------------------
def _input_text(ws: Worksheet, ref: str, text: str, wrap: bool = True) -> None:
    if text:
        _text(ws, ref, text)
    S.style_input(ws[ref], wrap=wrap)


def _input_number(ws: Worksheet, ref: str, value: float | int | None, fmt: str) -> None:
    ws[ref] = value
    S.style_input(ws[ref], fmt)


def _list_validation(ws: Worksheet, values: list[str] | str, refs: str, prompt: str) -> None:
    formula = values if isinstance(values, str) else '"' + ",".join(values) + '"'
    dv = DataValidation(type="list", formula1=formula, allow_blank=True,
                        showErrorMessage=True, errorTitle="Not on the list",
                        error=prompt, promptTitle="Choose", prompt=prompt)
    dv.add(refs)
    ws.add_data_validation(dv)


def _scale(scale: Scale) -> list[str]:
    return [str(v) for v in scale.values()]


# --- sheets ---------------------------------------------------------------------------------
def _role(ws: Worksheet, role: Role) -> None:
    S.title(ws, "Role Definition", "Pale yellow cells are inputs; grey cells are formulas.")
    S.style_header_row(ws, L.HEADER_ROW, ["Field", "Value"])
    for field in L.ROLE_FIELDS:
        S.style_label(ws.cell(row=field.row, column=1, value=field.label))
        _input_text(ws, L.cell(L.ROLE_VALUE_COLUMN, field.row), getattr(role, field.attribute))
    S.set_widths(ws, {"A": 24, "B": 110})
    ws.freeze_panes = "A4"
    S.protect(ws)


def _rated_rows(ws: Worksheet, block: L.RatedBlock, items: tuple[Rated, ...] | None,
                names: tuple[str, ...], scale: Scale) -> None:
    S.style_header_row(ws, block.header_row,
                       [L.scaled_header(header, *scale) for header in block.headers])
    for index, row in enumerate(block.rows()):
        item = items[index] if items else None
        name_cell = _text(ws, L.cell(block.name_column, row), item.name if item else names[index])
        S.style_label(name_cell, wrap=True)
        _input_number(ws, L.cell(block.score_column, row), item.score if item else None, "0")
        _input_text(ws, L.cell(block.rationale_column, row), item.rationale if item else "")
    _list_validation(ws, _scale(scale), f"{block.score_column}{block.first_row}:"
                     f"{block.score_column}{block.last_row}",
                     f"a whole number from {scale.describe()}")


def _check_count(items: tuple[Rated, ...] | None, block: L.RatedBlock, what: str) -> None:
    if items is not None and len(items) != block.count:
        raise WorkbookError(Location("<new workbook>", block.sheet),
                            f"{what} needs exactly {block.count} rows, got {len(items)}")


def _principles(ws: Worksheet, assessment: Assessment | None, rules: Ruleset) -> None:
    S.title(ws, "Protective Principles + AI Growth Correlation")
    principles = assessment.principles if assessment else None
    _check_count(principles, L.PRINCIPLES_BLOCK, "protective principles")
    _rated_rows(ws, L.PRINCIPLES_BLOCK, principles, PRINCIPLE_NAMES, rules.scales.principle)
    total_row = L.PROTECTIVE_TOTAL_ROW
    S.style_label(ws.cell(row=total_row, column=1, value="Protective Total"))
    _formula(ws, f"B{total_row}", "=ProtectiveTotal", "0")
    growth = (assessment.growth,) if assessment else None
    _rated_rows(ws, L.GROWTH_BLOCK, growth, (GROWTH_NAME,), rules.scales.growth)
    S.set_widths(ws, {"A": 32, "B": 16, "C": 100})
    ws.freeze_panes = "A4"
    S.protect(ws)


def _rated_sheet(ws: Worksheet, block: L.RatedBlock, heading: str,
                 items: tuple[Rated, ...] | None, names: tuple[str, ...],
                 scale: Scale, total_name: str) -> None:
    S.title(ws, heading)
    _check_count(items, block, heading.lower())
    _rated_rows(ws, block, items, names, scale)
    total_row = L.RATED_TOTAL_ROW[block.sheet]
    S.style_label(ws.cell(row=total_row, column=1, value="Total"))
    _formula(ws, f"{block.score_column}{total_row}", f"={total_name}", "0")
    S.set_widths(ws, {"A": 30, "B": 16, "C": 100})
    ws.freeze_panes = "A4"
    S.protect(ws)


def _tasks(ws: Worksheet, assessment: Assessment | None, rules: Ruleset) -> None:
    S.title(ws, "Task Decomposition (Agentic AI Scoring)",
            "Blank rows are ignored. Time shares must sum to exactly 100%.")
    tc = L.TASK_COLUMNS
    S.style_header_row(ws, L.HEADER_ROW, [L.scaled_header(L.TASK_HEADERS[f], *rules.scales.task)
                                          for f in ("name", "time_share", "score", "weighted",
                                                    "label", "rationale")])
    tasks = assessment.tasks if assessment else ()
    if len(tasks) > L.TASK_CAPACITY:
        raise WorkbookError(Location("<new workbook>", L.TASKS),
                            f"{len(tasks)} tasks exceed the workbook's {L.TASK_CAPACITY} rows")
    for index, row in enumerate(L.task_rows()):
        task = tasks[index] if index < len(tasks) else None
        _input_text(ws, f"{tc.name}{row}", task.name if task else "")
        share = float(task.time_share / Decimal(100)) if task else None
        _input_number(ws, f"{tc.time_share}{row}", share, L.FMT_PERCENT_2)
        _input_number(ws, f"{tc.score}{row}", task.score if task else None, "0")
        _formula(ws, f"{tc.weighted}{row}",
                 f'=IF(OR({tc.time_share}{row}="",{tc.score}{row}=""),"",'
                 f"ROUND({tc.time_share}{row}*{tc.score}{row},ExactDecimals))", L.FMT_2)
        _input_text(ws, f"{tc.label}{row}", task.label if task else "", wrap=False)
        _input_text(ws, f"{tc.rationale}{row}", task.rationale if task else "")
    first, last = L.TASK_FIRST_ROW, L.TASK_LAST_ROW
    total = L.TASK_TOTAL_ROW
    S.style_label(ws.cell(row=total, column=1, value="Total"))
    _formula(ws, f"{tc.time_share}{total}", "=SharesTotal", L.FMT_PERCENT_2)
    _formula(ws, f"{tc.weighted}{total}", "=WeightedSum", L.FMT_2)
    low, high = rules.scales.task
    _list_validation(ws, _scale(rules.scales.task), f"{tc.score}{first}:{tc.score}{last}",
                     f"{low} irreducibly human .. {high} fully automatable")
    _list_validation(ws, list(rules.labels.all()), f"{tc.label}{first}:{tc.label}{last}",
                     "AUGMENTATION, DISPLACEMENT or NOT INVOLVED")
    share_dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1",
                              allow_blank=True, showErrorMessage=True,
                              error="A share of working time between 0% and 100%")
    share_dv.add(f"{tc.time_share}{first}:{tc.time_share}{last}")
    ws.add_data_validation(share_dv)
    S.set_widths(ws, {tc.name: 46, tc.time_share: 10, tc.score: 11, tc.weighted: 10,
                      tc.label: 16, tc.rationale: 100})
    ws.freeze_panes = "B4"
    S.protect(ws)


def _override(ws: Worksheet, assessment: Assessment | None, rules: Ruleset) -> None:
    S.title(ws, "Assessor Override",
            f"Optional: {_steps(rules.constants.override_steps)}, only within "
            f"{rules.constants.override_range} points of the threshold, with a reason.")
    S.style_header_row(ws, L.HEADER_ROW, ["Field", "Value"])
    override = assessment.override if assessment else None
    col = L.OVERRIDE_VALUE_COLUMN
    S.style_label(ws.cell(row=L.OVERRIDE_ZONE_ROW, column=1, value="Override zone (blank: none)"))
    _input_text(ws, f"{col}{L.OVERRIDE_ZONE_ROW}",
                (override.zone or "") if override else "", wrap=False)
    S.style_label(ws.cell(row=L.OVERRIDE_REASON_ROW, column=1, value="Reason / comment"))
    _input_text(ws, f"{col}{L.OVERRIDE_REASON_ROW}", override.reason if override else "")
    _list_validation(ws, list(rules.zone_names()), f"{col}{L.OVERRIDE_ZONE_ROW}",
                     "Green, Yellow or Red; leave blank to accept the formula zone")
    labels = {"Zone": "Formula zone", "OverrideValid": "Override valid",
              "FinalZone": "Final zone"}
    for name, row in L.OVERRIDE_ECHO_ROWS.items():
        S.style_label(ws.cell(row=row, column=1, value=labels[name]))
        _formula(ws, f"{col}{row}", f"={name}")
    S.colour_zones(ws, f"{col}{L.OVERRIDE_ECHO_ROWS['Zone']}:"
                   f"{col}{L.OVERRIDE_ECHO_ROWS['FinalZone']}", rules.zone_names())
    S.set_widths(ws, {"A": 30, "B": 100})
    S.protect(ws)


def _steps(steps: int) -> str:
    return "one zone step" if steps == 1 else f"up to {steps} zone steps"


def _score(ws: Worksheet, rules: Ruleset, tables: L.RulesTables) -> None:
    S.title(ws, "JobZone Composite Score (AIJRI)", f"Ruleset {rules.name}; every cell is live.")
    S.style_header_row(ws, L.HEADER_ROW, ["Measure", "Value", "How"])
    col = L.SCORE_VALUE_COLUMN
    mark = rules.constants.high_automation_score  # the "3+" of aijri-1's words
    for line in L.SCORE_LINES:
        row = L.SCORE_LINE_ROW[line.name]
        label, how = line.label, line.how
        if line.name == "ShareScoring3Plus":
            label, how = label.replace("3+", f"{mark}+"), how.replace(">= 3", f">= {mark}")
        S.style_label(ws.cell(row=row, column=1, value=label))
        _formula(ws, f"{col}{row}", line.formula, line.number_format)
        ws.cell(row=row, column=3, value=how)
    for name in ("Zone", "SubLabel", "FinalZone"):
        row = L.SCORE_LINE_ROW[name]
        S.colour_zones(ws, f"{col}{row}", rules.zone_names())
    S.flag_false(ws, f"{col}{L.SCORE_LINE_ROW['SharesBalanced']}")

    header, first = L.DISTRIBUTION_HEADER_ROW, L.DISTRIBUTION_FIRST_ROW
    S.style_header_row(ws, header, ["Automation score", "Time share"])
    rows = L.distribution_rows(tables)
    for row, score in rows:
        S.style_label(ws.cell(row=row, column=1, value=score))
        _formula(ws, f"B{row}",
                 f"=ROUND(SUMIF(TaskScores,A{row},TaskShares),ExactDecimals)", L.FMT_PERCENT)
    last = rows[-1][0]
    low, high = tables.task_scores
    chart = BarChart()
    chart.type = "col"
    chart.title = "Task time by automation score"
    chart.y_axis.title = "Share of task time"
    chart.x_axis.title = f"Automation score ({low} human .. {high} automatable)"
    chart.y_axis.numFmt = "0%"
    chart.legend = None
    chart.add_data(Reference(ws, min_col=2, min_row=header, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.height, chart.width = 7.5, 14
    ws.add_chart(chart, "E3")
    S.set_widths(ws, {"A": 30, "B": 20, "C": 52})
    ws.freeze_panes = "A4"
    S.protect(ws)


def _notes(ws: Worksheet, assessment: Assessment | None) -> None:
    S.title(ws, "Notes", "The narrative sections of the write-up, verbatim and in order.")
    S.style_header_row(ws, L.HEADER_ROW, ["Section", "Text"])
    write_note_rows(ws, assessment.narrative if assessment else ())
    S.set_widths(ws, {"A": 34, "B": 120})
    ws.freeze_panes = "A4"


def write_note_rows(ws: Worksheet, sections: Sequence[NarrativeSection]) -> None:
    """One Notes row per narrative section; also how the template package learns what a
    Notes row looks like (`jobzone.workbooks.template_package`)."""
    for offset, section in enumerate(sections):
        row = L.NOTES_FIRST_ROW + offset
        _input_text(ws, f"{L.NOTES_TITLE_COLUMN}{row}", section.title)
        _input_text(ws, f"{L.NOTES_TEXT_COLUMN}{row}", section.text)
