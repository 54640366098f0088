"""Compile a workbook's formulas once; evaluate them for any inputs, many times.

`compile_formula_set` builds a `formulas` model from a skeleton workbook holding only a
formula set (`formula_set`), so every cell a formula reads (the Tasks inputs, and the
Rules sheet's constants and tables too) is an *input* of the compiled
model: a workbook with canonical formulas but edited rules values is evaluated
correctly by the one canonical model. `CompiledModelCache` keeps the few models a
run needs (normally one) keyed by fingerprint; it is an explicit, bounded object.

`formulas` is imported only here and in `model_load` (which loads the formula set into a
model), and only when a model is compiled, so the CLI
starts without it.
"""

from __future__ import annotations

import functools
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jobzone.engine.recalc.cycles import cycles
from jobzone.engine.recalc.cycles import precedents as formula_precedents
from jobzone.engine.recalc.formula_set import CellRef, FormulaSet
from jobzone.engine.recalc.model_load import load_set, quiet, unloadable, without

if TYPE_CHECKING:
    from jobzone.engine.recalc.functions.rounding import Implementations

_CELL_NODE = re.compile(r"^'\[[^\]]+\](?P<sheet>.+)'!(?P<cell>\$?[A-Z]{1,3}\$?[0-9]{1,7})$")


@dataclass(frozen=True)
class Evaluated:
    """Every formula cell's value for one set of inputs, as plain Python values."""

    values: dict[CellRef, Any]  # number, text, bool, error text ('#DIV/0!') or None
    errors: dict[CellRef, str]  # cells holding a spreadsheet error value -> its text
    failed: dict[CellRef, str]  # cells formulas could not compute -> why


@dataclass
class CompiledModel:
    """One formula set, compiled: inputs in, every formula cell's value out."""

    fingerprint: str
    inputs: tuple[CellRef, ...] = field(repr=False)
    outputs: tuple[CellRef, ...] = field(repr=False)
    unparsed: dict[CellRef, str]  # formula cells formulas could not parse -> why
    precedents: dict[CellRef, frozenset[CellRef]] = field(repr=False)  # -> formula cells read
    circular: frozenset[CellRef]  # cells on a circular reference
    blocked: frozenset[CellRef]  # no value: circular, or reading a circular cell
    _run: Any = field(repr=False)  # (input values, changed flags | None) -> output values
    _causes: Any = field(repr=False)  # () -> output index -> why that cell has no value
    _last: list[Any] | None = field(default=None, repr=False)
    _last_raw: list[Any] = field(default_factory=list, repr=False)
    _last_plain: list[tuple[Any, bool]] = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def evaluate(self, values: Sequence[Any]) -> Evaluated:
        """Evaluate for the input cells' values, in `inputs` order (see `input_value`)."""
        if len(values) != len(self.inputs):
            raise ValueError(f"{len(self.inputs)} input values needed, got {len(values)}")
        with self._lock:
            last = self._last
            changed = None if last is None else [
                type(old) is not type(new) or old != new
                for old, new in zip(last, values, strict=True)]
            try:
                raw = self._run(values, changed)
            except BaseException:
                self._last = None
                raise
            self._last = list(values)
            causes = self._causes()
            previous, before = self._last_raw, self._last_plain
            plain = [before[i] if previous and value is previous[i] else plain_value(value)
                     for i, value in enumerate(raw)]
            self._last_raw, self._last_plain = list(raw), plain
        computed = {ref: value for ref, (value, _) in zip(self.outputs, plain, strict=True)}
        errors = {ref: value for ref, (value, error) in zip(self.outputs, plain, strict=True)
                  if error}
        computed.update(dict.fromkeys(self.blocked))
        failed = {self.outputs[index]: text for index, text in causes.items()}
        return Evaluated(computed, errors, failed)


