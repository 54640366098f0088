"""The codes the input schemas raise, each with its meaning, severity and fix.

Declared here, apart from the pandera checks in `jobzone.schemas.sheets`, so that
`jobzone rules` can list them without importing pandas and pandera. Each check
in `jobzone.schemas.sheets` is named by its code; the two are kept in step by a test.
JZ103-JZ105 are also raised by the reader (`jobzone.workbooks.reader`), which converts
types for `jobzone score`; the schemas report the same problems with the same
codes when `jobzone check` validates the sheets as they are.
"""

from __future__ import annotations

from jobzone.engine.core.findings import Rule, Severity

ERROR, WARNING = Severity.error, Severity.warning

SCHEMA_RULES = (
    Rule("JZ103", ERROR, "input cell holds a formula",
         "Input cells take typed values; a formula there hides the analyst's decision "
         "behind a calculation the method does not know.",
         "type the value itself"),
    Rule("JZ104", ERROR, "a required value is missing",
         "Every non-blank task row needs a time share and a score; every principle, the "
         "growth correlation, each evidence dimension and each barrier needs a score.",
         "fill the cell, or clear the whole task row"),
    Rule("JZ105", ERROR, "wrong type: expected a number",
         "Scores are whole numbers and time shares are percentages; text (or a fraction "
         "where a whole number belongs) cannot be scored.",
         "type a number; time shares as percentages (20%), scores as whole numbers"),
    Rule("JZ200", ERROR, "the sheet does not have the shape the schema expects",
         "A failure of the schema machinery itself (pandera), not of one rule.",
         None),
    Rule("JZ201", ERROR, "task name is empty",
         "A task row with a time share or score must say which task it is.",
         "name the task"),
    Rule("JZ202", ERROR, "task name is not unique",
         "Each task is one row; two rows with one name are a duplicate or a typo.",
         "merge the rows or tell the tasks apart"),
    Rule("JZ203", ERROR, "time share is negative, above 100% or has more than two decimals",
         "A time share is a percentage of working time with at most two decimals "
         "(METHODOLOGY section 1).",
         "type a percentage between 0% and 100% with at most two decimals"),
    Rule("JZ204", ERROR, "task score outside its scale",
         "Task scores run along the ruleset's task scale, in aijri-1 from 1 (irreducibly "
         "human) to 5 (fully automatable); the message names the scale.",
         "choose a score on the scale (the drop-down lists it)"),
    Rule("JZ205", ERROR, "task label is not AUGMENTATION, DISPLACEMENT or NOT INVOLVED",
         "The label split sums time shares per label; any other text falls out of it.",
         "choose a label from the dropdown"),
    Rule("JZ206", ERROR, "task time shares do not sum to exactly 100%",
         "The weighted sum is only meaningful when the shares cover all working time.",
         "adjust the time shares so the total row shows 100.00%"),
    Rule("JZ207", ERROR, "no tasks",
         "The task decomposition is the core of the score; at least one task is needed.",
         "enter the role's tasks on the Tasks sheet"),
    Rule("JZ208", ERROR, "protective principle score outside its scale",
         "In aijri-1: 0..3; the message names the ruleset's scale.",
         "choose a score on the scale"),
    Rule("JZ209", ERROR, "AI growth correlation outside its scale",
         "In aijri-1: -2..2; the message names the ruleset's scale.",
         "choose a score on the scale"),
    Rule("JZ210", ERROR, "evidence score outside its scale",
         "In aijri-1: -2..2; the message names the ruleset's scale.",
         "choose a score on the scale"),
    Rule("JZ211", ERROR, "barrier score outside its scale",
         "In aijri-1: 0..2; the message names the ruleset's scale.",
         "choose a score on the scale"),
    Rule("JZ212", WARNING, "job title is empty",
         "Reports and portfolios list roles by title; an untitled assessment is hard to find.",
         "type the job title on the Role sheet"),
    Rule("JZ213", ERROR, "override zone is not a zone name",
         "The override zone must be one of the Rules sheet's zones (Green, Yellow, Red) "
         "or blank for no override.",
         "choose a zone from the dropdown or clear the cell"),
    Rule("JZ214", ERROR, "override without a reason",
         "An assessor override must say why (METHODOLOGY section 6); without a reason the "
         "workbook ignores it.",
         "give the reason in Override!B5 or clear the override zone"),
    Rule("JZ215", ERROR, "column header missing, renamed or moved",
         "Inputs are read by the layout's columns; a header that is not where the layout "
         "puts it means a column was renamed, inserted or deleted, and values may be read "
         "from the wrong column.",
         "restore the header (and the column's position) of the canonical workbook"),
)
SCHEMA_CODES = {rule.code: rule.title for rule in SCHEMA_RULES}
