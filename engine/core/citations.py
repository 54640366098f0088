"""Citations in an assessment's text, and whether they still hold.

Write-ups cite other roles with their scores ("LLM Engineer (AIJRI 69.2)", "NOT an MLOps
Engineer (... — scored 42.6 Yellow Urgent)", "between MLOps (42.6) and DevOps (10.7)")
and the role's own figures ("85% of task time scoring 3+", "6.8 points below the Green
threshold", "Protective 1 + Correlation 2", "the 2.65 Task Resistance", "The 41.2
score"). When a figure changes, the sentence goes stale. This module finds both kinds
of citation and says which no longer match; matching a cited title to a role tolerates
how titles are written (case, punctuation, "Eng." for "Engineer", "Engineering",
seniority in parentheses) and says when a title names more than one role. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from jobzone.engine.core.result import Result

ZONES = ("Green", "Yellow", "Red")
_TITLE_WORD = r"[A-Z][\w/&+.'-]*"
# The parenthesis and score every citation of another role holds: found by a search
# that jumps from "(" to "(", it rules a text out before the title words are tried
# at every capital letter (7x the time, over texts that mostly cite nobody).
_PAREN_SCORE = (r"\((?:[^()]*?(?:—|–|-)\s*)?(?:AIJRI\s+|scored\s+|JobZone\s+)?"
                r"(?P<score>\d{1,3}\.\d)")
_CITES_A_SCORE = re.compile(_PAREN_SCORE)
_OTHER_ROLE = re.compile(
    rf"(?P<title>(?:{_TITLE_WORD}\s+){{0,4}}{_TITLE_WORD})\s*{_PAREN_SCORE}"
    r"(?:\s+(?P<zone>Green|Yellow|Red)(?:\s+\(?(?P<label>Accelerated|Transforming|Stable|"
    r"Urgent|Moderate)\)?)?)?\s*\)")
_STOP = {"NOT", "A", "AN", "THE", "AND", "OR", "BUT", "IF", "TO", "OF", "AS"}
_SENIORITY = re.compile(r"\((?:junior|mid|mid-level|senior|lead|principal|staff|entry|"
                        r"entry-level)[^)]*\)", re.I)
_ABBREVIATIONS = {"eng": "engineer", "engr": "engineer", "engineering": "engineer",
                  "mgr": "manager", "mgmt": "management", "dev": "developer",
                  "sr": "senior", "jr": "junior", "assoc": "associate"}


@dataclass(frozen=True)
class Citation:
    """A score cited for another role: the title as written and what was cited."""

    title: str
    score: Decimal
    zone: str | None
    label: str | None
    text: str  # the citation as written


@dataclass(frozen=True)
class OwnFigure:
    """A sentence citing the role's own figure that no longer matches its computation."""

    what: str
    cited: str
    actual: str
    text: str


def normalise_title(title: str) -> str:
    """`Senior ML Eng. (Senior)` and `ml engineer` alike: case, punctuation, seniority in
    parentheses and the usual abbreviations folded away."""
    text = _SENIORITY.sub(" ", title)
    words = re.findall(r"[a-z0-9]+(?:/[a-z0-9]+)?", text.casefold())
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def other_role_citations(text: str) -> list[Citation]:
    found: list[Citation] = []
    if not _CITES_A_SCORE.search(text):  # a match holds one: none, no citation
        return found
    for match in _OTHER_ROLE.finditer(text):
        words = match["title"].split()
        while words and words[0].upper() in _STOP:
            words.pop(0)
        if not words:
            continue
        found.append(Citation(" ".join(words), Decimal(match["score"]), match["zone"],
                              match["label"], match.group(0)))
    return found


def match_title(cited: str, titles: Iterable[str]) -> list[str]:
    """The roles a cited title names: an exact match after normalising, else every role
    whose title begins with the cited words ("MLOps" for "MLOps Engineer")."""
    wanted = normalise_title(cited)
    if not wanted:
        return []
    by_key: dict[str, list[str]] = {}
    for title in titles:
        by_key.setdefault(normalise_title(title), []).append(title)
    if wanted in by_key:
        return by_key[wanted]
    return [t for key, group in by_key.items() for t in group
            if key.startswith(wanted + " ")]