def plain_value(value: Any) -> tuple[Any, bool]:
    """(a formulas value as a plain Python one, whether it is a spreadsheet error)."""
    import numpy as np
    import schedula as sh
    from formulas.ranges import Ranges
    from formulas.tokens.operand import XlError

    from jobzone.engine.recalc.executor import FAILED

    if value is FAILED or value is sh.NONE:
        return None, False
    if isinstance(value, Ranges):
        value = value.value
    if isinstance(value, np.ndarray):
        value = value.flat[0] if value.size else None
    if isinstance(value, XlError):
        return str(value), True
    if value is sh.EMPTY:
        return None, False
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | int | float | str) or value is None:
        return value, False
    return str(value), False


def _parse_problems(formula_set: FormulaSet) -> dict[CellRef, str]:
    problems = {}
    for sheet, ref, text in formula_set.formulas:
        body = text[1:].rpartition("}@")[0] if text.startswith("{") else text
        problem = _parse_problem(body)
        if problem is not None:
            problems[(sheet, ref)] = problem
    return problems


@functools.lru_cache(maxsize=4096)
def _parse_problem(body: str) -> str | None:
    """Why formulas cannot parse this formula text (None: it can); by text, once per process."""
    from formulas import Parser

    try:
        Parser().ast(body)
    except Exception as exc:  # formulas raises several types for unparsable text
        return f"{type(exc).__name__}: {exc}"[:200]
    return None


def compile_formula_set(formula_set: FormulaSet, functions: Implementations | None = None,
                        executor: str = "plan") -> CompiledModel:
    """Build, assemble and compile the `formulas` model of a formula set (~1 s cold).

    `functions` replace formulas' own implementations while this model compiles
    (default: the Excel-faithful rounding of `jobzone.engine.recalc.functions.rounding`); the
    result-identical faster SUMIF of `jobzone.engine.recalc.functions.sumif` is always used.
    `executor`
    "plan" runs the flat incremental plan (`jobzone.engine.recalc.executor`); "pipe" calls
    schedula's DispatchPipe every time (the reference the plan is tested against).
    """
    from jobzone.engine.recalc.functions import install as install_overrides
    from jobzone.engine.recalc.functions import rounding as excel_functions

    install_overrides()  # Excel's rounding; text past 32,767 characters is #VALUE!
    chosen = excel_functions.EXCEL_FUNCTIONS if functions is None else functions
    if executor not in ("plan", "pipe"):
        raise ValueError(f"executor is 'plan' or 'pipe', not {executor!r}")
    from jobzone.engine.recalc.functions.sumif import fast_functions

    with excel_functions.registered(chosen, fast_functions()):
        if executor == "plan":
            compiled = _compile(formula_set, executor, shared_cells=chosen)
            if compiled is not None:
                return compiled
        # formulas' pipe runs state kept in each cell: such a model gets cells of its own
        compiled = _compile(formula_set, "pipe" if executor == "pipe" else "plan",
                            shared_cells=None)
        assert compiled is not None
        return compiled


def _compile(formula_set: FormulaSet, executor: str, shared_cells: Implementations | None
             ) -> CompiledModel | None:
    """The compiled model; None when it was built on shared cells
    (`jobzone.engine.recalc.cell_cache`)
    but only formulas' own pipe can run it."""
    unparsed = _parse_problems(formula_set)
    try:
        model = load_set(without(formula_set, unparsed), shared_cells)
    except Exception:  # formulas parsed a formula it then cannot load (=XFD1:Nope!A1)
        culprits = unloadable(without(formula_set, unparsed), shared_cells)
        if not culprits:  # not one formula's fault
            raise
        unparsed |= culprits
        model = load_set(without(formula_set, unparsed), shared_cells)
    titles = {title.upper(): title for title in formula_set.sheets}
    formula_nodes = {node: ref for node in _formula_nodes(model)
                     if (ref := _cell_ref(node, titles)) is not None}
    precedents = formula_precedents(model, formula_nodes)
    circular, blocked = cycles(precedents)
    successors = model.dsp.dmap.succ
    input_nodes = sorted(
        node for node in model.dsp.data_nodes
        if isinstance(node, str) and node not in formula_nodes and successors.get(node)
        and _CELL_NODE.match(node) and _cell_ref(node, titles) is not None)
    output_nodes = sorted(node for node, ref in formula_nodes.items() if ref not in blocked)
    if output_nodes:
        with quiet():
            pipe = model.compile(inputs=input_nodes, outputs=output_nodes)
        run, causes = _runner(pipe, len(output_nodes), executor)
        if shared_cells is not None and getattr(run, "runs_pipe", False):
            return None
    else:
        run, causes = (lambda values, changed: []), dict
    return CompiledModel(
        fingerprint=formula_set.fingerprint,
        inputs=tuple(_cell_ref(node, titles) for node in input_nodes),  # type: ignore[misc]
        outputs=tuple(formula_nodes[node] for node in output_nodes),
        unparsed=unparsed, precedents=precedents, circular=circular, blocked=blocked,
        _run=run, _causes=causes)


