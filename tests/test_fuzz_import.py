"""Bounded fuzzing of `jobzone import`'s readers: CSV, write-ups, .xlsx, .ods and .xls sources.

`read_source` turns any exception into a finding, which would hide a crash in
jobzone's own parsing code behind a polite message. So each case is read twice:
through the reader step alone (`_read`), where the only exception allowed is a
located WorkbookError (library failures are already wrapped at the library
boundary), and through `read_source`, which must return an outcome. Cases and
outcomes are counted by `pytest --hypothesis-show-statistics`.
"""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from jobzone.engine.core.errors import WorkbookError
from jobzone.engine.importer.job import ReadJob, SourceFile, _read, aliases_for, read_source
from tests.deadline import deadline
from tests.hostile_corpus import EXAMPLE, ROOT, WRITEUP, example_bytes
from tests.hostile_legacy import csv_assessment, ods_document
from tests.mutations import (
    Edit,
    apply_byte_edits,
    apply_cell_edits,
    apply_line_edits,
    apply_xml_edits,
    byte_edits,
    cell_edits,
    line_edits,
    line_endings,
    xml_edits,
)

CASE_SECONDS = 15
FUZZ = settings(phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
                max_examples=min(settings().max_examples, 400),
                suppress_health_check=[HealthCheck.too_slow])
LEGACY = ROOT / "examples" / "legacy"
WRITEUP_TEXT = WRITEUP.read_text(encoding="utf-8")
CSV_TEXT = csv_assessment().decode("utf-8")
ODS = ods_document("<table:table-row><table:table-cell office:value-type=\"string\">"
                   "<text:p>Task</text:p></table:table-cell></table:table-row>")


def import_outcome(kind: str, name: str, data: bytes) -> None:
    """Read one fuzzed source both ways; record the outcome."""
    job = ReadJob(name, kind, (SourceFile(name, data),))
    with deadline(CASE_SECONDS, f"importing one fuzzed {kind}"):
        try:
            _read(job, aliases_for(None))
        except WorkbookError as error:
            assert error.location.file.startswith(name), error
        outcome = read_source(job)
    assert outcome.source == name
    for finding in outcome.findings:
        assert finding.code.startswith("JZ") and finding.file.startswith(name), finding
    event("imported" if not outcome.failed else
          "failed " + ",".join(sorted({f.code for f in outcome.findings
                                       if f.severity == "error"})))


@FUZZ
@given(line_edits, line_endings)
def test_fuzz_import_writeup(edits: list[Edit], ending: str) -> None:
    import_outcome("writeup", "fuzzed.md", apply_line_edits(WRITEUP_TEXT, edits, ending)
                   .encode("utf-8", "surrogatepass"))


@FUZZ
@given(line_edits, line_endings)
def test_fuzz_import_csv(edits: list[Edit], ending: str) -> None:
    import_outcome("csv", "fuzzed.csv", apply_line_edits(CSV_TEXT, edits, ending)
                   .encode("utf-8", "surrogatepass"))


@FUZZ
@given(byte_edits)
def test_fuzz_import_csv_bytes(edits: list[Edit]) -> None:
    import_outcome("csv", "fuzzed.csv", apply_byte_edits(csv_assessment(), edits))


@FUZZ
@given(st.one_of(st.tuples(st.just("bytes"), byte_edits), st.tuples(st.just("xml"), xml_edits),
                 st.tuples(st.just("cells"), cell_edits)))
def test_fuzz_import_xlsx(edit: tuple[str, list[Edit]]) -> None:
    depth, edits = edit
    base = (LEGACY / "claims-processor.xlsx").read_bytes() if \
        (LEGACY / "claims-processor.xlsx").is_file() else example_bytes()
    apply = {"bytes": apply_byte_edits, "xml": apply_xml_edits, "cells": apply_cell_edits}
    import_outcome("spreadsheet", "fuzzed.xlsx", apply[depth](base, edits))


@FUZZ
@given(st.one_of(st.tuples(st.just("bytes"), byte_edits), st.tuples(st.just("xml"), xml_edits)))
def test_fuzz_import_ods(edit: tuple[str, list[Edit]]) -> None:
    depth, edits = edit
    base = (LEGACY / "data-steward.ods").read_bytes() if \
        (LEGACY / "data-steward.ods").is_file() else ODS
    data = apply_byte_edits(base, edits) if depth == "bytes" else _ods_xml(base, edits)
    import_outcome("spreadsheet", "fuzzed.ods", data)


@FUZZ
@given(byte_edits)
def test_fuzz_import_xls(edits: list[Edit]) -> None:
    path = LEGACY / "care-coordinator.xls"
    base = path.read_bytes() if path.is_file() else EXAMPLE.read_bytes()
    import_outcome("spreadsheet", "fuzzed.xls", apply_byte_edits(base, edits))


def _ods_xml(data: bytes, edits: list[Edit]) -> bytes:
    """XML edits on an .ods (same edits as .xlsx: any member ending in .xml)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if not any(n.endswith(".xml") for n in archive.namelist()):
            return data
    return apply_xml_edits(data, edits)
