"""When two `formulas` values are certainly the same: what stops a recalculation wave.

The incremental executor (`jobzone.engine.recalc.executor`) recalculates a step only when an
input changed, and stops a wave where a step's new output equals its old one; it
memoises steps on the keys of their one-cell arguments. Both need a value's
single element out of `formulas`' wrappers (`Ranges`, `Array`, numpy arrays),
compared by type and value, and "unsure" must mean "different".
"""

from __future__ import annotations

from typing import Any

import numpy as np
import schedula as sh
from formulas.functions import Array
from formulas.ranges import Ranges

NONE = sh.NONE


def _scalar(value: Any) -> tuple[bool, Any]:
    """(True, the single element) of a one-cell formulas value; (False, None) otherwise."""
    kind = type(value)
    if kind is Ranges:
        values, ranges = value.values, value.ranges
        if len(values) != 1 or len(ranges) != 1:
            return False, None
        ((geometry, array),) = values.values()
        if geometry["name"] != ranges[0]["name"]:
            return False, None
        value, kind = array, type(array)
    if kind is Array or kind is np.ndarray or issubclass(kind, np.ndarray):
        return (True, value.flat[0]) if value.size == 1 else (False, None)
    return True, value


def prefill(value: Any) -> Any:
    """Give a one-range Ranges its assembled value now: it is exactly its one stored array.

    `Ranges.value` would find that out by splitting and intersecting ranges on first use
    (most of the cost of assembling the task columns from changed cells).
    """
    if type(value) is Ranges and value._value is NONE and len(value.values) == 1 \
            and len(value.ranges) == 1:
        ((geometry, array),) = value.values.values()
        if geometry["name"] == value.ranges[0]["name"]:
            value._value = array
    return value


def value_key(value: Any) -> Any:
    """A hashable key of a one-cell value (its kind, place, type and item), or None."""
    ok, item = _scalar(value)
    if not ok:
        return None
    place = value.ranges[0]["name"] if isinstance(value, Ranges) else None
    key = (type(value), place, type(item), item)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def same_value(old: Any, new: Any) -> bool:
    """Certainly equal (type and value) for the recalculation to stop; False when unsure."""
    if old is new:
        return True
    if type(old) is not type(new):
        return False
    old_ok, old_item = _scalar(old)
    new_ok, new_item = _scalar(new)
    if not (old_ok and new_ok) or type(old_item) is not type(new_item):
        return False
    if isinstance(old, Ranges) and old.ranges[0]["name"] != new.ranges[0]["name"]:
        return False
    try:
        return bool(old_item == new_item)
    except Exception:  # exotic objects that cannot compare: recalculate
        return False
