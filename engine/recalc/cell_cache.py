"""Formula cells compiled once per process, shared by every model that has them.

Compiling a formula set (`jobzone.engine.recalc.compile`) parses and compiles each of its
cells into a small `formulas` function: about half of a compile's time. Workbooks
whose formulas were edited differ from the template in a cell or two, and a bulk
check meets a few such sets per worker, so each one's compile would parse the same
hundred-odd formulas again. Here a compiled cell is remembered under everything
its compilation reads: its address, its value or formula text, the sheet and
book it is compiled in, and the defined names in force with the ranges they resolve
to. The cells of the defined names themselves are remembered the same way, by name,
reference and book. A set that differs in one formula compiles that one cell and
reuses the rest.

Sharing is safe because a compiled `formulas` cell is only read once made: a model
adds the cell's function to its own graph, and the executor that runs it
(`jobzone.engine.recalc.executor`) builds its own state per model. The one exception is
formulas' own pipe executor, which keeps a run's state in the function it calls;
`jobzone.engine.recalc.compile` compiles fresh cells whenever it must fall back to that.
The cells are kept per set of spreadsheet-function implementations, since a cell
binds the functions registered when it was compiled.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any

CELLS_REMEMBERED = 8192  # compiled cells kept per implementation set (blank cells included)

_lock = threading.Lock()
# implementation set (as sorted (name, function) pairs) -> its remembered cells
_by_implementations: OrderedDict[Hashable, OrderedDict[Hashable, Any]] = OrderedDict()


def _cells_for(implementations: Mapping[str, Any]) -> OrderedDict[Hashable, Any]:
    """The remembered cells of one implementation set; the two most recent sets are kept."""
    key = tuple(sorted(implementations.items()))
    with _lock:
        found = _by_implementations.get(key)
        if found is None:
            found = _by_implementations[key] = OrderedDict()
            while len(_by_implementations) > 2:
                _by_implementations.popitem(last=False)
        _by_implementations.move_to_end(key)
        return found


def remembered() -> int:
    """How many compiled cells the process holds (all implementation sets)."""
    with _lock:
        return sum(len(cells) for cells in _by_implementations.values())


def forget() -> None:
    """Drop every remembered cell (tests; a process that changes `formulas` itself)."""
    with _lock:
        _by_implementations.clear()


def _references_key(references: Mapping[str, Any] | None) -> Hashable | None:
    """The defined names and the ranges they resolve to; None when they hold values too."""
    from formulas.ranges import Ranges

    items: list[tuple[str, tuple[str, ...] | None]] = []
    for name, value in (references or {}).items():
        if value is None:
            items.append((name, None))
        elif isinstance(value, Ranges) and not value.values:
            items.append((name, tuple(part["name"] for part in value.ranges)))
        else:
            return None  # a name holding a computed value: not worth describing, compile it
    return tuple(sorted(items))


def _context_key(context: Mapping[str, Any]) -> Hashable:
    return tuple(sorted((key, repr(value)) for key, value in context.items()))


def remembering_model(implementations: Mapping[str, Any]) -> Any:
    """A `formulas.ExcelModel` whose cells come from, and go to, the process's memory."""
    from formulas import ExcelModel
    from formulas.cell import Cell, Ref

    remembered = _cells_for(implementations)
    references_seen: dict[int, tuple[Any, Hashable | None]] = {}

    def recalled(key: Hashable, make: Callable[[], Any]) -> Any:
        with _lock:
            found = remembered.get(key)
            if found is not None:
                remembered.move_to_end(key)
                return found
        made = make()
        with _lock:
            remembered[key] = made
            while len(remembered) > CELLS_REMEMBERED:
                remembered.popitem(last=False)
        return made

    def compiled(crd: str, val: Any, context: dict[str, Any], check_formula: bool,
                 references: Any) -> Any:
        cell = Cell(crd, val, context=context, check_formula=check_formula)
        cell.compile(references=references, context=context)
        return cell

    class RememberingModel(ExcelModel):  # type: ignore[misc]
        def _compile_cell(self, crd: str, val: Any, context: dict[str, Any],  # type: ignore[override]
                          check_formula: bool, references: Any) -> Any:
            seen = references_seen.get(id(references))
            if seen is None or seen[0] is not references:
                seen = references_seen[id(references)] = (references, _references_key(references))
            names = seen[1]
            if names is None or not isinstance(val, str | None):
                return compiled(crd, val, context, check_formula, references)
            return recalled((crd, val, _context_key(context), check_formula, names),
                            lambda: compiled(crd, val, context, check_formula, references))

        def add_references(self, book: Any, context: dict[str, Any] | None = None) -> Any:
            """formulas' own `add_references` (1.3), its name cells taken from memory."""
            refs: dict[str, Any] = {}
            nodes: set[Any] = set()
            names = book.defined_names
            for name in names.values() if isinstance(names, dict) else names.definedName:
                if name.hidden or name.localSheetId is not None:
                    continue  # formulas accepts only global names
                label, value = name.name.upper(), f"={name.value}"
                ref = recalled(("name", label, value, _context_key(context or {})),
                               functools.partial(_name_cell, Ref, label, value, context))
                nodes.update(ref.add(self.dsp, context=context))
                refs[ref.output] = None
                self.cells[ref.output] = ref
            self._update_refs(nodes, refs)
            return refs

    return RememberingModel()


def _name_cell(ref_class: Any, label: str, value: str, context: dict[str, Any] | None) -> Any:
    return ref_class(label, value, context).compile(context=context)
