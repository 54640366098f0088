"""Text functions keep Excel's 32,767-character limit, so no formula can build a huge string."""

from __future__ import annotations

import pytest

from jobzone.engine.recalc.compile import compile_formula_set
from jobzone.engine.recalc.formula_set import FormulaSet
from tests.memory_budget import peak_rss_grows_less_than

DOUBLINGS = 40  # 2**40 characters without the limit


def values(*formulas: str) -> list[object]:
    """Each formula's value, compiled alone on a sheet S (A1, A2, ...)."""
    cells = tuple(("S", f"A{row}", text) for row, text in enumerate(formulas, start=1))
    model = compile_formula_set(FormulaSet(("S",), cells, ()))
    evaluated = model.evaluate([])
    return [evaluated.values[("S", f"A{row}")] for row in range(1, len(formulas) + 1)]


@pytest.mark.parametrize(("formula", "value"), [
    ('=REPT("ab",3)', "ababab"),
    ('=LEN(REPT("x",32767))', 32767),
    ('=REPT("x",32768)', "#VALUE!"),
    ('=REPT("x",1000000000)', "#VALUE!"),
    ('=REPT("x",-1)', "#VALUE!"),
    ('="a"&"b"&1', "ab1"),
    ('=REPT("x",20000)&REPT("y",20000)', "#VALUE!"),
    ('=SUBSTITUTE("banana","a","o")', "bonono"),
    ('=SUBSTITUTE("banana","a","o",2)', "banona"),
    ('=SUBSTITUTE("abc","","zz")', "abc"),  # Excel leaves the text alone
    ('=SUBSTITUTE(REPT("a",30000),"a",REPT("b",30000))', "#VALUE!"),
    ('=REPLACE("abcdef",2,3,"X")', "aXef"),
    ('=CONCATENATE("a","b","c")', "abc"),
    ('=CONCATENATE(REPT("a",30000),REPT("b",30000))', "#VALUE!"),
    ('=TEXTJOIN("-",TRUE,"a","b")', "a-b"),
    ('=TEXTJOIN("-",TRUE,REPT("a",20000),REPT("b",20000))', "#VALUE!"),
])
def test_text_functions(formula: str, value: object) -> None:
    assert values(formula) == [value]


def test_a_doubling_chain_stops_at_the_limit_without_using_memory() -> None:
    chain = ['="x"', *[f"=A{row}&A{row}" for row in range(1, DOUBLINGS)]]
    with peak_rss_grows_less_than(200 * 1024):
        result = values(*chain)
    # A15 holds 2**14 characters; A16 would hold 2**15 = 32,768, one past the limit
    assert result[14] == "x" * 2**14 and result[15] == "#VALUE!" and result[-1] == "#VALUE!"
