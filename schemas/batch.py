"""Validate many workbooks' input tables in one pandera pass per table.

pandera's cost is per call, not per row: a canonical workbook's eight tables
run 47 checks, about 9 ms of a 24 ms check, almost all of it fixed overhead. A
bulk check joins the same table of a batch of workbooks into one frame indexed by
(file, row) and validates it once, so the overhead is shared by the batch.

Only the verdict comes from the batch. Each table of a workbook with a failure in
it is validated again on its own by `jobzone.schemas.validate.validate_tables` (which
validates tables one by one, so the tables that passed add nothing), so its findings
(messages, cells, the once-per-column rule) are exactly those of a single check;
`tests/test_schema_batch.py` proves the two agree on clean and broken workbooks.
A workbook whose tables a joined frame cannot judge (a header moved, so a column
is missing; no task rows, which only a one-file frame can see) goes straight to
its own pass.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from numbers import Integral

import pandas as pd
import pandera.pandas as pa

from jobzone.engine.core.errors import WorkbookError
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import Ruleset
from jobzone.schemas.frames import Columns, frame
from jobzone.schemas.sheet_frames import SheetTable
from jobzone.schemas.sheets import BATCH_INDEX, BATCH_ROW_SPAN
from jobzone.schemas.validate import (
    assessment_tables,
    table_schemas,
    validate_assessment,
    validate_tables,
)


def validate_batch(tables: Sequence[Sequence[SheetTable]], rules: Ruleset,
                   files: Sequence[str]) -> list[list[WorkbookError]]:
    """Each workbook's schema failures (as `validate_tables` gives them), in input order."""
    alone = {number for number, own in enumerate(tables) if not _joinable(own)}
    members: dict[str, list[tuple[int, SheetTable]]] = defaultdict(list)
    for number, own in enumerate(tables):
        if number not in alone:
            for table in own:
                members[table.table.key].append((number, table))
    schemas = table_schemas(rules)
    failed: dict[int, set[str]] = defaultdict(set)  # file -> tables with a failure
    for key, joined in members.items():
        for number in _failing(schemas[key], joined):
            failed[number].add(key)
    found = []
    for number, (own, file) in enumerate(zip(tables, files, strict=True)):
        if number in alone:
            found.append(validate_tables(own, rules, file))
        elif number in failed:  # tables are validated one by one: only the failed ones again
            found.append(validate_tables([t for t in own if t.table.key in failed[number]],
                                         rules, file))
        else:
            found.append([])
    return found


def validate_assessments(assessments: Sequence[Assessment], rules: Ruleset,
                         files: Sequence[str]) -> list[list[WorkbookError]]:
    """Each assessment's schema failures (as `validate_assessment` gives them), in input
    order: what `jobzone import` runs on a batch of sources. The same verdict-then-alone
    scheme as `validate_batch`; an assessment without tasks (a frame-wide failure only a
    one-assessment frame sees) is validated alone."""
    members: dict[int, list[tuple[int, Columns]]] = defaultdict(list)  # slot -> tables
    schemas: dict[int, pa.DataFrameSchema] = {}
    for number, a in enumerate(assessments):
        if a.tasks:
            for slot, (schema, columns, _, _) in enumerate(assessment_tables(a, rules)):
                members[slot].append((number, columns))
                schemas[slot] = schema
    failed = {number for number, a in enumerate(assessments) if not a.tasks}
    for slot, joined in members.items():
        failed |= _failing_columns(schemas[slot], joined)
    return [validate_assessment(a, rules, file) if number in failed else []
            for number, (a, file) in enumerate(zip(assessments, files, strict=True))]


def _failing_columns(schema: pa.DataFrameSchema, joined: list[tuple[int, Columns]]
                     ) -> set[int]:
    """The assessments with a failure under this schema (every one when one is unplaced)."""
    index = [number * BATCH_ROW_SPAN + row for number, (_, rows) in joined for row in rows]
    values = {name: [v for _, (columns, _) in joined for v in columns[name]]
              for name in joined[0][1][0]}
    batch = frame(values, index)
    batch.index.name = BATCH_INDEX
    try:
        schema.validate(batch, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _files_of(exc.failure_cases, {number for number, _ in joined})
    return set()


def _joinable(tables: Sequence[SheetTable]) -> bool:
    return all(not t.header_problems and (t.rows or t.table.key != "tasks") for t in tables)


def _failing(schema: pa.DataFrameSchema, joined: list[tuple[int, SheetTable]]) -> set[int]:
    """The files with a failure in this table; every file of the batch when one is unplaced."""
    index = [number * BATCH_ROW_SPAN + row for number, table in joined for row in table.rows]
    values = {name: [v for _, table in joined for v in table.values[name]]
              for name in joined[0][1].values}
    batch = frame(values, index)
    batch.index.name = BATCH_INDEX
    try:
        schema.validate(batch, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _files_of(exc.failure_cases, {number for number, _ in joined})
    return set()


def _files_of(cases: pd.DataFrame, everyone: set[int]) -> set[int]:
    found: set[int] = set()
    for index in cases["index"]:
        if not isinstance(index, Integral):
            return everyone  # a failure without its file: judge each file alone
        found.add(int(index) // BATCH_ROW_SPAN)
    return found
