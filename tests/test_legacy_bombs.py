"""Legacy files that would make the importer fill billions of cells are refused in moments.

The importer's grid spreads each merged range over every cell it covers (a header
merged across columns). An 800-byte .ods with one cell spanning the sheet, or an
.xls whose merged range covers millions of cells, used to cost gigabytes and
seconds to minutes; now the archive guard (.ods) and the reader (.xls, .xlsx)
count merged cells against JOBZONE_MAX_CELLS first.
"""

from __future__ import annotations

import resource

import pytest

from jobzone.engine.importer.job import ReadJob, SourceFile, read_source
from tests.deadline import deadline
from tests.hostile_corpus import CASES, HostileCase

BOMBS = [case for case in CASES if case.name in ("ods-span-bomb", "xls-merge-bomb")]


@pytest.mark.parametrize("case", BOMBS, ids=lambda case: case.name)
def test_merged_range_bombs_are_refused_quickly(case: HostileCase) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with deadline(5, case.name):
        outcome = read_source(ReadJob(case.file_name, "spreadsheet",
                                      (SourceFile(case.file_name, case.build()),)))
    assert outcome.failed and outcome.assessment is None
    [error] = [f for f in outcome.findings if f.severity == "error"]
    assert error.code in ("JZ018", "JZ508") and "cells" in error.message
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # KB