def _d(text: str) -> Decimal:
    return Decimal(text.replace("+", ""))


_Check = Callable[[re.Match[str], Result], tuple[bool, str]] | None
# Each pattern of a figure the role cites of itself, what it cites, and how it is
# checked. Each pattern runs only over texts holding its key words (`_KEYS`).
_OWN: Sequence[tuple[re.Pattern[str], str, _Check]]
_OWN = (
    (re.compile(r"(?P<n>\d{1,3}(?:\.\d+)?)% of task time scor(?:es|ing) 3\+"),
     "share of task time scoring 3+",
     lambda m, r: (_d(m["n"]) == r.share_scoring_3_plus,
                   f"{r.share_scoring_3_plus.normalize():f}%")),
    (re.compile(r"(?P<n>\d{1,3}(?:\.\d)?) points (?P<side>below|above) the "
                r"(?P<zone>Green|Yellow|Red) threshold"),
     "distance to a threshold", None),  # needs the ruleset's thresholds: see own_figures
    (re.compile(r"Protective (?P<p>\d+) \+ Correlation (?P<g>[+-]?\d+)"),
     "protective total and growth correlation",
     lambda m, r: (int(m["p"]) == r.protective_total and int(m["g"]) == r.growth_correlation,
                   f"Protective {r.protective_total} + Correlation {r.growth_correlation}")),
    (re.compile(r"(?:\bthe |\()(?P<n>\d\.\d{2}) Task Resistance|task resistance "
                r"\((?P<m>\d\.\d{2})\)", re.I),
     "task resistance",
     lambda m, r: (_d(m["n"] or m["m"]) == r.task_resistance,
                   f"{r.task_resistance.normalize():f}")),
    (re.compile(r"\bThe (?P<n>\d{1,3}\.\d) score\b"), "score",
     lambda m, r: (_d(m["n"]) == r.score, f"{r.score:f}")),
    (re.compile(r"(?P<n>[+-]\d+) Evidence score"), "evidence total",
     lambda m, r: (int(m["n"]) == r.evidence_total, f"{r.evidence_total:+d}")),
    (re.compile(r"(?P<n>[+-]\d+) Growth Correlation"), "growth correlation",
     lambda m, r: (int(m["n"]) == r.growth_correlation, f"{r.growth_correlation:+d}")),
)


# A part of each of `_OWN`'s patterns that every match of it holds, with the pattern's
# own flags: a text without it holds no match, and the search for it (led by words,
# which a fast scan finds) costs a tenth of the pattern's own, which starts at every
# digit.
_KEYS = tuple(re.compile(key, pattern.flags) for key, (pattern, _, _) in zip(
    (r"% of task time scor", r"points (?:below|above) the ", r"Protective \d",
     r"task resistance", r"The \d", r" Evidence score", r" Growth Correlation"),
    _OWN, strict=True))


def own_figures(text: str, result: Result, thresholds: dict[str, Decimal]) -> list[OwnFigure]:
    """Each sentence of `text` citing one of the role's own figures that no longer matches
    `result` (`thresholds`: each zone's lowest score)."""
    stale = []
    for (pattern, what, check), key in zip(_OWN, _KEYS, strict=True):
        if not key.search(text):
            continue
        for match in pattern.finditer(text):
            if check is None:
                zone = match["zone"]
                if zone not in thresholds:
                    continue
                distance = result.score - thresholds[zone]
                cited = _d(match["n"]) * (-1 if match["side"] == "below" else 1)
                ok = cited == distance
                side = "below" if distance < 0 else "above"
                actual = f"{abs(distance).normalize():f} points {side} the {zone} threshold"
            else:
                ok, actual = check(match, result)
            if not ok:
                stale.append(OwnFigure(what, match.group(0), actual, match.group(0)))
    return stale
