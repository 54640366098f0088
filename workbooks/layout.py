"""The canonical workbook's layout, declared once.

Sheet names, header rows, input cells, result cells and defined names all live
here. The builder, the reader, the schemas, the formula evaluator and the
importers derive every address from these declarations, so moving a cell is a
one-line change that every part follows.

Sheets are grouped as spreadsheet modellers expect (FAST): inputs (Role ...
Override), workings and presentation (Score), control (Rules), and the narrative
(Notes). Every table has its title in row 1, headers in row 3 and data from row 4.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

TITLE_ROW = 1
HEADER_ROW = 3
FIRST_ROW = 4

ROLE = "Role"
PRINCIPLES = "Principles"
TASKS = "Tasks"
EVIDENCE = "Evidence"
BARRIERS = "Barriers"
OVERRIDE = "Override"
SCORE = "Score"
RULES = "Rules"
NOTES = "Notes"
SHEET_ORDER = (ROLE, PRINCIPLES, TASKS, EVIDENCE, BARRIERS, OVERRIDE, SCORE, RULES, NOTES)
INPUT_SHEETS = (ROLE, PRINCIPLES, TASKS, EVIDENCE, BARRIERS, OVERRIDE, NOTES)


def cell(column: str, row: int) -> str:
    return f"{column}{row}"


def absolute(sheet: str, column: str, row: int, last_row: int | None = None) -> str:
    """An absolute reference for a defined name (`Tasks!$B$4:$B$53`)."""
    ref = f"{sheet}!${column}${row}"
    return ref if last_row is None else f"{ref}:${column}${last_row}"


# --- Role ---------------------------------------------------------------------
@dataclass(frozen=True)
class RoleField:
    attribute: str  # field of engine.model.Role
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
              "General", "one step, within 5.0 points of the threshold crossed, with a reason",
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
              "sum of the three principles (0-9)", "protective_total"),
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
# Time by automation score: the chart's data, below the score lines.
DISTRIBUTION_HEADER_ROW = FIRST_ROW + len(SCORE_LINES) + 2
DISTRIBUTION_FIRST_ROW = DISTRIBUTION_HEADER_ROW + 1


# --- Rules: constants, vocabulary and the three decision tables ---------------------------
@dataclass(frozen=True)
class RuleConstant:
    name: str  # defined name
    attribute: str  # field of engine.ruleset.Constants
    meaning: str


RULE_CONSTANTS = (
    RuleConstant("TaskResistanceBase", "task_resistance_base", "TR = base - W"),
    RuleConstant("ModifierBase", "modifier_base", "each modifier = base + weight x total"),
    RuleConstant("EvidenceWeight", "evidence_weight", "evidence modifier weight per point"),
    RuleConstant("BarrierWeight", "barrier_weight", "barrier modifier weight per point"),
    RuleConstant("GrowthWeight", "growth_weight", "growth modifier weight per point"),
    RuleConstant("RawFloor", "raw_floor", "raw score that normalises to 0"),
    RuleConstant("RawRange", "raw_range", "raw span that normalises to 100"),
    RuleConstant("ScoreScale", "score_scale", "score scale"),
    RuleConstant("ScoreDecimals", "score_decimals", "decimals the score is rounded to"),
    RuleConstant("ExactDecimals", "exact_decimals",
                 "every intermediate is an exact decimal with at most this many places"),
    RuleConstant("HighAutomationScore", "high_automation_score",
                 "a task scoring at least this counts toward the share scoring 3+"),
    RuleConstant("SharesRequiredTotal", "shares_required_total", "time shares must sum to this"),
    RuleConstant("OverrideRange", "override_range",
                 "an override needs the score within this many points of the threshold"),
    RuleConstant("OverrideSteps", "override_steps", "an override moves exactly this many zones"),
)
RULES_NAME_ROW = 2  # A2 "Ruleset", B2 the ruleset's name (defined name RulesetName)
CONSTANTS_HEADER_ROW = HEADER_ROW
CONSTANTS_FIRST_ROW = FIRST_ROW
CONSTANT_ROW = {c.name: CONSTANTS_FIRST_ROW + i for i, c in enumerate(RULE_CONSTANTS)}

LABEL_NAMES = (
    ("LabelDisplacement", "displacement"),
    ("LabelAugmentation", "augmentation"),
    ("LabelNotInvolved", "not_involved"),
)
LABELS_HEADER_ROW = CONSTANTS_FIRST_ROW + len(RULE_CONSTANTS) + 1
LABELS_FIRST_ROW = LABELS_HEADER_ROW + 1
LABEL_ROW = {name: LABELS_FIRST_ROW + i for i, (name, _) in enumerate(LABEL_NAMES)}


@dataclass(frozen=True)
class DecisionTable:
    """A first-match decision table on the Rules sheet.

    `columns` maps each field to its column; rows beyond the ruleset's own are left
    blank as room for an analyst's revisions and never fire.
    """

    key: str
    title: str
    header_row: int
    capacity: int
    columns: tuple[tuple[str, str, str], ...]  # (field, column, header)
    fires_column: str
    result_column: str
    result_name: str  # defined name of the result column
    fires_name: str  # defined name of the fires? column

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        return self.first_row + self.capacity - 1

    def rows(self) -> range:
        return range(self.first_row, self.last_row + 1)

    def column(self, field: str) -> str:
        for name, column, _ in self.columns:
            if name == field:
                return column
        raise KeyError(field)


ZONE_TABLE = DecisionTable(
    "zones", "Zones (first row that fires wins; compared on the rounded score)",
    LABELS_FIRST_ROW + len(LABEL_NAMES) + 2, 5,
    (("zone", "A", "Zone"), ("min_score", "B", "Min score")),
    fires_column="C", result_column="A", result_name="ZoneNames", fires_name="ZoneFires",
)
ZONE_MINS_NAME = "ZoneMins"
SUB_LABEL_TABLE = DecisionTable(
    "sub_labels", "Sub-label (first row that fires wins)",
    ZONE_TABLE.last_row + 3, 12,
    (("zone", "A", "Zone"), ("share_low", "B", "Share 3+ min"),
     ("share_high", "C", "Share 3+ max"), ("growth_low", "D", "Growth min"),
     ("growth_high", "E", "Growth max"), ("sub_label", "F", "Sub-label")),
    fires_column="G", result_column="F", result_name="SubLabelNames",
    fires_name="SubLabelFires",
)
QUICK_SCREEN_TABLE = DecisionTable(
    "quick_screen", "Quick screen (advisory; first row that fires wins)",
    SUB_LABEL_TABLE.last_row + 3, 8,
    (("protective_low", "A", "Protective min"), ("protective_high", "B", "Protective max"),
     ("growth_low", "C", "Growth min"), ("growth_high", "D", "Growth max"),
     ("result", "E", "Result")),
    fires_column="F", result_column="E", result_name="QuickScreenResults",
    fires_name="QuickScreenFires",
)
DECISION_TABLES = (ZONE_TABLE, SUB_LABEL_TABLE, QUICK_SCREEN_TABLE)


def zone_fires_formula(row: int) -> str:
    t = ZONE_TABLE
    z, m = t.column("zone"), t.column("min_score")
    return f'=AND({z}{row}<>"",OR({m}{row}="",Score>={m}{row}))'


def _within(value: str, low: str, high: str) -> str:
    return f'OR({low}="",{value}>={low}),OR({high}="",{value}<={high})'


def sub_label_fires_formula(row: int) -> str:
    t = SUB_LABEL_TABLE
    c = {name: f"{t.column(name)}{row}" for name, _, _ in t.columns}
    return (f'=AND({c["sub_label"]}<>"",Zone={c["zone"]},'
            f'{_within("ShareScoring3Plus", c["share_low"], c["share_high"])},'
            f'{_within("GrowthCorrelation", c["growth_low"], c["growth_high"])})')


def quick_screen_fires_formula(row: int) -> str:
    t = QUICK_SCREEN_TABLE
    c = {name: f"{t.column(name)}{row}" for name, _, _ in t.columns}
    return (f'=AND({c["result"]}<>"",'
            f'{_within("ProtectiveTotal", c["protective_low"], c["protective_high"])},'
            f'{_within("GrowthCorrelation", c["growth_low"], c["growth_high"])})')


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


def rules_names() -> dict[str, str]:
    names = {"RulesetName": absolute(RULES, "B", RULES_NAME_ROW)}
    for constant in RULE_CONSTANTS:
        names[constant.name] = absolute(RULES, "B", CONSTANT_ROW[constant.name])
    for name, _ in LABEL_NAMES:
        names[name] = absolute(RULES, "B", LABEL_ROW[name])
    for table in DECISION_TABLES:
        names[table.result_name] = absolute(
            RULES, table.result_column, table.first_row, table.last_row)
        names[table.fires_name] = absolute(
            RULES, table.fires_column, table.first_row, table.last_row)
    names[ZONE_MINS_NAME] = absolute(
        RULES, ZONE_TABLE.column("min_score"), ZONE_TABLE.first_row, ZONE_TABLE.last_row)
    return names


def result_names() -> dict[str, str]:
    return {line.name: absolute(SCORE, SCORE_VALUE_COLUMN, SCORE_LINE_ROW[line.name])
            for line in SCORE_LINES}


def defined_names() -> dict[str, str]:
    """Every workbook-scoped defined name of the canonical workbook."""
    return {**input_names(), **rules_names(), **result_names()}


def result_cell(name: str) -> tuple[str, str]:
    """(sheet, cell) of a named result on the Score sheet."""
    return SCORE, cell(SCORE_VALUE_COLUMN, SCORE_LINE_ROW[name])


def column_letter(index: int) -> str:
    return get_column_letter(index)
