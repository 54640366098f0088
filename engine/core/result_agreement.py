"""Field-by-field agreement of two Results (native and the workbook's own formulas).

Every field is compared exactly (Decimals by value, so 85 and 85.00 agree), except
`override_problem`: only the native evaluator can say *why* an override is invalid,
so that field agrees when both sides say "valid or absent" (None) or both say
"invalid" (any text). The rule is stated once here, so no caller compares the text.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from jobzone.engine.core.result import LabelSplit, Result

EXPLAINED_ONLY_NATIVELY = frozenset({"override_problem"})


@dataclass(frozen=True)
class FieldDifference:
    field: str  # dotted for nested fields: "label_split.displacement", "weighted[2]"
    native: Any
    other: Any

    def __str__(self) -> str:
        return f"{self.field}: native {self.native!r}, workbook {self.other!r}"


def _flatten(result: Result) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for item in fields(result):
        value = getattr(result, item.name)
        if isinstance(value, LabelSplit):
            for part in fields(value):
                flat[f"{item.name}.{part.name}"] = getattr(value, part.name)
        elif item.name in EXPLAINED_ONLY_NATIVELY:
            flat[item.name] = "valid or absent" if value is None else "invalid"
        else:
            flat[item.name] = value
    return flat


def result_differences(native: Result, other: Result) -> list[FieldDifference]:
    """Every field where the two results differ (none when they agree)."""
    differences = []
    theirs = _flatten(other)
    for name, mine in _flatten(native).items():
        value = theirs[name]
        if name == "weighted" and len(mine) == len(value):
            differences += [FieldDifference(f"weighted[{i}]", a, b)
                            for i, (a, b) in enumerate(zip(mine, value, strict=True)) if a != b]
        elif type(mine) is not type(value) or mine != value:
            differences.append(FieldDifference(name, mine, value))
    return differences
