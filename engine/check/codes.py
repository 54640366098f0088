"""Every finding code of jobzone: one registry, as ruff's `codes.rs` is.

Codes come in families, each raised and declared by one package (`FAMILIES`, below):
a code's meaning is found where it is raised (`RULES` beside each check), and this
module only collects them, says which package owns each family, and proves no code is
declared twice or outside its family (tests/test_check_codes.py).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from jobzone.engine.core.findings import Finding, Rule, Severity

ERROR = Severity.error
CHECK_RULES = (
    Rule("JZ000", ERROR, "internal error while checking",
         "jobzone itself failed on this file; the file was not checked. Please report it "
         "with the file if you can share it.", None),
    Rule("JZ008", ERROR, "a path names no workbook to check",
         "A directory holds no .xlsx/.xlsm workbook, a pattern matches none, or a symlink "
         "leads out of the directory being searched (never followed). Nothing was checked "
         "for this path, so the run exits 2.",
         "Name workbooks, a directory that holds them, or a pattern that matches them; "
         "convert legacy files with `jobzone import`."),
)


@dataclass(frozen=True)
class Family:
    """A range of codes, what they are about, and the package that raises and declares them."""

    first: str
    last: str
    about: str
    package: str

    def holds(self, code: str) -> bool:
        return self.first <= code <= self.last


FAMILIES = (
    Family("JZ000", "JZ000", "jobzone itself failed on a file", "jobzone.engine.check"),
    Family("JZ001", "JZ007", "reading a workbook", "jobzone.workbooks"),
    Family("JZ008", "JZ009", "paths on the command line that name nothing to check",
           "jobzone.engine.check"),
    Family("JZ010", "JZ099", "hostile or broken files, refused before parsing",
           "jobzone.workbooks.guard"),
    Family("JZ101", "JZ102", "reading a workbook's sheets and inputs", "jobzone.workbooks"),
    Family("JZ103", "JZ299", "inputs against the schemas", "jobzone.schemas"),
    Family("JZ300", "JZ329", "the workbook against its template and its rules (check stages)",
           "jobzone.engine.check.stages"),
    Family("JZ400", "JZ409", "the workbook's own formulas", "jobzone.engine.recalc"),
    Family("JZ410", "JZ419", "native, formulas and cached values agreeing",
           "jobzone.engine.check.stages"),
    Family("JZ500", "JZ599", "importing legacy sources", "jobzone.workbooks.legacy"),
    Family("JZ600", "JZ629", "the method's own rules and the texts' citations",
           "jobzone.engine.check.stages"),
    Family("JZ630", "JZ639", "a ruleset's decision tables (jobzone ruleset verify)",
           "jobzone.engine.core"),
)


def family_of(code: str) -> Family | None:
    return next((family for family in FAMILIES if family.holds(code)), None)


def declared() -> tuple[tuple[str, tuple[Rule, ...]], ...]:
    """(module that declares them, rules) for every module that declares codes."""
    from jobzone.engine.check.stages import (
        agreement,
        calculation_mode,
        citations,
        declared_ruleset,
        integrity,
        method_rules,
        rules_drift,
    )
    from jobzone.engine.core import ruleset_verify
    from jobzone.engine.recalc import evaluator
    from jobzone.schemas import codes as schema_codes
    from jobzone.workbooks import codes as read_codes
    from jobzone.workbooks.guard import codes as safety_codes
    from jobzone.workbooks.legacy import codes as import_codes

    return ((__name__, CHECK_RULES), (read_codes.__name__, read_codes.READ_RULES),
            (safety_codes.__name__, safety_codes.SAFETY_RULES),
            (schema_codes.__name__, schema_codes.SCHEMA_RULES),
            *((stage.__name__, stage.RULES)
              for stage in (calculation_mode, integrity, rules_drift, declared_ruleset,
                            agreement, method_rules, citations)),
            (evaluator.__name__, evaluator.RULES),
            (ruleset_verify.__name__, ruleset_verify.RULES),
            (import_codes.__name__, import_codes.IMPORT_RULES))


@functools.cache
def all_rules() -> dict[str, Rule]:
    """Code -> Rule for every code, in code order."""
    rules: list[Rule] = [rule for _, declared_rules in declared() for rule in declared_rules]
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
