"""The Rules sheet's layout: constants, label vocabulary and the three decision tables.

Part of the canonical layout (`jobzone.workbooks.layout` re-exports every name here): each
constant and label is a named cell, each decision table a block of rows with a
"Fires?" formula per row and spare rows that never fire.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from jobzone.workbooks.layout_grid import FIRST_ROW, HEADER_ROW, RULES, absolute


@dataclass(frozen=True)
class RuleConstant:
    name: str  # defined name
    attribute: str  # field of jobzone.engine.core.ruleset.Constants
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
# The ruleset's provenance beside its name: which revision of which file the workbook was
# made under. Plain cells, no defined names: workbooks made before they existed stay
# canonical (their cells are blank and `check` then goes by the name alone).
RULESET_VERSION_LABEL, RULESET_VERSION_CELL = ("C2", "Version"), "D2"
RULESET_HASH_LABEL, RULESET_HASH_CELL = ("E2", "Hash"), "F2"
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


ZONE_COLUMNS = (("zone", "A", "Zone"), ("min_score", "B", "Min score"))
SUB_LABEL_COLUMNS = (("zone", "A", "Zone"), ("share_low", "B", "Share 3+ min"),
                     ("share_high", "C", "Share 3+ max"), ("growth_low", "D", "Growth min"),
                     ("growth_high", "E", "Growth max"), ("sub_label", "F", "Sub-label"))
QUICK_SCREEN_COLUMNS = (("protective_low", "A", "Protective min"),
                        ("protective_high", "B", "Protective max"),
                        ("growth_low", "C", "Growth min"), ("growth_high", "D", "Growth max"),
                        ("result", "E", "Result"))
DEFAULT_CAPACITY = (5, 12, 8)  # rows of the zone, sub-label and quick-screen tables
DEFAULT_TASK_SCORES = (1, 5)  # aijri-1's task scale: the Score sheet's distribution rows


@dataclass(frozen=True)
class RulesTables:
    """The three decision tables of one Rules sheet, placed one below the other.

    A ruleset with more rows than the default capacity gets taller tables (and every
    table below moves down), so the layout is a function of the capacities; a workbook
    says which it has through its defined names (`tables_of`). The one other part of the
    layout a ruleset decides rides along: the Score sheet's time-by-automation-score rows,
    one per score of the ruleset's task scale (`task_scores`, lowest and highest).
    """

    zones: DecisionTable
    sub_labels: DecisionTable
    quick_screen: DecisionTable
    task_scores: tuple[int, int] = DEFAULT_TASK_SCORES

    @property
    def all(self) -> tuple[DecisionTable, DecisionTable, DecisionTable]:
        return (self.zones, self.sub_labels, self.quick_screen)

    @property
    def capacities(self) -> tuple[int, int, int]:
        return (self.zones.capacity, self.sub_labels.capacity, self.quick_screen.capacity)

    def table(self, key: str) -> DecisionTable:
        return next(t for t in self.all if t.key == key)


@functools.lru_cache(maxsize=64)
def rules_tables(zones: int = DEFAULT_CAPACITY[0], sub_labels: int = DEFAULT_CAPACITY[1],
                 quick_screen: int = DEFAULT_CAPACITY[2],
                 task_scores: tuple[int, int] = DEFAULT_TASK_SCORES) -> RulesTables:
    zone = DecisionTable(
        "zones", "Zones (first row that fires wins; compared on the rounded score)",
        LABELS_FIRST_ROW + len(LABEL_NAMES) + 2, zones, ZONE_COLUMNS,
        fires_column="C", result_column="A", result_name="ZoneNames", fires_name="ZoneFires")
    sub = DecisionTable(
        "sub_labels", "Sub-label (first row that fires wins)", zone.last_row + 3, sub_labels,
        SUB_LABEL_COLUMNS, fires_column="G", result_column="F", result_name="SubLabelNames",
        fires_name="SubLabelFires")
    quick = DecisionTable(
        "quick_screen", "Quick screen (advisory; first row that fires wins)",
        sub.last_row + 3, quick_screen, QUICK_SCREEN_COLUMNS, fires_column="F",
        result_column="E", result_name="QuickScreenResults", fires_name="QuickScreenFires")
    return RulesTables(zone, sub, quick, task_scores)


def _capacity(rows: int, default: int) -> int:
    """The default, or the rows rounded up to a multiple of four (spare rows for an
    analyst's revisions, and few distinct layouts, each a formula model to compile)."""
    return default if rows <= default else -(-rows // 4) * 4


def tables_for(zones: int, sub_labels: int, quick_screen: int,
               task_scores: tuple[int, int] = DEFAULT_TASK_SCORES) -> RulesTables:
    """The tables a ruleset of so many rows per table is written in (the builder refuses
    a table past MAX_CAPACITY rows), with its task scale's distribution rows."""
    tables = rules_tables(*(_capacity(n, d) for n, d in zip((zones, sub_labels, quick_screen),
                                                              DEFAULT_CAPACITY, strict=True)),
                          (task_scores[0], task_scores[1]))
    return DEFAULT_TABLES if tables == DEFAULT_TABLES else tables


DEFAULT_TABLES = rules_tables()
ZONE_TABLE = DEFAULT_TABLES.zones
ZONE_MINS_NAME = "ZoneMins"
SUB_LABEL_TABLE = DEFAULT_TABLES.sub_labels
QUICK_SCREEN_TABLE = DEFAULT_TABLES.quick_screen
DECISION_TABLES = DEFAULT_TABLES.all


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


def rules_names(tables: RulesTables = DEFAULT_TABLES) -> dict[str, str]:
    names = {"RulesetName": absolute(RULES, "B", RULES_NAME_ROW)}
    for constant in RULE_CONSTANTS:
        names[constant.name] = absolute(RULES, "B", CONSTANT_ROW[constant.name])
    for name, _ in LABEL_NAMES:
        names[name] = absolute(RULES, "B", LABEL_ROW[name])
    for table in tables.all:
        names[table.result_name] = absolute(
            RULES, table.result_column, table.first_row, table.last_row)
        names[table.fires_name] = absolute(
            RULES, table.fires_column, table.first_row, table.last_row)
    zones = tables.zones
    names[ZONE_MINS_NAME] = absolute(
        RULES, zones.column("min_score"), zones.first_row, zones.last_row)
    return names


_TABLE_NAMES = ("ZoneNames", "SubLabelNames", "QuickScreenResults")
_SPAN = re.compile(r"\$?[A-Z]{1,3}\$?(\d+):\$?[A-Z]{1,3}\$?(\d+)$")
# The tallest table jobzone writes (and so reads back): 64 rows keep a workbook's formulas
# well inside the formula time limit (three tables of 60 rows cost 4.4 s of CPU to evaluate).
MAX_CAPACITY = 64


def decision_tables_of(workbook: Any) -> RulesTables:
    """The decision tables a workbook's defined names place: its Rules sheet's layout
    (`jobzone.workbooks.layout.tables_of` adds the Score sheet's distribution rows).

    The default layout when a name is missing, malformed, or the names do not describe
    a layout the builder writes (then the integrity check reports the names).
    """
    spans = []
    for name in _TABLE_NAMES:
        definition = workbook.defined_names.get(name)
        found = _SPAN.search(str(getattr(definition, "attr_text", "")))
        if found is None:
            return DEFAULT_TABLES
        spans.append((int(found.group(1)), int(found.group(2))))
    capacities = [last - first + 1 for first, last in spans]
    if tuple(capacities) == DEFAULT_TABLES.capacities or not all(
            c == _capacity(c, default) and c <= MAX_CAPACITY
            for c, default in zip(capacities, DEFAULT_CAPACITY, strict=True)):
        return DEFAULT_TABLES  # not a layout the builder writes
    tables = rules_tables(*capacities)
    if all(t.first_row == first for t, (first, _) in zip(tables.all, spans, strict=True)):
        return tables
    return DEFAULT_TABLES
