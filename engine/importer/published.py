"""Figures a source published, compared with what the method recomputes.

A legacy file or write-up prints totals and a score ("Total 3.35", "JobZone Score
41.2"). jobzone never trusts them: each is compared with the recomputed value at
the precision it was printed (3.8058 agrees with 3.805824), and a disagreement is
a finding. The comparisons themselves go into the import report, so a reader can
see every intermediate of the source checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from jobzone.engine.core.errors import Location
from jobzone.engine.core.result import Result
from jobzone.engine.core.rounding import spreadsheet_round
from jobzone.engine.core.ruleset import Ruleset
from jobzone.workbooks.legacy.aliases import normalise
from jobzone.workbooks.legacy.draft import Published
from jobzone.workbooks.legacy.values import decimals_of, published_number

NUMBERS: dict[str, Callable[[Result], Decimal | int]] = {
    "weighted_sum": lambda r: r.weighted_sum,
    "task_resistance": lambda r: r.task_resistance,
    "evidence_total": lambda r: r.evidence_total,
    "barrier_total": lambda r: r.barrier_total,
    "protective_total": lambda r: r.protective_total,
    "evidence_modifier": lambda r: r.evidence_modifier,
    "barrier_modifier": lambda r: r.barrier_modifier,
    "growth_modifier": lambda r: r.growth_modifier,
    "raw": lambda r: r.raw,
    "score": lambda r: r.score,
    "share_scoring_3_plus": lambda r: r.share_scoring_3_plus,
    "shares_total": lambda r: r.shares_total,
}
PERCENTS = {"share_scoring_3_plus", "shares_total"}
TEXTS: dict[str, Callable[[Result], str]] = {
    "zone": lambda r: r.zone,
    "sub_label": lambda r: r.sub_label,
    "final_zone": lambda r: r.final_zone,
    "quick_screen": lambda r: r.quick_screen,
}
SPLIT = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*%\s*(?P<label>displacement|augmentation|not involved)",
                   re.IGNORECASE)


@dataclass(frozen=True)
class Comparison:
    key: str
    published: str
    recomputed: str
    agrees: bool
    location: Location

    def to_json(self) -> dict[str, object]:
        return {"figure": self.key, "published": self.published, "recomputed": self.recomputed,
                "agrees": self.agrees, "where": str(self.location)}


def _number(key: str, text: str, value: Decimal | int) -> tuple[str, bool]:
    shown = published_number(text)
    if shown is None:
        return str(value), False
    places = decimals_of(shown)
    recomputed = spreadsheet_round(Decimal(value), places)
    if recomputed == shown:
        return f"{recomputed:f}", True
    if key in PERCENTS and "%" not in text and shown <= 1:
        as_fraction = spreadsheet_round(Decimal(value) / 100, places)
        return f"{as_fraction:f}", as_fraction == shown
    return f"{recomputed:f}", False


def _split(text: str, result: Result) -> tuple[str, bool]:
    split = result.label_split
    values = {"displacement": split.displacement, "augmentation": split.augmentation,
              "not involved": split.not_involved}
    found = [(m["label"].lower(), Decimal(m["n"])) for m in SPLIT.finditer(text)]
    recomputed = ", ".join(f"{v.normalize():f}% {k}" for k, v in values.items())
    agrees = bool(found) and all(
        spreadsheet_round(values[label], decimals_of(n)) == n for label, n in found)
    return recomputed, agrees


def compare(key: str, text: str, result: Result) -> tuple[str, bool] | None:
    """(recomputed as shown, agrees?) for one published figure; None for an unknown key."""
    if key in NUMBERS:
        return _number(key, text, NUMBERS[key](result))
    if key.startswith("weighted:"):
        index = int(key.split(":", 1)[1])
        if index >= len(result.weighted):
            return None
        return _number(key, text, result.weighted[index])
    if key in TEXTS:
        recomputed = TEXTS[key](result)
        wanted, shown = normalise(recomputed), normalise(text)
        agrees = shown.startswith(wanted) if key in ("zone", "final_zone") else wanted in shown
        return recomputed, agrees
    if key == "label_split":
        return _split(text, result)
    return None


def _ruleset(text: str, rules: Ruleset) -> tuple[str, bool]:
    """A write-up's "Ruleset: aijri-1 1.0 (sha256:...)": the name must be the ruleset
    imported under (a source scored under another method is worth a warning)."""
    recomputed = " ".join(part for part in (rules.name, rules.version,
                                            f"({rules.digest})" if rules.digest else "") if part)
    # the name, then at most a version and a hash: "House Method 1.0 (sha256:...)" is not
    # the ruleset "House"
    named = re.fullmatch(rf"{re.escape(rules.name)}(\s+\S+)?(\s+\(sha256:[0-9a-f]+\))?",
                         text.strip())
    return recomputed, named is not None


def compare_published(published: Sequence[Published], result: Result,
                      rules: Ruleset | None = None) -> list[Comparison]:
    """Each published figure against the recomputed one; a published ruleset against
    `rules`, the ruleset imported under (not compared without it)."""
    comparisons = []
    for figure in published:
        outcome = (compare(figure.key, figure.text, result) if figure.key != "ruleset"
                   else _ruleset(figure.text, rules) if rules is not None else None)
        if outcome is not None:
            comparisons.append(Comparison(figure.key, figure.text, outcome[0], outcome[1],
                                          figure.location))
    return comparisons
