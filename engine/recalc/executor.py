"""A compiled `formulas` model run as flat steps, recalculating only what changed.

`ExcelModel.compile` returns a schedula `DispatchPipe` whose every formula cell is
itself a small pipe over the formula's syntax tree. Calling it costs ~60 ms for
the canonical workbook, nearly all of it schedula's bookkeeping (a solution
object, workflow edges and callbacks per node), not the spreadsheet functions.
This module reads the pipes' precomputed evaluation order once and replays it as
plain function calls over numbered slots, and, like a spreadsheet, recalculates
only the steps downstream of inputs whose values changed since the previous run
(steps compare their new outputs with the old ones, so an unchanged intermediate
stops the wave). Blank task rows, the Rules sheet's constants and every formula
that reads only them are computed once per model. Steps whose arguments are single
cells are also memoised on those arguments (a decision-table row sees few distinct
zones and growth values); a memo that rarely hits switches itself off.

Semantics kept from schedula (and pinned by `tests/test_formula_graph.py`, which
compares this executor with the `DispatchPipe` on normal, error-laden and edited
workbooks): data-node filters (`formulas` wraps values in `Ranges`), function
filters, `NONE` arguments dropped, a formula whose syntax-tree step raises
`NotImplementedError` yields #NAME?, and a cell whose function raises has no value
(`FAILED`), nor has anything computed from it. Graphs using schedula features
outside that set are refused (`UnsupportedGraph`) and the caller runs the pipe
itself. Volatile functions (NOW, RAND, ...) switch incremental recalculation off.

A plan keeps the previous run's values, so it is not thread-safe by itself
(`CompiledModel` serialises its calls). Imported only when a model is compiled (it
imports `formulas`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import schedula as sh
from formulas.cell import CellWrapper
from formulas.ranges import Ranges
from formulas.tokens.operand import Error
from schedula.utils.dsp import DispatchPipe

from jobzone.engine.recalc.same_value import prefill, same_value, value_key

NONE = sh.NONE

VOLATILE = frozenset({"NOW", "TODAY", "RAND", "RANDBETWEEN", "RANDARRAY", "OFFSET", "INDIRECT",
                      "CELL", "INFO"})
MEMO_SIZE = 256  # remembered argument sets per syntax-tree step
MEMO_ARGUMENTS = 12  # steps with more arguments (range assemblies) are not memoised
MEMO_TRIAL, MEMO_MIN_HIT_RATE = 64, 10  # after 64 lookups, keep a memo hit 1 time in 10
_FUNCTION_KEYS = frozenset({"type", "inputs", "outputs", "function", "wait_inputs", "index",
                            "filters", "solve_cycle", "extra_inputs"})
_DATA_KEYS = frozenset({"type", "wait_inputs", "index", "filters", "inv-data"})


class UnsupportedGraph(ValueError):
    """The pipe uses a schedula feature this executor does not replay."""


class _Failed:
    """The value of a cell `formulas` could not compute (its function raised)."""

    def __repr__(self) -> str:
        return "FAILED"


FAILED = _Failed()


@dataclass
class _Step:
    function: Callable[..., Any]
    inputs: tuple[int, ...]
    outputs: tuple[int, ...]
    filters: tuple[Callable[..., Any], ...]
    output_filters: tuple[tuple[Callable[..., Any], ...], ...]
    cell: _Cell | None = None
    memo: dict[tuple[Any, ...], tuple[Any, ...]] | None = None  # pure one-cell arguments
    lookups: int = 0
    hits: int = 0

    def remember(self, key: tuple[Any, ...], results: tuple[Any, ...]) -> None:
        assert self.memo is not None
        if len(self.memo) >= MEMO_SIZE:
            self.memo.clear()
        self.memo[key] = results
        if self.lookups >= MEMO_TRIAL and self.hits * MEMO_MIN_HIT_RATE < self.lookups:
            self.memo = None  # its arguments rarely repeat: stop paying for the keys


@dataclass
class _Cell:
    """A formula cell: its syntax tree as an inner plan, fed by the cell's argument parser."""

    plan: Plan
    parse_args: Callable[..., Any]
    links: tuple[tuple[int, ...], ...]  # outer argument -> inner input positions
    # outer argument -> (inner position, range name) when each argument feeds one input
    # of the same range: the argument's Ranges can then be passed as it is
    direct: tuple[tuple[int, str], ...] | None = None
    last_args: list[Any] | None = None  # the arguments of the tree's last complete run

    def arguments(self, args: list[Any]) -> list[Any]:
        """The tree's inputs: formulas' parser builds a fresh Ranges per input (and its
        value is assembled again); the argument itself is the same range and values."""
        if self.direct is not None:
            inner: list[Any] = [None] * len(self.direct)
            for (position, name), arg in zip(self.direct, args, strict=True):
                if type(arg) is not Ranges or len(arg.ranges) != 1 \
                        or arg.ranges[0]["name"] != name:
                    break
                inner[position] = arg
            else:
                return inner
        return list(self.parse_args(*args))


