"""The pandera schemas: one per input table of the canonical workbook.

Columns hold cell values as they are (object dtype), so one lazy pass reports a
formula, a blank, text or a fraction in a number cell and an out-of-range score
together. Each check owns one concern and passes values another check owns (a
range check passes text, which the type check reports), so every problem is
reported once. Checks are named by their code (`jobzone.schemas.codes`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
import pandera.pandas as pa

from jobzone.engine.core.ruleset import Ruleset, Scale, Scales
from jobzone.schemas.codes import SCHEMA_CODES
from jobzone.workbooks import layout as L

HUNDREDTH = Decimal("0.01")
JOB_TITLE_ROW = L.ROLE_FIELDS[0].row

__all__ = ["SCHEMA_CODES", "InputFormula", "is_number", "rated_schema", "rated_schemas",
           "scale_of", "task_schema"]


@dataclass(frozen=True)
class InputFormula:
    """A formula found in an input cell; only the JZ103 check fails on it."""

    text: str


def is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _typed(value: Any) -> bool:
    """Does the value belong to the type and range checks (not blank, not a formula)?"""
    return not is_blank(value) and not isinstance(value, InputFormula)


def _check(code: str, fn: Callable[[Any], Any], element_wise: bool = True,
           ignore_na: bool | None = None) -> pa.Check:
    """A check named by its code. Frame-wide checks see blank cells too (pandera would
    otherwise drop rows whose values are all blank before the check runs)."""
    return pa.Check(fn, element_wise=element_wise,
                    ignore_na=element_wise if ignore_na is None else ignore_na,
                    name=code, error=f"{code}: {SCHEMA_CODES[code]}")


# A batch frame (`jobzone.schemas.batch`) holds many workbooks' rows, each indexed by
# file * BATCH_ROW_SPAN + row: one integer, which pandera reports as it is (it
# reports a MultiIndex entry as text). Excel's last row is 2**20, so 2**21 keeps
# every row of every file apart.
BATCH_INDEX = "file_row"
BATCH_ROW_SPAN = 2**21


def file_rows(frame: pd.DataFrame) -> list[tuple[int, int]]:
    """(file, Excel row) of each row of the frame; file 0 for a single workbook's frame.

    A bulk check validates a batch of workbooks in one pandera pass per table
    (`jobzone.schemas.batch`), their rows joined under one index. A check of the whole frame
    (unique task names, shares summing to 100 %, the override's reason) is a check
    of one workbook, so it keeps each file's rows apart by this.
    """
    if frame.index.name != BATCH_INDEX:
        return [(0, row) for row in frame.index]
    return [divmod(int(key), BATCH_ROW_SPAN) for key in frame.index]


NOT_FORMULA = _check("JZ103", lambda v: not isinstance(v, InputFormula))
REQUIRED = _check("JZ104", lambda v: not is_blank(v), ignore_na=False)
NUMBER = _check("JZ105", lambda v: not _typed(v) or is_number(v))
WHOLE = _check("JZ105", lambda v: not _typed(v) or (is_number(v) and v == int(v)))


def _in_scale(code: str, scale: Scale) -> pa.Check:
    """A range check named `CODE:low..high`, so its failure says which scale (the
    ruleset's) the value is outside of (`scale_of`)."""
    low, high = scale
    shown = f"{low}..{high:+}" if low < 0 else f"{low}..{high}"  # -2..+2, 1..5
    return pa.Check(lambda v: not is_number(v) or low <= v <= high, element_wise=True,
                    ignore_na=True, name=f"{code}:{shown}",
                    error=f"{code}: {SCHEMA_CODES[code]} ({shown})")


_SCALE_SHOWN = re.compile(r"\((-?\d+\.\.[-+]?\d+)\)$")


def scale_of(check: str) -> str:
    """The scale a range check's failure names ("1..5" of "JZ204: ... (1..5)", the
    check's error text, which pandera reports as the failure's check), or ""."""
    found = _SCALE_SHOWN.search(check)
    return found.group(1) if found else ""


def _share_ok(value: Any) -> bool:
    """A percentage 0..100 with at most two decimals (a fraction with at most four)."""
    if not is_number(value):
        return True
    share = Decimal(value) if not isinstance(value, float) else Decimal(repr(value))
    return share.is_finite() and 0 <= share <= 100 and share == share.quantize(HUNDREDTH)


def _column(*checks: pa.Check) -> pa.Column:
    return pa.Column(object, list(checks), nullable=True, required=True)


def _text_column() -> pa.Column:
    return _column(NOT_FORMULA)


def _names(frame: pd.DataFrame) -> pd.Series:
    return frame["name"].map(lambda v: "" if not isinstance(v, str) else v.strip())


def _unique_names(frame: pd.DataFrame) -> pd.Series | bool:
    if "name" not in frame:
        return True  # the missing column is reported on its own (JZ215)
    keys = [(file, name) for (file, _), name in zip(file_rows(frame), _names(frame),
                                                     strict=True)]
    counts = Counter(key for key in keys if key[1])
    return pd.Series([not name or counts[(file, name)] == 1 for file, name in keys],
                     index=frame.index, name="name", dtype=bool)


def _shares_total(shares: list[Any]) -> Decimal | None:
    """The exact sum of the time shares in percent, or None when one is not a number."""
    if not shares or not all(is_number(v) for v in shares):
        return None
    return sum((Decimal(repr(v)) if isinstance(v, float) else Decimal(v) for v in shares),
               Decimal(0))


def _per_file(frame: pd.DataFrame, column: str) -> dict[int, list[Any]]:
    """The column's values of each file of the frame, in row order."""
    values: dict[int, list[Any]] = {}
    for (file, _), value in zip(file_rows(frame), frame[column], strict=True):
        values.setdefault(file, []).append(value)
    return values


@functools.lru_cache(maxsize=8)
def task_schema(rules: Ruleset) -> pa.DataFrameSchema:
    labels = set(rules.labels.all())
    required = rules.constants.shares_required_total * 100

    def sums_to_required(frame: pd.DataFrame) -> bool | pd.Series:
        """One verdict for a workbook; in a batch frame, each file's verdict on its rows."""
        if "time_share" not in frame:
            return True
        verdicts = {file: (total := _shares_total(shares)) is None or total == required
                    for file, shares in _per_file(frame, "time_share").items()}
        if frame.index.name != BATCH_INDEX:
            return verdicts.get(0, True)
        return pd.Series([verdicts[file] for file, _ in file_rows(frame)], index=frame.index,
                         dtype=bool)

    return pa.DataFrameSchema(
        {
            "name": _column(NOT_FORMULA, _check(
                "JZ201", lambda v: isinstance(v, InputFormula) or not is_blank(v),
                ignore_na=False)),
            "time_share": _column(NOT_FORMULA, REQUIRED, NUMBER, _check("JZ203", _share_ok)),
            "score": _column(NOT_FORMULA, REQUIRED, WHOLE, _in_scale("JZ204", rules.scales.task)),
            "label": _column(NOT_FORMULA, _check(
                "JZ205", lambda v: isinstance(v, InputFormula) or v in labels,
                ignore_na=False)),
            "rationale": _text_column(),
        },
        checks=[
            _check("JZ202", _unique_names, element_wise=False),
            _check("JZ206", sums_to_required, element_wise=False),
            _check("JZ207", lambda frame: len(frame) > 0, element_wise=False),
        ],
        name="Tasks",
    )


@functools.lru_cache(maxsize=8)
def rated_schema(code: str, scale: Scale, name: str) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {"name": _text_column(),
         "score": _column(NOT_FORMULA, REQUIRED, WHOLE, _in_scale(code, scale)),
         "rationale": _text_column()},
        name=name,
    )


def rated_schemas(scales: Scales) -> dict[str, pa.DataFrameSchema]:
    """The schema of each rated table (principles, growth, evidence, barriers), on the
    ruleset's scales."""
    return {"principles": rated_schema("JZ208", scales.principle, "Principles"),
            "growth": rated_schema("JZ209", scales.growth, "Growth"),
            "evidence": rated_schema("JZ210", scales.evidence, "Evidence"),
            "barriers": rated_schema("JZ211", scales.barrier, "Barriers")}


def _row_check(frame: pd.DataFrame, row: int, ok: Callable[[Any, int], bool]) -> pd.Series:
    """True everywhere except `row` when its value fails `ok(value, file)`: a failure with
    its cell."""
    return pd.Series([r != row or ok(v, file) for (file, r), v
                      in zip(file_rows(frame), frame["value"], strict=True)],
                     index=frame.index, name="value", dtype=bool)


def _row_values(frame: pd.DataFrame, row: int) -> dict[int, Any]:
    """Each file's value in `row` of a one-column sheet table."""
    return {file: value for (file, r), value in zip(file_rows(frame), frame["value"],
                                                    strict=True) if r == row}


ROLE_SCHEMA = pa.DataFrameSchema(
    {"value": _text_column()},
    checks=[_check("JZ212", lambda f: _row_check(f, JOB_TITLE_ROW, lambda v, _: not is_blank(v)),
                   element_wise=False)],
    name="Role",
)


@functools.lru_cache(maxsize=8)
def override_schema(rules: Ruleset) -> pa.DataFrameSchema:
    zones = set(rules.zone_names())

    # As the workbook's formula reads them: any text but "" is an override zone, and a
    # reason counts when it has a character other than a space.
    def zone_known(frame: pd.DataFrame) -> pd.Series:
        return _row_check(frame, L.OVERRIDE_ZONE_ROW,
                          lambda v, _: v in (None, "") or isinstance(v, InputFormula)
                          or str(v) in zones)

    def reason_given(frame: pd.DataFrame) -> pd.Series:
        zones_given = _row_values(frame, L.OVERRIDE_ZONE_ROW)
        return _row_check(frame, L.OVERRIDE_REASON_ROW,
                          lambda v, file: zones_given.get(file) in (None, "")
                          or str(v or "").replace(" ", "") != "")

    return pa.DataFrameSchema(
        {"value": _text_column()},
        checks=[_check("JZ213", zone_known, element_wise=False),
                _check("JZ214", reason_given, element_wise=False)],
        name="Override",
    )


NOTES_SCHEMA = pa.DataFrameSchema({"title": _text_column(), "text": _text_column()},
                                  name="Notes")
