"""The ruleset a workbook declares, the one it is checked under, and the Rules sheet verified.

`declaration` reads the name, version and hash the builder writes beside each other on
the Rules sheet; `jobzone.engine.core.ruleset_choice` picks the rulesets from it, and
`choice_findings` says what a reader of the check must know about that choice. The
sheet's own decision tables are verified as `jobzone ruleset verify` verifies a file
(`sheet_verification`), located at the rows of the sheet, so an analyst who edits the
tables in Excel hears of a gap or a dead row from `check`.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from jobzone.engine.core.findings import Finding, Rule, Severity
from jobzone.engine.core.ruleset import Ruleset
from jobzone.engine.core.ruleset_choice import Declared, RulesetChoice
from jobzone.workbooks import layout as L
from jobzone.workbooks.cell_access import peek

UNKNOWN = Rule("JZ321", Severity.warning, "the workbook's ruleset is unknown here",
               "The Rules sheet names a ruleset jobzone was not given, so the workbook is "
               "scored under the default ruleset and its Rules sheet is compared with "
               "that (each rule that differs is a JZ320 error).",
               "pass the ruleset with --rules FILE, or list it under `rulesets` in "
               "[tool.jobzone]")
FORCED_OTHER = Rule("JZ322", Severity.info, "scored under another ruleset than declared",
                    "--rules asked for a ruleset other than the one the workbook was made "
                    "under: the score reported is the requested ruleset's, while the "
                    "workbook's own formulas still compute its declared rules.",
                    "rebuild the workbook under the new ruleset (`jobzone new --rules`)")
REVISED = Rule("JZ323", Severity.info, "the ruleset file was revised since",
               "The workbook records the hash of the ruleset file it was made under; the "
               "file of that name known here has another hash (a comment, the version or "
               "a rule changed). Rule changes show as JZ320 drift.",
               "rebuild the workbook under the current file, or keep the file it was made "
               "under")
RULES = (UNKNOWN, FORCED_OTHER, REVISED)


_DIGEST = re.compile(r"sha256:[0-9a-f]{16}")


def _text(sheet: Any, ref: str) -> str:
    """A plain text cell's text; "" for anything else (a formula, a number, a blank)."""
    cell = peek(sheet, ref)
    value = cell.value
    return value.strip() if isinstance(value, str) and cell.data_type != "f" else ""


def declaration(workbook: Any) -> Declared | None:
    """What the Rules sheet declares; None when the workbook has no Rules sheet. A hash
    cell that does not hold a hash as jobzone writes it declares none."""
    if L.RULES not in workbook.sheetnames:
        return None
    sheet = workbook[L.RULES]
    digest = _text(sheet, L.RULESET_HASH_CELL)
    return Declared(_text(sheet, f"B{L.RULES_NAME_ROW}"), _text(sheet, L.RULESET_VERSION_CELL),
                    digest if _DIGEST.fullmatch(digest) else "")


def choice_findings(file: str, declared: Declared | None, choice: RulesetChoice
                    ) -> list[Finding]:
    if declared is None:
        return []
    name_cell = f"B{L.RULES_NAME_ROW}"
    findings = []
    if choice.unknown and not choice.forced_other:
        findings.append(UNKNOWN.finding(
            file, L.RULES, name_cell, f"the workbook was made under {declared.describe()}, "
            f"which is not a ruleset known here; scored under {choice.scored.name}"))
    if choice.forced_other:
        findings.append(FORCED_OTHER.finding(
            file, L.RULES, name_cell, f"scored under {choice.scored.name} as asked; the "
            f"workbook was made under {declared.describe()} and its formulas compute that"))
    if choice.revised:
        findings.append(REVISED.finding(
            file, L.RULES, L.RULESET_HASH_CELL, f"made under {declared.describe()}; the "
            f"{choice.reference.name} known here is {choice.reference.version} "
            f"({choice.reference.digest})"))
    return findings


def _table_rows(workbook: Any, table: L.DecisionTable) -> list[int]:
    """The sheet rows of the table's non-blank rows, in order: row n of the ruleset
    `read_ruleset` builds is the n-th of these."""
    sheet = workbook[L.RULES]
    return [row for row in table.rows()
            if peek(sheet, f"{table.result_column}{row}").value not in (None, "")]


@functools.lru_cache(maxsize=16)
def _problems(rules: Ruleset) -> tuple[Any, ...]:
    from jobzone.engine.core.ruleset_verify import verify

    try:
        return tuple(verify(rules))
    except (ArithmeticError, ValueError):  # a sheet edited past scoring (a zero range):
        return ()  # drift and the formulas' own findings already say so


def sheet_verification(workbook: Any, file: str, rules: Ruleset) -> list[Finding]:
    """The decision tables of `rules` (the Rules sheet as read) verified over their whole
    input domain; each problem at its row of the sheet (a table-wide one at its header)."""
    from jobzone.engine.check.codes import all_rules

    findings = []
    tables = L.tables_of(workbook)
    for problem in _problems(rules):
        table = (tables.table(problem.table)
                 if problem.table in ("zones", "sub_labels", "quick_screen") else None)
        if table is None:  # the override range: its constant's cell
            cell = f"B{L.CONSTANT_ROW['OverrideRange']}"
        elif problem.row is None:
            cell = f"A{table.header_row}"
        else:
            rows = _table_rows(workbook, table)
            cell = f"A{rows[problem.row - 1] if problem.row <= len(rows) else table.header_row}"
        findings.append(all_rules()[problem.code].finding(
            file, L.RULES, cell, f"{problem.message} (the Rules sheet's {rules.name})"))
    return findings
