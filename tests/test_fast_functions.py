"""The faster SUMIF gives exactly formulas' own SUMIF result, whatever the range and criterion."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

CELLS = st.one_of(
    st.just("EMPTY"), st.just(""), st.integers(-3, 6), st.floats(-5, 5, allow_nan=False),
    st.sampled_from(["3", "4.5", "abc", "DISPLACEMENT", "displacement", "a*", "1/1/2020",
                     " ", "TRUE", "#N/A"]),
    st.booleans(), st.just("ERROR"))
CRITERIA = st.one_of(
    st.integers(-3, 6), st.floats(-5, 5, allow_nan=False), st.booleans(),
    st.sampled_from([">=3", ">=" + "0.4", "<3", "<>3", "=3", "3", "", "=", "<>", "<a", ">=a",
                     "DISPLACEMENT", "dis*", "?", "~*", "*", "TRUE", "#N/A", ">=1/1/2020",
                     "abc", " ", ">= 3"]))


def _cell(value: Any) -> Any:
    import schedula as sh
    from formulas.tokens.operand import Error

    if value == "EMPTY":
        return sh.EMPTY
    if value == "ERROR":
        return Error.errors["#VALUE!"]
    return value


def _same(a: Any, b: Any) -> bool:
    def cells(value: Any) -> list[tuple[type, str]]:
        return [(type(x), str(x)) for x in np.asarray(value, dtype=object).ravel().tolist()]

    return cells(a) == cells(b)


@given(st.lists(st.tuples(CELLS, st.floats(0, 1, allow_nan=False)), min_size=1, max_size=8),
       CRITERIA, st.booleans(), st.booleans())
def test_fast_sumif_equals_formulas_sumif(rows: list[tuple[Any, float]], criterion: Any,
                                          as_column: bool, with_sum_range: bool) -> None:
    from formulas.functions.math import FUNCTIONS

    from jobzone.engine.recalc.functions.sumif import fast_functions

    shape = (len(rows), 1) if as_column else (1, len(rows))
    tests = np.array([_cell(v) for v, _ in rows], dtype=object).reshape(shape)
    sums = np.array([s for _, s in rows], dtype=object).reshape(shape) if with_sum_range \
        else None
    expected = FUNCTIONS["SUMIF"](tests, criterion, sums)
    got = fast_functions()["SUMIF"](tests, criterion, sums)
    assert _same(expected, got), (tests.ravel().tolist(), criterion, expected, got)
