"""Every finding code of jobzone: one registry for `jobzone rules` and SARIF.

Each stage declares its rules beside its checks (`RULES` in each check module,
`SAFETY_RULES` for hostile input, `IMPORT_RULES` for `jobzone import`); this
module only collects them and proves no code is declared twice. The reading
codes are raised by `jobzone.workbooks.reader` (which knows nothing of severities), so
their documentation lives here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from jobzone.engine.core.findings import Finding, Rule, Severity

ERROR = Severity.error
READ_RULES = (
    Rule("JZ000", ERROR, "internal error while checking",
         "jobzone itself failed on this file; the file was not checked. Please report it "
         "with the file if you can share it.", None),
    Rule("JZ001", ERROR, "workbook error", "A problem reading or writing a workbook.", None),
    Rule("JZ002", ERROR, "not a canonical .xlsx workbook",
         "Legacy formats (.xls, .ods, .csv, write-ups) are converted, never checked in place.",
         "convert it with `jobzone import`"),
    Rule("JZ003", ERROR, "file not found or unreadable",
         "The path does not exist (or vanished during the run), is a directory, or cannot "
         "be read.", None),
    Rule("JZ004", ERROR, "not a readable .xlsx file",
         "The file is empty, is not a zip archive, is truncated, or its contents are not a "
         "workbook.", "re-save it from Excel or LibreOffice as .xlsx"),
    Rule("JZ005", ERROR, "encrypted or legacy binary workbook",
         "An OLE2 file: a password-protected workbook or a legacy .xls.",
         "remove the password (File > Info > Protect Workbook), or use `jobzone import`"),
    Rule("JZ101", ERROR, "input cannot be read", "An input cell could not be read.", None),
    Rule("JZ102", ERROR, "sheet missing or renamed",
         "Every sheet of the canonical workbook must be present under its own name; "
         "inputs, results and rules are found by sheet name.",
         "restore the sheet's name, or rebuild the workbook with `jobzone new`"),
)


@functools.cache
def all_rules() -> dict[str, Rule]:
    """Code -> Rule for every code, in code order."""
    from jobzone.engine.check.stages import (
        agreement,
        calculation_mode,
        integrity,
        method_rules,
        rules_drift,
    )
    from jobzone.engine.recalc import evaluator as formula_eval
    from jobzone.schemas.codes import SCHEMA_RULES
    from jobzone.workbooks.guard.codes import SAFETY_RULES
    from jobzone.workbooks.legacy.codes import IMPORT_RULES

    rules: list[Rule] = [*READ_RULES, *SAFETY_RULES, *SCHEMA_RULES, *calculation_mode.RULES,
                         *integrity.RULES, *rules_drift.RULES, *formula_eval.RULES,
                         *agreement.RULES,
                         *IMPORT_RULES, *method_rules.RULES]
    codes = [rule.code for rule in rules]
    duplicated = sorted({code for code in codes if codes.count(code) > 1})
    if duplicated:
        raise ValueError(f"finding codes declared twice: {', '.join(duplicated)}")
    return {rule.code: rule for rule in sorted(rules, key=lambda rule: rule.code)}


def severity_of(code: str) -> Severity:
    rule = all_rules().get(code)
    return rule.severity if rule is not None else ERROR


def fix_of(code: str) -> str | None:
    rule = all_rules().get(code)
    return rule.fix if rule is not None else None


def unknown_codes(prefixes: Iterable[str]) -> list[str]:
    """The --select/--ignore entries that match no code (a typo would silently match none)."""
    codes = all_rules()
    return [p for p in prefixes if not any(code.startswith(p.upper()) for code in codes)]


def selected(finding: Finding, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> bool:
    """ruff-style selection: a code or a prefix (`JZ2` selects every schema code)."""
    code = finding.code
    chosen = not select or any(code.startswith(p.upper()) for p in select)
    return chosen and not any(code.startswith(p.upper()) for p in ignore)
