"""Which ruleset a workbook is checked under: the one it declares, when jobzone knows it.

A workbook records on its Rules sheet the ruleset it was made under (name, version and
content hash). An organisation with its own revised method keeps workbooks of both
revisions side by side, so one run must score each under its own ruleset, not all under
the command's default. Three rulesets matter for one workbook:

- the ruleset it is *scored* under: the one a user forced (`--rules`), else the one it
  declares when that name is known here, else the default;
- the ruleset its Rules sheet is *compared* with (drift): the declared one when known
  (a forced ruleset of another name says nothing about what the sheet should hold);
- what it declared, for the findings: an unknown name, a forced ruleset other than the
  declared one, or a file revised since the workbook was made (same name, other hash).

Pure: rulesets and the declaration in, the choice out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jobzone.engine.core.ruleset import AIJRI_1, Ruleset


@dataclass(frozen=True)
class Declared:
    """What a workbook's Rules sheet says it was made under (blank cells read as "").

    A name that is not plain text (blank, a number, a formula) declares nothing: the
    workbook is checked under the default, and its name cell is drift like any other."""

    name: str
    version: str = ""
    digest: str = ""

    def describe(self) -> str:
        """The declaration in words, each part cut short (cells hold 32,767 characters)."""
        parts = [_short(self.name) or "(no name)"]
        if self.version:
            parts.append(_short(self.version))
        if self.digest:
            parts.append(f"({self.digest})")
        return " ".join(parts)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class RulesetChoice:
    scored: Ruleset  # native evaluation, validation and the method's rules
    reference: Ruleset  # what the Rules sheet must hold
    unknown: bool = False  # the declared name is not a ruleset jobzone knows here
    forced_other: bool = False  # scored under a forced ruleset of another name
    revised: bool = False  # known name, but the file's hash differs from the declared one


def known_rulesets(default: Ruleset, extra: Sequence[Ruleset] = ()) -> tuple[Ruleset, ...]:
    """Every ruleset a run knows by name, first wins: the default, the configured ones,
    then the built-ins."""
    found: dict[str, Ruleset] = {}
    for rules in (default, *extra, AIJRI_1):
        found.setdefault(rules.name, rules)
    return tuple(found.values())


def choose(declared: Declared | None, default: Ruleset, known: Sequence[Ruleset] = (),
           follow_workbook: bool = True) -> RulesetChoice:
    """The choice for one workbook; `declared` None: it has no Rules sheet to read.

    `follow_workbook` False is a forced ruleset (`--rules`): every workbook is scored
    under `default`, and only its drift reference still follows the declaration.
    """
    if declared is None or not declared.name:
        return RulesetChoice(default, default)
    by_name = {rules.name: rules for rules in known_rulesets(default, known)}
    named = by_name.get(declared.name)
    if not follow_workbook:
        if declared.name == default.name:
            named = default
        scored = default
    else:
        scored = named or default
    revised = bool(named is not None and declared.digest and named.digest
                   and declared.digest != named.digest)
    # An unknown name is compared with the ruleset it is scored under: renaming a sheet's
    # ruleset must never switch its drift check off (its edited rules stay JZ320 errors).
    return RulesetChoice(scored, named if named is not None else scored,
                         unknown=named is None,
                         forced_other=not follow_workbook and declared.name != default.name,
                         revised=revised)
