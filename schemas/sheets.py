"""The schemas themselves: one per input block, built from the ruleset's vocabulary.

Each check carries a stable code in its name (`JZ2xx`), so a failure maps to a
finding without parsing messages. Codes are documented here, next to the check.
"""

from __future__ import annotations

from decimal import Decimal

import pandera.pandas as pa

from engine.ruleset import (
    BARRIER_SCALE,
    EVIDENCE_SCALE,
    GROWTH_SCALE,
    PRINCIPLE_SCALE,
    TASK_SCALE,
    Ruleset,
)

HUNDREDTH = Decimal("0.01")

# code -> what it means; `jobzone rules` lists these.
SCHEMA_CODES = {
    "JZ201": "task name is empty",
    "JZ202": "task name is not unique",
    "JZ203": "time share is negative, above 100% or has more than two decimals (percent)",
    "JZ204": "task score outside 1..5",
    "JZ205": "task label is not AUGMENTATION, DISPLACEMENT or NOT INVOLVED",
    "JZ206": "task time shares do not sum to exactly 100%",
    "JZ207": "no tasks",
    "JZ208": "protective principle score outside 0..3",
    "JZ209": "AI growth correlation outside -2..+2",
    "JZ210": "evidence score outside -2..+2",
    "JZ211": "barrier score outside 0..2",
}


def _check(code: str, fn, element_wise: bool = True) -> pa.Check:  # type: ignore[no-untyped-def]
    return pa.Check(fn, element_wise=element_wise, name=code,
                    error=f"{code}: {SCHEMA_CODES[code]}")


def _scale(code: str, scale: tuple[int, int]) -> pa.Check:
    low, high = scale
    return _check(code, lambda v: low <= v <= high)


def _share_ok(value: Decimal) -> bool:
    return (isinstance(value, Decimal) and value.is_finite()
            and Decimal(0) <= value <= Decimal(100) and value == value.quantize(HUNDREDTH))


def task_schema(rules: Ruleset) -> pa.DataFrameSchema:
    labels = set(rules.labels.all())
    required = rules.constants.shares_required_total * 100
    return pa.DataFrameSchema(
        {
            "name": pa.Column(object, [_check("JZ201", lambda v: bool(str(v).strip()))]),
            "time_share": pa.Column(object, [_check("JZ203", _share_ok)]),
            "score": pa.Column("int64", [_scale("JZ204", TASK_SCALE)]),
            "label": pa.Column(object, [_check("JZ205", lambda v: v in labels)]),
        },
        checks=[
            _check("JZ202", lambda df: ~df["name"].str.strip().duplicated(keep=False)
                   | (df["name"].str.strip() == ""), element_wise=False),
            _check("JZ206", lambda df: sum(df["time_share"], Decimal(0)) == required,
                   element_wise=False),
            _check("JZ207", lambda df: len(df) > 0, element_wise=False),
        ],
        name="Tasks",
    )


def rated_schema(code: str, scale: tuple[int, int], name: str) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {"name": pa.Column(object), "score": pa.Column("int64", [_scale(code, scale)])},
        name=name,
    )


PRINCIPLES_SCHEMA = rated_schema("JZ208", PRINCIPLE_SCALE, "Principles")
GROWTH_SCHEMA = rated_schema("JZ209", GROWTH_SCALE, "Growth")
EVIDENCE_SCHEMA = rated_schema("JZ210", EVIDENCE_SCALE, "Evidence")
BARRIERS_SCHEMA = rated_schema("JZ211", BARRIER_SCALE, "Barriers")
