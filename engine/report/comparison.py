"""A portfolio under a scenario against itself as it is: the comparison every report
format shows (`jobzone report --scenario FILE`).

A zone transition matrix (how many roles of each final zone end in each final zone),
the roles that move (zone, sub-label or score) ranked by how far, and the roles the
scenario could not apply to, with why. Pure: built from the rows alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobzone.engine.report.rows import Portfolio, RoleRow


@dataclass(frozen=True)
class Mover:
    row: RoleRow
    before: float
    after: float
    zone_before: str
    zone_after: str
    sub_label_before: str
    sub_label_after: str

    @property
    def delta(self) -> float:
        return round(self.after - self.before, 1)


@dataclass(frozen=True)
class Comparison:
    scenario: str
    zones: tuple[str, ...]
    matrix: dict[tuple[str, str], int]  # (final zone before, after) -> roles
    movers: tuple[Mover, ...]  # every role whose score changed, the largest change first
    refused: tuple[tuple[RoleRow, str], ...]
    compared: int  # scored roles the scenario applied to

    @property
    def zone_changes(self) -> int:
        return sum(n for (a, b), n in self.matrix.items() if a != b)

    @property
    def sub_label_changes(self) -> int:
        return sum(m.sub_label_before != m.sub_label_after for m in self.movers)


def compare(p: Portfolio) -> Comparison | None:
    if p.scenario is None:
        return None
    zones = tuple(zone for zone, _ in p.zone_floors)
    matrix = {(a, b): 0 for a in zones for b in zones}
    movers, refused, compared = [], [], 0
    for row in p.rows:
        outcome = row.scenario
        if outcome is None or row.score is None:
            continue
        if outcome.refused is not None:
            refused.append((row, outcome.refused))
            continue
        compared += 1
        before_zone, after_zone = str(row.final_zone), str(outcome.final_zone)
        matrix[(before_zone, after_zone)] = matrix.get((before_zone, after_zone), 0) + 1
        if outcome.score != row.score or outcome.sub_label != row.sub_label:
            movers.append(Mover(row, float(row.score), float(outcome.score or 0.0),
                                before_zone, after_zone, str(row.sub_label),
                                str(outcome.sub_label)))
    movers.sort(key=lambda m: (-abs(m.delta), m.row.number))
    return Comparison(p.scenario, zones, matrix, tuple(movers), tuple(refused), compared)
