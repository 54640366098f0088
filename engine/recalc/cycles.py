"""Which formula cells a compiled model's formula cells read, and which of them go round.

Read from the assembled `formulas` graph (through defined names and ranges), so a
circular reference is found however it is spelled; cells on a cycle and every cell
reading one get no value, and the evaluator reports each (`jobzone.engine.recalc.evaluator`).
"""

from __future__ import annotations

from typing import Any

from jobzone.engine.recalc.formula_set import CellRef


def precedents(model: Any, formula_nodes: dict[str, CellRef]) -> dict[CellRef, frozenset[CellRef]]:
    """Formula cell -> the formula cells it reads, through names and ranges."""
    from formulas.cell import InvRangesAssembler

    graph = model.dsp
    pred = graph.dmap.pred
    found: dict[CellRef, frozenset[CellRef]] = {}
    for node, ref in formula_nodes.items():
        reads: set[CellRef] = set()
        seen: set[str] = set()
        stack = [node]
        while stack:
            for function in pred.get(stack.pop(), ()):
                if isinstance(graph.nodes[function].get("function"), InvRangesAssembler):
                    continue  # formulas' range -> cells back-edge, not a read
                for data in pred.get(function, ()):
                    if data in seen:
                        continue
                    seen.add(data)
                    if data in formula_nodes:
                        reads.add(formula_nodes[data])
                    else:
                        stack.append(data)
        found[ref] = frozenset(reads)
    return found


def cycles(precedents: dict[CellRef, frozenset[CellRef]]
            ) -> tuple[frozenset[CellRef], frozenset[CellRef]]:
    """(cells on a circular reference, cells that cannot be computed: those and their dependents).

    Peeling cells whose precedents are all computable leaves the blocked cells; peeling
    blocked cells that nothing blocked reads leaves the cycles themselves.
    """
    readers: dict[CellRef, set[CellRef]] = {cell: set() for cell in precedents}
    for cell, reads in precedents.items():
        for read in reads:
            readers.setdefault(read, set()).add(cell)
    waiting = {cell: len(reads) for cell, reads in precedents.items()}
    ready = [cell for cell, count in waiting.items() if count == 0]
    while ready:
        for reader in readers.get(ready.pop(), ()):
            waiting[reader] -= 1
            if waiting[reader] == 0:
                ready.append(reader)
    blocked = {cell for cell, count in waiting.items() if count > 0}
    feeding = {cell: len(readers.get(cell, set()) & blocked) for cell in blocked}
    sinks = [cell for cell, count in feeding.items() if count == 0]
    while sinks:
        for read in precedents[sinks.pop()] & blocked:
            feeding[read] -= 1
            if feeding[read] == 0:
                sinks.append(read)
    circular = frozenset(cell for cell, count in feeding.items() if count > 0)
    return circular, frozenset(blocked)
