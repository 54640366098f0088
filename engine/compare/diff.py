"""What changed between two versions of an assessment, and what it did to the result.

Inputs are matched by what they are (`task[2].score`), not by where they sit, so a task
that moved a row is one change of address, not a deletion and an addition; each change
is named by its cell in the new version (or the old one, for what was removed).
Formulas are compared cell by cell. The effect is every intermediate of the method
whose value changed, then the result (score, zone, sub-label, final zone).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from jobzone.engine.compare.versions import Version
from jobzone.engine.core.result import Result

RESULT_LINE = ("score", "zone", "sub_label", "final_zone")


@dataclass(frozen=True)
class InputChange:
    sheet: str
    cell: str
    field: str
    old: Any
    new: Any
    old_cell: str | None = None  # where it was, when the row moved


@dataclass(frozen=True)
class FormulaChange:
    sheet: str
    cell: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class EffectChange:
    name: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Diff:
    old: Version
    new: Version
    inputs: tuple[InputChange, ...]
    formulas: tuple[FormulaChange, ...]
    effects: tuple[EffectChange, ...]  # every intermediate that changed

    @property
    def unchanged(self) -> bool:
        return not (self.inputs or self.formulas or self.effects) and (
            (self.old.result is None) == (self.new.result is None))


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    return bool(a == b)


def diff(old: Version, new: Version) -> Diff:
    before = {c.field: c for c in old.cells}
    after = {c.field: c for c in new.cells}
    inputs = []
    for cell in new.cells:
        was = before.get(cell.field)
        if was is None:
            inputs.append(InputChange(cell.sheet, cell.cell, cell.field, None, cell.value))
        elif not _same(was.value, cell.value):  # a value that only moved row is no change
            inputs.append(InputChange(cell.sheet, cell.cell, cell.field, was.value, cell.value,
                                      was.cell if was.cell != cell.cell else None))
    for cell in old.cells:
        if cell.field not in after and cell.value not in (None, ""):
            inputs.append(InputChange(cell.sheet, cell.cell, cell.field, cell.value, None))
    formulas = []
    if old.formulas is not None and new.formulas is not None:
        for key in sorted(set(old.formulas) | set(new.formulas)):
            a, b = old.formulas.get(key), new.formulas.get(key)
            if a != b:
                formulas.append(FormulaChange(key[0], key[1], _or_value(a, old, key),
                                              _or_value(b, new, key)))
    return Diff(old, new, tuple(inputs), tuple(formulas), _effects(old.result, new.result))


def _or_value(formula: str | None, version: Version, key: tuple[str, str]) -> str | None:
    """The formula, or what was typed over it ("value 55")."""
    if formula is not None or key not in version.overwritten:
        return formula
    return f"value {version.overwritten[key]!r}"


def _effects(old: Result | None, new: Result | None) -> tuple[EffectChange, ...]:
    if old is None or new is None:
        return ()
    changes = []
    for f in fields(Result):
        a, b = getattr(old, f.name), getattr(new, f.name)
        if not _same(_plain(a), _plain(b)):
            changes.append(EffectChange(f.name, a, b))
    return tuple(changes)
