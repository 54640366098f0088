"""The canonical workbook's layout, declared once.

Sheet names, header rows, input cells, result cells and defined names all live
here. The builder, the reader, the schemas, the formula evaluator and the
importers derive every address from these declarations, so moving a cell is a
one-line change that every part follows.

Sheets are grouped as spreadsheet modellers expect (FAST): inputs (Role ...
Override), workings and presentation (Score), control (Rules), and the narrative
(Notes). Every table has its title in row 1, headers in row 3 and data from row 4.

Three modules hold it: the shared grid (`layout_grid`: sheet names, rows, reference
text), the Rules sheet (`rules_layout`) and this one (the input sheets, Score and
the defined names), which re-exports the other two so callers read one module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from jobzone.engine.core.ruleset_file import MAX_SCALE_POINTS
from jobzone.workbooks.layout_grid import (  # noqa: F401  (the layout's public names)
    BARRIERS,
    EVIDENCE,
    FIRST_ROW,
    HEADER_ROW,
    INPUT_SHEETS,
    NOTES,
    OVERRIDE,
    PRINCIPLES,
    ROLE,
    RULES,
    SCORE,
    SHEET_ORDER,
    TASKS,
    TITLE_ROW,
    absolute,
    cell,
)
from jobzone.workbooks.rules_layout import (  # noqa: F401  (the Rules sheet's layout)
    CONSTANT_ROW,
    CONSTANTS_FIRST_ROW,
    CONSTANTS_HEADER_ROW,
    DECISION_TABLES,
    DEFAULT_TABLES,
    LABEL_NAMES,
    LABEL_ROW,
    LABELS_FIRST_ROW,
    LABELS_HEADER_ROW,
    MAX_CAPACITY,
    QUICK_SCREEN_TABLE,
    RULE_CONSTANTS,
    RULES_NAME_ROW,
    RULESET_HASH_CELL,
    RULESET_HASH_LABEL,
    RULESET_VERSION_CELL,
    RULESET_VERSION_LABEL,
    SUB_LABEL_TABLE,
    ZONE_MINS_NAME,
    ZONE_TABLE,
    DecisionTable,
    RuleConstant,
    RulesTables,
    decision_tables_of,
    quick_screen_fires_formula,
    rules_names,
    rules_tables,
    sub_label_fires_formula,
    tables_for,
    zone_fires_formula,
)


# --- Role ---------------------------------------------------------------------
@dataclass(frozen=True)
class RoleField:
    attribute: str  # field of jobzone.engine.core.model.Role
    label: str
    row: int


ROLE_VALUE_COLUMN = "B"
ROLE_FIELDS = (
    RoleField("job_title", "Job Title", 4),
    RoleField("seniority", "Seniority Level", 5),
    RoleField("primary_function", "Primary Function", 6),
    RoleField("role_is_not", "What This Role Is NOT", 7),
    RoleField("typical_experience", "Typical Experience", 8),
    RoleField("seniority_note", "Seniority Note", 9),
)


# --- Rated blocks (principles, growth, evidence, barriers) ------------------------
@dataclass(frozen=True)
class RatedBlock:
    """A fixed list of scored dimensions: name in A, score in B, rationale in C."""

    sheet: str
    header_row: int
    first_row: int
    count: int
    headers: tuple[str, str, str]
    scores_name: str  # defined name of the score range
    name_column: str = "A"
    score_column: str = "B"
    rationale_column: str = "C"

    @property
    def last_row(self) -> int:
        return self.first_row + self.count - 1

    def rows(self) -> range:
        return range(self.first_row, self.last_row + 1)


PRINCIPLES_BLOCK = RatedBlock(
    PRINCIPLES, HEADER_ROW, FIRST_ROW, 3, ("Principle", "Score (0-3)", "Rationale"),
    "PrincipleScores",
)
PROTECTIVE_TOTAL_ROW = PRINCIPLES_BLOCK.last_row + 1
GROWTH_BLOCK = RatedBlock(
    PRINCIPLES, PROTECTIVE_TOTAL_ROW + 2, PROTECTIVE_TOTAL_ROW + 3, 1,
    ("Correlation", "Score (-2 to +2)", "Rationale"), "GrowthScore",
)
EVIDENCE_BLOCK = RatedBlock(
    EVIDENCE, HEADER_ROW, FIRST_ROW, 5, ("Dimension", "Score (-2 to 2)", "Evidence"),
    "EvidenceScores",
)
BARRIERS_BLOCK = RatedBlock(
    BARRIERS, HEADER_ROW, FIRST_ROW, 5, ("Barrier", "Score (0-2)", "Rationale"),
    "BarrierScores",
)
RATED_TOTAL_ROW = {EVIDENCE: EVIDENCE_BLOCK.last_row + 1, BARRIERS: BARRIERS_BLOCK.last_row + 1}
_SCALE_IN_HEADER = re.compile(r"\((-?\d+)( to |-)(\+?)(-?\d+)\)")


def scaled_header(header: str, low: int, high: int) -> str:
    """A score header stating another scale in its own style: "Score (0-3)" on 0..5 is
    "Score (0-5)", "Score (-2 to +2)" on -3..3 "Score (-3 to +3)"; others unchanged."""
    def shown(m: re.Match[str]) -> str:
        joint = " to " if high < 0 else m[2]  # -3 to -1, not -3--1
        return f"({low}{joint}{m[3] if high >= 0 else ''}{high})"

    return _SCALE_IN_HEADER.sub(shown, header)


def header_key(header: str) -> str:
    """What identifies a column by its header: its words, any bracketed scale standing for
    every scale, so a workbook made under any ruleset's scales has the columns the layout
    names ("Score (0-10)" is the layout's "Score (1-5)"; a bare "Score" is not)."""
    return _SCALE_IN_HEADER.sub("(scale)", " ".join(header.split()).casefold())


# --- Tasks --------------------------------------------------------------------------
@dataclass(frozen=True)
class TaskColumns:
    name: str = "A"
    time_share: str = "B"
    score: str = "C"
    weighted: str = "D"
    label: str = "E"
    rationale: str = "F"


TASK_COLUMNS = TaskColumns()
TASK_HEADERS = {
    "name": "Task",
    "time_share": "Time %",
    "score": "Score (1-5)",
    "weighted": "Weighted",
    "label": "Aug/Disp",
    "rationale": "Rationale",
}
TASK_CAPACITY = 50
TASK_FIRST_ROW = FIRST_ROW
TASK_LAST_ROW = TASK_FIRST_ROW + TASK_CAPACITY - 1
TASK_TOTAL_ROW = TASK_LAST_ROW + 1


def task_rows() -> range:
    return range(TASK_FIRST_ROW, TASK_LAST_ROW + 1)


# --- Override -------------------------------------------------------------------------
OVERRIDE_ZONE_ROW = 4
OVERRIDE_REASON_ROW = 5
OVERRIDE_VALUE_COLUMN = "B"
OVERRIDE_ECHO_ROWS = {"Zone": 7, "OverrideValid": 8, "FinalZone": 9}


# --- Notes --------------------------------------------------------------------------
NOTES_TITLE_COLUMN = "A"
NOTES_TEXT_COLUMN = "B"
NOTES_FIRST_ROW = FIRST_ROW


# --- Score: every intermediate, one named line each -------------------------------------
@dataclass(frozen=True)
class ScoreLine:
    """One intermediate of the method on the Score sheet (value in column B)."""

    name: str  # workbook-scoped defined name, also the Result field it mirrors
    label: str
    formula: str
    number_format: str
    how: str
    result_field: str


FMT_2 = "0.00"
FMT_4 = "0.0000"
FMT_1 = "0.0"
FMT_INT = "0"
FMT_PERCENT = "0%"
FMT_PERCENT_2 = "0.00%"
FMT_TEXT = "@"

# The canonical formulas. Only defined names and A1 ranges; every number of the method
# is a named constant on the Rules sheet. Each exact intermediate is rounded to
# ExactDecimals so binary noise can never reach a threshold comparison.
SCORE_LINES = (
    ScoreLine("WeightedSum", "Weighted sum W", "=ROUND(SUM(TaskWeighted),ExactDecimals)",
              FMT_2, "sum of time share x score", "weighted_sum"),
    ScoreLine("TaskResistance", "Task resistance TR",
              "=ROUND(TaskResistanceBase-WeightedSum,ExactDecimals)", FMT_2,
              "6.00 - W", "task_resistance"),
    ScoreLine("EvidenceTotal", "Evidence total E", "=SUM(EvidenceScores)", FMT_INT,
              "sum of the five evidence scores", "evidence_total"),
    ScoreLine("BarrierTotal", "Barrier total B", "=SUM(BarrierScores)", FMT_INT,
              "sum of the five barrier scores", "barrier_total"),
    ScoreLine("GrowthCorrelation", "AI growth correlation G", "=GrowthScore", FMT_INT,
              "from the Principles sheet", "growth_correlation"),
    ScoreLine("EvidenceModifier", "Evidence modifier",
              "=ROUND(ModifierBase+EvidenceWeight*EvidenceTotal,ExactDecimals)", FMT_2,
              "1 + 0.04 x E", "evidence_modifier"),
    ScoreLine("BarrierModifier", "Barrier modifier",
              "=ROUND(ModifierBase+BarrierWeight*BarrierTotal,ExactDecimals)", FMT_2,
              "1 + 0.02 x B", "barrier_modifier"),
    ScoreLine("GrowthModifier", "Growth modifier",
              "=ROUND(ModifierBase+GrowthWeight*GrowthCorrelation,ExactDecimals)", FMT_2,
              "1 + 0.05 x G", "growth_modifier"),
    ScoreLine("RawScore", "Raw",
              "=ROUND(TaskResistance*EvidenceModifier*BarrierModifier*GrowthModifier,"
              "ExactDecimals)", FMT_4, "TR x evidence x barrier x growth modifiers", "raw"),
    ScoreLine("Score", "JobZone Score",
              "=ROUND(ROUND((RawScore-RawFloor)/RawRange*ScoreScale,ExactDecimals),"
              "ScoreDecimals)", FMT_1, "ROUND((raw - 0.54) / 7.93 x 100, 1)", "score"),
    ScoreLine("Zone", "Zone", "=INDEX(ZoneNames,MATCH(TRUE,ZoneFires,0))", FMT_TEXT,
              "first row of the zone table that fires (Rules)", "zone"),
    ScoreLine("ShareScoring3Plus", "Share of task time scoring 3+",
              '=ROUND(SUMIF(TaskScores,">="&HighAutomationScore,TaskShares),ExactDecimals)',
              FMT_PERCENT_2, "time share of tasks with score >= 3", "share_scoring_3_plus"),
    ScoreLine("SubLabel", "Sub-label", "=INDEX(SubLabelNames,MATCH(TRUE,SubLabelFires,0))",
              FMT_TEXT, "first row of the sub-label table that fires (Rules)", "sub_label"),
    ScoreLine("OverrideValid", "Override valid",
              "=IFERROR(AND(OverrideZone<>\"\",LEN(SUBSTITUTE(OverrideReason,\" \",\"\"))>0,"
              "ABS(MATCH(OverrideZone,ZoneNames,0)-MATCH(Zone,ZoneNames,0))=OverrideSteps,"
              "ROUND(ABS(Score-INDEX(ZoneMins,MIN(MATCH(OverrideZone,ZoneNames,0),"
              "MATCH(Zone,ZoneNames,0)))),ExactDecimals)<=OverrideRange),FALSE)",
              "General", "within OverrideSteps zones and OverrideRange points of the threshold "
              "crossed (Rules), with a reason",
              "override_valid"),
    ScoreLine("FinalZone", "Final zone", "=IF(OverrideValid,OverrideZone,Zone)", FMT_TEXT,
              "the override when valid, else the zone", "final_zone"),
    ScoreLine("ShareDisplacement", "Displacement share",
              "=ROUND(SUMIF(TaskLabels,LabelDisplacement,TaskShares),ExactDecimals)",
              FMT_PERCENT_2, "time share labelled DISPLACEMENT", "label_split.displacement"),
    ScoreLine("ShareAugmentation", "Augmentation share",
              "=ROUND(SUMIF(TaskLabels,LabelAugmentation,TaskShares),ExactDecimals)",
              FMT_PERCENT_2, "time share labelled AUGMENTATION", "label_split.augmentation"),
    ScoreLine("ShareNotInvolved", "Not involved share",
              "=ROUND(SUMIF(TaskLabels,LabelNotInvolved,TaskShares),ExactDecimals)",
              FMT_PERCENT_2, "time share labelled NOT INVOLVED", "label_split.not_involved"),
    ScoreLine("ProtectiveTotal", "Protective total", "=SUM(PrincipleScores)", FMT_INT,
              "sum of the three principles", "protective_total"),
    ScoreLine("QuickScreen", "Quick screen",
              "=INDEX(QuickScreenResults,MATCH(TRUE,QuickScreenFires,0))", FMT_TEXT,
              "first row of the quick-screen table that fires (Rules)", "quick_screen"),
    ScoreLine("SharesTotal", "Time shares total", "=ROUND(SUM(TaskShares),ExactDecimals)",
              FMT_PERCENT_2, "must be exactly 100%", "shares_total"),
    ScoreLine("SharesBalanced", "Check: shares sum to 100%",
              "=SharesTotal=SharesRequiredTotal", "General",
              "TRUE when the task time shares sum to exactly 100%", ""),
)
SCORE_LINE_ROW = {line.name: FIRST_ROW + index for index, line in enumerate(SCORE_LINES)}
SCORE_VALUE_COLUMN = "B"
SCORE_HOW_COLUMN = "C"
# Time by automation score: the chart's data, below the score lines, a row per score of
# the ruleset's task scale (`RulesTables.task_scores`).
DISTRIBUTION_HEADER_ROW = FIRST_ROW + len(SCORE_LINES) + 2
DISTRIBUTION_FIRST_ROW = DISTRIBUTION_HEADER_ROW + 1
MAX_TASK_SCORES = MAX_SCALE_POINTS  # the widest task scale a ruleset file may have


def distribution_rows(tables: RulesTables) -> list[tuple[int, int]]:
    """(row, automation score) of each row of the Score sheet's distribution."""
    low, high = tables.task_scores
    return [(DISTRIBUTION_FIRST_ROW + offset, score)
            for offset, score in enumerate(range(low, high + 1))]


def tables_of(workbook: Any) -> RulesTables:
    """A workbook's ruleset-dependent layout: the decision tables its defined names place
    (`decision_tables_of`) and the task scale its Score sheet's distribution rows list
    (consecutive whole numbers in column A; the default when they are not a scale the
    builder writes, and the integrity check then reports the formulas that differ)."""
    tables = decision_tables_of(workbook)
    cells = getattr(workbook[SCORE], "_cells", {}) if SCORE in workbook.sheetnames else {}
    scores: list[int] = []
    for row in range(DISTRIBUTION_FIRST_ROW, DISTRIBUTION_FIRST_ROW + MAX_TASK_SCORES + 1):
        found = cells.get((row, 1))
        value = getattr(found, "value", None)
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a program that stores 1 as 1.0
        if type(value) is not int or (scores and value != scores[-1] + 1):
            break
        scores.append(value)
    if not 2 <= len(scores) <= MAX_TASK_SCORES or (scores[0], scores[-1]) == tables.task_scores:
        return tables
    found_tables = rules_tables(*tables.capacities, (scores[0], scores[-1]))
    return DEFAULT_TABLES if found_tables == DEFAULT_TABLES else found_tables


# --- Defined names of the inputs --------------------------------------------------------
def input_names() -> dict[str, str]:
    """Defined name -> absolute reference, for every input the formulas read."""
    tc = TASK_COLUMNS
    names = {
        "JobTitle": absolute(ROLE, ROLE_VALUE_COLUMN, ROLE_FIELDS[0].row),
        "Seniority": absolute(ROLE, ROLE_VALUE_COLUMN, ROLE_FIELDS[1].row),
        "TaskNames": absolute(TASKS, tc.name, TASK_FIRST_ROW, TASK_LAST_ROW),
        "TaskShares": absolute(TASKS, tc.time_share, TASK_FIRST_ROW, TASK_LAST_ROW),
        "TaskScores": absolute(TASKS, tc.score, TASK_FIRST_ROW, TASK_LAST_ROW),
        "TaskWeighted": absolute(TASKS, tc.weighted, TASK_FIRST_ROW, TASK_LAST_ROW),
        "TaskLabels": absolute(TASKS, tc.label, TASK_FIRST_ROW, TASK_LAST_ROW),
        "OverrideZone": absolute(OVERRIDE, OVERRIDE_VALUE_COLUMN, OVERRIDE_ZONE_ROW),
        "OverrideReason": absolute(OVERRIDE, OVERRIDE_VALUE_COLUMN, OVERRIDE_REASON_ROW),
    }
    for block in (PRINCIPLES_BLOCK, EVIDENCE_BLOCK, BARRIERS_BLOCK):
        names[block.scores_name] = absolute(
            block.sheet, block.score_column, block.first_row, block.last_row)
    names[GROWTH_BLOCK.scores_name] = absolute(
        GROWTH_BLOCK.sheet, GROWTH_BLOCK.score_column, GROWTH_BLOCK.first_row)
    return names


def result_names() -> dict[str, str]:
    return {line.name: absolute(SCORE, SCORE_VALUE_COLUMN, SCORE_LINE_ROW[line.name])
            for line in SCORE_LINES}


def defined_names(tables: RulesTables = DEFAULT_TABLES) -> dict[str, str]:
    """Every workbook-scoped defined name of the canonical workbook (its Rules sheet's
    decision tables placed as `tables`)."""
    return {**input_names(), **rules_names(tables), **result_names()}


def result_cell(name: str) -> tuple[str, str]:
    """(sheet, cell) of a named result on the Score sheet."""
    return SCORE, cell(SCORE_VALUE_COLUMN, SCORE_LINE_ROW[name])


def column_letter(index: int) -> str:
    return get_column_letter(index)
