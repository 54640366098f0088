"""Text functions for `formulas` that keep Excel's 32,767-character limit on a cell's text.

Excel answers `#VALUE!` when a text result would be longer than 32,767 characters.
`formulas` builds it: `REPT("x", 1e9)` allocates a gigabyte, a chain of cells each
doubling the one before (`=D1&D1`) exhausts memory in thirty steps, and
`SUBSTITUTE(t, "", u)` inserts `u` between every character (Excel returns `t`).
Each function here computes the result's length *before* building it and gives
`#VALUE!` past the limit, so a hostile formula costs at most a few cells of
32,767 characters. `install` puts them in `formulas`' registries, wrapped the way
`formulas` wraps its own, so only the size check changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

MAX_TEXT = 32_767


def _too_long() -> Any:
    from formulas.functions import Error

    return Error.errors["#VALUE!"]


def _joined(parts: Iterable[str], separator: str = "") -> Any:
    """`separator.join(parts)`, or #VALUE! as soon as the total would pass the limit."""
    out: list[str] = []
    total = 0
    for part in parts:
        total += len(part) + (len(separator) if out else 0)
        if total > MAX_TEXT:
            return _too_long()
        out.append(part)
    return separator.join(out)


def concat_operator(left: str, right: str) -> Any:
    """The `&` operator."""
    return _too_long() if len(left) + len(right) > MAX_TEXT else left + right


def rept(text: Any, times: Any) -> Any:
    from formulas.functions import replace_empty
    from formulas.functions.text import _str

    text = _str(text)
    count = int(float(replace_empty(times)))
    if count < 0 or len(text) * count > MAX_TEXT:
        return _too_long()
    return text * count


def substitute(text: Any, old: Any, new: Any, instance: Any = None) -> Any:
    from formulas.functions.text import _str, xsubstitute

    text, old, new = _str(text), _str(old), _str(new)
    if old == "":
        return text  # Excel leaves the text as it is
    if instance is None:
        grown = len(text) + text.count(old) * (len(new) - len(old))
        return _too_long() if grown > MAX_TEXT else text.replace(old, new)
    if len(text) + len(new) > MAX_TEXT:  # one instance replaced: at most this long
        return _too_long()
    return xsubstitute(text, old, new, instance)


def replace(text: Any, start: Any, count: Any, new: Any) -> Any:
    from formulas.functions.text import _str, xreplace

    if len(_str(text)) + len(_str(new)) > MAX_TEXT:
        return _too_long()
    return xreplace(text, start, count, new)


def concat(text: Any, *args: Any) -> Any:
    from formulas.functions import flatten, is_not_empty, raise_errors
    from formulas.functions.text import _str

    items = list(flatten((text, *args), is_not_empty))
    raise_errors(items)
    return _joined(map(_str, items))


def textjoin(delimiter: Any, ignore_empty: Any, text: Any, *args: Any) -> Any:
    from formulas.functions import flatten, is_not_empty, raise_errors, replace_empty
    from formulas.functions.text import _str

    raise_errors(delimiter, ignore_empty, text, *args)
    if ignore_empty:
        items: Iterable[Any] = flatten((text, *args), is_not_empty)
    else:
        items = (replace_empty(v, "") for v in flatten((text, *args), None))
    return _joined(map(_str, items), _str(next(flatten(delimiter, None))))


def install() -> None:
    """Register the capped functions and the `&` operator with `formulas`; idempotent."""
    from formulas import get_functions
    from formulas.functions import operators as formulas_operators
    from formulas.functions import replace_empty, wrap_func, wrap_ufunc
    from formulas.functions.text import _kw0, _str

    registry = get_functions()
    registry["REPT"] = wrap_ufunc(rept, **_kw0)
    registry["REPLACE"] = registry["REPLACEB"] = wrap_ufunc(replace, **_kw0)
    registry["SUBSTITUTE"] = wrap_ufunc(
        substitute, input_parser=lambda *a: a,
        args_parser=lambda *a: (replace_empty(v, "") for v in a))
    registry["CONCAT"] = registry["_XLFN.CONCAT"] = wrap_func(concat)
    registry["CONCATENATE"] = registry["_XLFN.CONCATENATE"] = wrap_ufunc(concat, **_kw0)
    registry["TEXTJOIN"] = registry["_XLFN.TEXTJOIN"] = wrap_func(textjoin)
    formulas_operators.OPERATORS["&"] = wrap_ufunc(
        concat_operator, input_parser=lambda *a: map(_str, a),
        args_parser=lambda *a: (replace_empty(v, "") for v in a))