def _formula_nodes(model: Any) -> list[str]:
    from formulas.cell import Cell, Ref

    return [node for node, cell in model.cells.items()
            if isinstance(cell, Cell) and not isinstance(cell, Ref) and cell.func is not None]


def _cell_ref(node: str, titles: dict[str, str]) -> CellRef | None:
    match = _CELL_NODE.match(node)
    if match is None or match.group("sheet").upper() not in titles:
        return None
    return titles[match.group("sheet").upper()], match.group("cell").replace("$", "")


def _runner(pipe: Any, outputs: int, executor: str) -> tuple[Any, Any]:
    """The flat plan (fast, incremental), or the pipe itself when asked or when the plan
    cannot replay it."""
    import schedula as sh

    from jobzone.engine.recalc.executor import FAILED, UnsupportedGraph, plan_from_pipe

    def node_value(value: Any) -> Any:
        return [[sh.EMPTY]] if value is None else value

    def run_pipe(values: Sequence[Any], changed: Sequence[bool] | None) -> list[Any]:
        try:
            result = pipe(*[node_value(v) for v in values])
        except Exception:  # formulas could not evaluate a cell: the pipe stops
            return [FAILED] * outputs
        return list(result) if outputs > 1 else [result]

    run_pipe.runs_pipe = True  # type: ignore[attr-defined]

    if executor == "pipe":
        return run_pipe, dict
    try:
        plan = plan_from_pipe(pipe)
    except (UnsupportedGraph, AttributeError, KeyError, TypeError, ValueError):
        return run_pipe, dict  # a structure the plan cannot replay: the pipe, slower

    def run_plan(values: Sequence[Any], changed: Sequence[bool] | None) -> list[Any]:
        return plan.run([node_value(v) for v in values], changed)

    def causes() -> dict[int, str]:
        where = {slot: index for index, slot in enumerate(plan.outputs)}
        return {where[slot]: text for slot, text in plan.causes.items() if slot in where}

    return run_plan, causes


class CompiledModelCache:
    """Compiled models by formula-set fingerprint; least recently used dropped beyond `size`.

    An explicit object, so callers decide its lifetime (one per process, or per test).
    `functions` are the spreadsheet-function implementations its models are compiled
    with (default: Excel-faithful rounding; a test seeds a bug here).
    """

    def __init__(self, size: int = 8, functions: Implementations | None = None) -> None:
        if size < 1:
            raise ValueError("a cache holds at least one model")
        self.size = size
        self.functions = functions
        self.hits = 0
        self.misses = 0
        self._models: OrderedDict[str, CompiledModel] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._models)

    def __contains__(self, fingerprint: object) -> bool:
        return fingerprint in self._models

    def model(self, formula_set: FormulaSet) -> CompiledModel:
        key = formula_set.fingerprint
        with self._lock:
            found = self._models.get(key)
            if found is not None:
                self._models.move_to_end(key)
                self.hits += 1
                return found
        compiled = compile_formula_set(formula_set, self.functions)
        with self._lock:
            self.misses += 1
            self._models[key] = compiled
            self._models.move_to_end(key)
            while len(self._models) > self.size:
                self._models.popitem(last=False)
        return compiled