@dataclass
class Plan:
    """Steps over numbered slots, in the pipe's order; remembers the last run."""

    size: int
    defaults: dict[int, Any]
    inputs: tuple[int, ...]
    input_filters: tuple[tuple[Callable[..., Any], ...], ...]
    outputs: tuple[int, ...]
    steps: list[_Step]
    incremental: bool
    contains_failures: bool = True  # a cell's failure is a FAILED value; else it raises
    causes: dict[int, str] = field(default_factory=dict)  # slot -> why it FAILED
    _values: list[Any] | None = None
    _keys: list[Any] = field(default_factory=list)  # slot -> value_key of its value
    _readers: list[tuple[int, ...]] = field(default_factory=list)  # slot -> steps reading it

    def __post_init__(self) -> None:
        readers: list[list[int]] = [[] for _ in range(self.size)]
        for index, step in enumerate(self.steps):
            for slot in set(step.inputs):
                readers[slot].append(index)
        self._readers = [tuple(r) for r in readers]

    def reset(self) -> None:
        self._values = None
        self.causes.clear()

    def run(self, args: Sequence[Any], changed: Sequence[bool] | None = None) -> list[Any]:
        """Outputs for `args` (already node values); `changed[i]` False promises args[i] is
        equal to the previous run's (None: compare them)."""
        full = self._values is None or not self.incremental
        if full:
            self._values = [NONE] * self.size
            self._keys = [None] * self.size
            for slot, value in self.defaults.items():
                self._values[slot] = value
                self._keys[slot] = value_key(value)
        values: list[Any] = self._values  # type: ignore[assignment]
        due = bytearray(len(self.steps))  # steps to recompute
        readers = self._readers
        for index, (slot, filters, value) in enumerate(
                zip(self.inputs, self.input_filters, args, strict=True)):
            if not full and changed is not None and not changed[index]:
                continue
            for apply in filters:
                value = apply(value)
            if self._store(slot, value) or full:
                for reader in readers[slot]:
                    due[reader] = 1
        try:
            for index, step in enumerate(self.steps):
                if full or due[index]:
                    for slot in self._execute(step, values):
                        for reader in readers[slot]:
                            due[reader] = 1
        except BaseException:
            self._values = None  # a half-finished run must not be reused
            raise
        return [values[slot] for slot in self.outputs]

    def _store(self, slot: int, value: Any) -> bool:
        """Set a slot unless it already holds an equal value; whether it changed."""
        assert self._values is not None
        key = value_key(value)
        old = self._keys[slot]
        if key is not None and old is not None:
            if key == old:
                return False
        elif same_value(self._values[slot], value):
            return False
        self._values[slot] = prefill(value)
        self._keys[slot] = key
        return True

    def _execute(self, step: _Step, values: list[Any]) -> list[int]:
        """Recompute one step; the output slots whose value changed."""
        inputs, outputs = step.inputs, step.outputs
        args = [values[slot] for slot in inputs]
        key = None
        memo = step.memo
        if memo is not None and self.incremental:
            keys = self._keys
            key = tuple([keys[slot] for slot in inputs])
            if None in key:
                key = None
            else:
                step.lookups += 1
        outer = self.contains_failures  # only a top-level plan holds FAILED cells
        if outer and any(arg is FAILED for arg in args):
            results: tuple[Any, ...] = (FAILED,) * len(outputs)
        elif key is not None and key in memo:  # type: ignore[operator]
            step.hits += 1
            results = memo[key]  # type: ignore[index]
            if outer:
                for slot in outputs:
                    self.causes.pop(slot, None)
        else:
            try:
                results = self._call(step, args)
            except Exception as exc:  # formulas raises for broken cells; they get no value
                if not outer:
                    raise  # inside a formula: the whole cell fails, as schedula's pipe does
                results = (FAILED,) * len(outputs)
                for slot in outputs:
                    self.causes[slot] = f"{type(exc).__name__}: {exc}"[:300]
            else:
                if outer:
                    for slot in outputs:
                        self.causes.pop(slot, None)
                if key is not None:
                    step.remember(key, results)
        if len(outputs) == 1:
            return list(outputs) if self._store(outputs[0], results[0]) else []
        return [slot for slot, value in zip(outputs, results, strict=True)
                if self._store(slot, value)]

    @staticmethod
    def _call(step: _Step, args: list[Any]) -> tuple[Any, ...]:
        """The step's function on its arguments, through its filters and its outputs'."""
        if step.cell is not None:
            result = _run_cell(step.cell, args)
        else:
            result = step.function(*[a for a in args if a is not NONE])
        for apply in step.filters:
            result = apply(result)
        if len(step.outputs) == 1:
            return (_filtered(result, step.output_filters[0]),)
        return tuple(_filtered(value, filters)
                     for value, filters in zip(result, step.output_filters, strict=True))


