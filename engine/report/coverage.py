"""Rule coverage over a portfolio: how many roles each decision-table row fired for.

A row that can fire but never does in practice is a different thing from a row that
can never fire at all (`jobzone ruleset verify` names those: JZ631), and an analyst
revising the method wants to see both side by side: coverage counts the row that
decided each scored role (its zone, sub-label and quick-screen row, from the Result)
and marks the rows verification proves dead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jobzone.engine.core.ruleset import Bounds, Ruleset
from jobzone.engine.report.rows import RoleRow

TABLES = (("zones", "Zones"), ("sub_labels", "Sub-labels"), ("quick_screen", "Quick screen"))


@dataclass(frozen=True)
class RuleRow:
    table: str  # zones | sub_labels | quick_screen
    row: int  # 1-based row of its table
    rule: str  # what the row says, in words
    fired: int  # roles of the portfolio this row decided
    can_fire: bool  # False: verification proves no input reaches it


@dataclass(frozen=True)
class Coverage:
    ruleset: str  # name version (hash)
    roles: int  # scored roles under this ruleset
    rows: tuple[RuleRow, ...]


def _bounds(label: str, b: Bounds, percent: bool = False) -> str:
    if b.low is None and b.high is None:
        return ""

    def shown(v: object) -> str:
        return f"{float(v) * 100:g}%" if percent else f"{v}"  # type: ignore[arg-type]

    if b.low is not None and b.high is not None:
        return f"{label} {shown(b.low)}..{shown(b.high)}"
    return f"{label} >= {shown(b.low)}" if b.low is not None else f"{label} <= {shown(b.high)}"


def describe_rows(rules: Ruleset) -> dict[str, list[str]]:
    """Each table's rows in words (what a reader of the report recognises)."""
    zones = [f"{z.zone}: score >= {z.min_score}" if z.min_score is not None
             else f"{z.zone}: any other score" for z in rules.zones]
    subs = [", ".join(filter(None, (s.zone, _bounds("share 3+", s.share_3_plus, True),
                                    _bounds("growth", s.growth)))) + f" -> {s.sub_label}"
            for s in rules.sub_labels]
    quick = [", ".join(filter(None, (_bounds("protective", q.protective),
                                     _bounds("growth", q.growth)))) or "otherwise"
             for q in rules.quick_screen]
    return {"zones": zones, "sub_labels": subs,
            "quick_screen": [f"{w} -> {q.result}" for w, q in zip(quick, rules.quick_screen,
                                                                    strict=True)]}


def coverage(rows: Iterable[RoleRow], rulesets: Sequence[Ruleset]) -> tuple[Coverage, ...]:
    """Coverage of each ruleset some scored role of `rows` was scored under."""
    from jobzone.engine.core.ruleset_verify import SHADOWED, verify

    by_name = {r.name: r for r in rulesets}
    fired: dict[str, Counter[tuple[str, int]]] = {}
    roles: Counter[str] = Counter()
    for row in rows:
        if row.result is None or row.ruleset is None or row.ruleset[0] not in by_name:
            continue
        rules = by_name[row.ruleset[0]]
        counts = fired.setdefault(rules.name, Counter())
        roles[rules.name] += 1
        zone = row.result.get("zone")
        if zone in rules.zone_names():
            counts[("zones", rules.zone_names().index(zone) + 1)] += 1
        for table, key in (("sub_labels", "sub_label_row"),
                           ("quick_screen", "quick_screen_row")):
            if isinstance(row.result.get(key), int):
                counts[(table, row.result[key])] += 1
    found = []
    for name, counts in fired.items():
        rules = by_name[name]
        try:
            dead = {(p.table, p.row) for p in verify(rules) if p.code == SHADOWED.code}
        except (ArithmeticError, ValueError):
            dead = set()
        words = describe_rows(rules)
        found.append(Coverage(
            " ".join(filter(None, (rules.name, rules.version,
                                   f"({rules.digest})" if rules.digest else ""))),
            roles[name],
            tuple(RuleRow(table, n, text, counts[(table, n)], (table, n) not in dead)
                  for table, _ in TABLES for n, text in enumerate(words[table], start=1))))
    return tuple(found)
