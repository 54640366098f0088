"""An import's work, handed to workers a batch of sources at a time.

Validation and the output check each pay pandera's fixed cost per call, not per
row (`jobzone.schemas.batch`); a batch of sources shares it. A batch also runs with the
cyclic garbage collector paused and the worker's long-lived objects frozen
(`jobzone.engine.check.bulk.collected_when_done`), as a bulk check does.

`run_batched` gives the caller one `Done` per item, as the runner does for single
items: a batch that raised, or whose worker died, is run again an item at a time
once the others are done, so only the item at fault fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from jobzone.engine.runtime.runner import Done, Runner


@dataclass(frozen=True)
class Batch:
    """Items for one worker call (read jobs, or build jobs)."""

    items: tuple[Any, ...]


def read_batch(batch: Batch) -> list[Any]:
    """`read_source` of each ReadJob of the batch (module-level, so it pickles by name)."""
    from jobzone.engine.check.bulk import collected_when_done
    from jobzone.engine.importer.job import read_sources

    with collected_when_done():
        return list(read_sources(batch.items))


def build_batch(batch: Batch) -> list[Any]:
    """`build_output` of each BuildJob of the batch under its ruleset (module-level, so it
    pickles by name)."""
    from jobzone.engine.check.bulk import collected_when_done
    from jobzone.engine.importer.job import build_outputs

    built: dict[int, Any] = {}
    with collected_when_done():
        for rules in {id(job.rules): job.rules for job in batch.items}.values():
            group = [job for job in batch.items if job.rules is rules]
            outputs = build_outputs([(job.assessment, job.source) for job in group], rules)
            built.update(zip((id(job) for job in group), outputs, strict=True))
    return [built[id(job)] for job in batch.items]


def run_batched(runner: Runner, fn: Callable[[Batch], list[Any]], items: Iterable[Any],
                size: int) -> Iterator[Done[Any, Any]]:
    """One `Done` per item, the items run `size` at a time; a failed batch's items are
    run again alone at the end."""
    again: list[Any] = []
    for done in runner.run(fn, _chunks(items, size)):
        batch = done.item
        if done.ok and done.value is not None:
            yield from (Done(item, value) for item, value
                        in zip(batch.items, done.value, strict=True))
        elif len(batch.items) > 1:
            again.extend(batch.items)
        else:
            yield Done(batch.items[0], None, done.error, done.crashed)
    for done in runner.run(fn, (Batch((item,)) for item in again)):
        value = done.value[0] if done.ok and done.value else None
        yield Done(done.item.items[0], value, done.error, done.crashed)


def _chunks(items: Iterable[Any], size: int) -> Iterator[Batch]:
    """Batches taken from `items` as the runner asks for them (reading stays streamed)."""
    iterator = iter(items)
    while chunk := tuple(islice(iterator, max(1, size))):
        yield Batch(chunk)