def _filtered(value: Any, filters: tuple[Callable[..., Any], ...]) -> Any:
    if value is NONE:
        raise ValueError("the function returned no value")
    for apply in filters:
        value = apply(value)
    return value


def _run_cell(cell: _Cell, args: list[Any]) -> Any:
    """What formulas' CellWrapper does: parse the arguments, run the tree, #NAME? if unknown.

    The tree recomputes only from arguments that are not the very objects it last ran
    with (a slot's value object is replaced exactly when its value changes).
    """
    last = cell.last_args
    changed = [True] * len(cell.plan.inputs)
    if last is not None:
        changed = [False] * len(cell.plan.inputs)
        for positions, arg, before in zip(cell.links, args, last, strict=True):
            if arg is not before:
                for position in positions:
                    changed[position] = True
    cell.last_args = None
    try:
        result = cell.plan.run(cell.arguments(args), changed)[0]
    except NotImplementedError:
        return Error.errors["#NAME?"]
    cell.last_args = list(args)
    return result


def plan_from_pipe(pipe: Any) -> Plan:
    """The flat plan of a `formulas`/schedula DispatchPipe; raises UnsupportedGraph."""
    slots: dict[Any, int] = {}

    def slot(node: Any) -> int:
        return slots.setdefault(node, len(slots))

    dsp = pipe.dsp
    inputs = tuple(slot(node) for node in pipe.inputs)
    defaults: dict[int, Any] = {}
    steps: list[_Step] = []
    produced: set[Any] = set()
    incremental = True
    for task, _, _ in pipe.pipe:
        node_id, solution = task[-1]
        node = solution.nodes[node_id]
        if node["type"] == "data":
            if not set(node) <= _DATA_KEYS or node.get("wait_inputs"):
                raise UnsupportedGraph(f"data node {node_id!r}: {sorted(node)}")
            if node_id in dsp.default_values and node_id not in produced:
                value = dsp.default_values[node_id]["value"]
                defaults[slot(node_id)] = _filtered(value, tuple(node.get("filters", ())))
            continue
        if node["type"] != "function" or not set(node) <= _FUNCTION_KEYS:
            raise UnsupportedGraph(f"node {node_id!r} of type {node['type']}: {sorted(node)}")
        if sh.SELF in node["inputs"]:
            raise UnsupportedGraph(f"{node_id!r} reads the solution itself (a sparse range)")
        if str(node_id).split("<")[0].upper() in VOLATILE:
            incremental = False
        outputs = tuple(node["outputs"])
        produced.update(outputs)
        function = node["function"]
        cell = None
        if isinstance(function, CellWrapper) and isinstance(function.func, DispatchPipe):
            cell = _cell(function)
            incremental = incremental and cell.plan.incremental
        steps.append(_Step(
            function=function,
            inputs=tuple(slot(i) for i in node["inputs"]),
            outputs=tuple(slot(o) for o in outputs),
            filters=tuple(node.get("filters", ())),
            output_filters=tuple(tuple(dsp.nodes[o].get("filters", ())) for o in outputs),
            cell=cell,
            memo={} if len(node["inputs"]) <= MEMO_ARGUMENTS else None,
        ))
    input_filters = tuple(tuple(dsp.nodes[node].get("filters", ())) if node in dsp.nodes else ()
                          for node in pipe.inputs)
    return Plan(size=len(slots), defaults=defaults, inputs=inputs, input_filters=input_filters,
                outputs=tuple(slot(node) for node in pipe.outputs), steps=steps,
                incremental=incremental)


def _cell(wrapper: Any) -> _Cell:
    formula_cell = getattr(wrapper.parse_args, "__self__", None)
    outer = getattr(formula_cell, "inputs", None)
    if not isinstance(outer, dict):
        raise UnsupportedGraph("a formula cell without its argument map")
    plan = plan_from_pipe(wrapper.func)
    plan.contains_failures = False
    inner = {name: position for position, name in enumerate(wrapper.func.inputs)}
    links = tuple(tuple(inner[name] for name in names if name in inner)
                  for names in outer.values())
    return _Cell(plan=plan, parse_args=wrapper.parse_args, links=links,
                 direct=_direct(wrapper.func.inputs, links))


def _direct(inputs: Any, links: tuple[tuple[int, ...], ...]) -> tuple[tuple[int, str], ...] | None:
    """(inner position, range name) per argument when arguments and inputs pair one to one."""
    ranges = list(inputs.values())
    if sorted(p for positions in links for p in positions) != list(range(len(ranges))) \
            or any(len(positions) != 1 for positions in links):
        return None
    direct = []
    for (position,) in links:
        geometry = getattr(ranges[position], "ranges", None)
        if not geometry or len(geometry) != 1:
            return None
        direct.append((position, geometry[0]["name"]))
    return tuple(direct)
