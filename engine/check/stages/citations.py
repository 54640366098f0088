"""Stale citations: sentences whose figures no longer match (JZ620-JZ622).

Each file's own check finds the sentences citing the role's own figures that no longer
match its computation (JZ621), at the cell holding the text. A run over a portfolio
(`jobzone check` of several files, `jobzone report`) then matches the scores a file
cites for other roles against those roles as they score now (JZ620), and says when a
cited title names more than one role (JZ622). The texts are the role fields, the
override reason and the Notes sheet's narrative (`jobzone.engine.core.citations`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from jobzone.engine.core.citations import Citation, match_title, other_role_citations, own_figures
from jobzone.engine.core.findings import Finding, Rule, Severity
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.result import Result
from jobzone.engine.core.ruleset import Ruleset
from jobzone.workbooks import layout as L

STALE_OTHER = Rule(
    "JZ620", Severity.warning, "a cited role now scores differently",
    "The text cites another role of the portfolio with a score, zone or sub-label that role "
    "no longer has: the sentence went stale when that role was re-scored.",
    "update the sentence to the role's current score (jobzone report lists every citation)")
STALE_OWN = Rule(
    "JZ621", Severity.warning, "the text cites a figure of this role that no longer holds",
    "A sentence cites one of the role's own figures (share of task time scoring 3+, distance "
    "to a threshold, protective total, task resistance, the score) and the computation now "
    "gives another value.",
    "update the sentence, or the inputs, so the two agree")
AMBIGUOUS = Rule(
    "JZ622", Severity.info, "a cited title names more than one role",
    "A citation's title matches several roles of the portfolio (after folding case, "
    "punctuation, abbreviations and seniority), so it was not checked.",
    "cite the role by its full title")
RULES = (STALE_OTHER, STALE_OWN, AMBIGUOUS)


@dataclass(frozen=True)
class CitedAt:
    """A citation of another role, with the cell that holds it."""

    sheet: str
    cell: str
    citation: Citation


def texts(a: Assessment) -> list[tuple[str, str, str]]:
    """(sheet, cell, text) of every free text that may cite figures."""
    out = [(L.ROLE, f"{L.ROLE_VALUE_COLUMN}{f.row}", getattr(a.role, f.attribute))
           for f in L.ROLE_FIELDS]
    out.append((L.OVERRIDE, f"{L.OVERRIDE_VALUE_COLUMN}{L.OVERRIDE_REASON_ROW}",
                a.override.reason))
    out += [(L.NOTES, f"{L.NOTES_TEXT_COLUMN}{L.NOTES_FIRST_ROW + i}", section.text)
            for i, section in enumerate(a.narrative)]
    return [(sheet, cell, text) for sheet, cell, text in out if text]


def own_citations(file: str, a: Assessment, r: Result, rules: Ruleset) -> list[Finding]:
    thresholds = {z.zone: z.min_score for z in rules.zones if z.min_score is not None}
    findings = []
    for sheet, cell, text in texts(a):
        for stale in own_figures(text, r, thresholds):
            findings.append(STALE_OWN.finding(
                file, sheet, cell, f"the text says {stale.cited!r}, but the {stale.what} is "
                f"now {stale.actual}"))
    return findings


def cited_roles(a: Assessment) -> tuple[CitedAt, ...]:
    return tuple(CitedAt(sheet, cell, c) for sheet, cell, text in texts(a)
                 for c in other_role_citations(text))


@dataclass(frozen=True)
class Scored:
    """A role of the portfolio as it scores now, and what it cites."""

    file: str
    title: str
    score: Decimal
    final_zone: str
    sub_label: str
    cites: tuple[CitedAt, ...]


def portfolio_citations(roles: Sequence[Scored]) -> dict[str, list[Finding]]:
    """Per file, the citations of other roles of the portfolio that went stale."""
    by_title: dict[str, list[Scored]] = {}
    for role in roles:
        by_title.setdefault(role.title, []).append(role)
    found: dict[str, list[Finding]] = {}
    for role in roles:
        for at in role.cites:
            titles = [t for t in match_title(at.citation.title, by_title) if t != role.title]
            if not titles:
                continue
            targets = [r for t in titles for r in by_title[t]]
            if len(targets) > 1:
                names = ", ".join(f"{r.title} ({r.file})" for r in targets[:4])
                found.setdefault(role.file, []).append(AMBIGUOUS.finding(
                    role.file, at.sheet, at.cell, f"{at.citation.text!r} could be any of "
                    f"{names}; not checked"))
                continue
            finding = _stale(role.file, at, targets[0])
            if finding is not None:
                found.setdefault(role.file, []).append(finding)
    return found


def _stale(file: str, at: CitedAt, target: Scored) -> Finding | None:
    c = at.citation
    label_word = target.sub_label.split("(")[-1].rstrip(")") if "(" in target.sub_label else ""
    if (c.score == target.score and (c.zone is None or c.zone == target.final_zone)
            and (c.label is None or c.label == label_word)):
        return None
    now = f"{target.score:f} {target.sub_label}"
    return STALE_OTHER.finding(file, at.sheet, at.cell,
                               f"{c.text!r} cites {target.title}, which now scores {now} "
                               f"({target.file})")


def roles_of(entries: Iterable[tuple[str, Assessment | None, Result | None]]
             ) -> list[Scored]:
    return [Scored(file, a.role.job_title, r.score, r.final_zone, r.sub_label, cited_roles(a))
            for file, a, r in entries if a is not None and r is not None]
