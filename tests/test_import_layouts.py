"""The round-trip law over generated legacy layouts: whatever way a source lays out a
valid assessment, `jobzone import` gives back the same assessment, every input and the
same score, zone and sub-label, and keeps what it could not map.

Layouts are drawn along every axis of `tests.legacy_layouts.AXES` (format, block order,
orientation, titles, header spellings, value encodings, CSV dialects, ...); the CI profile
draws at least 600 examples. A failure the law ever finds stays below as an explicit
example (`@example`), so it is tried first on every run.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.importer.job import ReadJob, ReadOutcome, SourceFile, read_source
from jobzone.workbooks.legacy.draft import UNMAPPED_TITLE
from tests.legacy_layout_files import (
    SAMPLE,
    Portfolio,
    portfolios,
    write_portfolio,
    write_source,
)
from tests.legacy_layouts import Layout, expected_unmapped, layouts, legacy_assessments

# the CI profile draws 600 layouts (the dev profile 60); each is a real file written and read
LAW = settings(max_examples=min(settings().max_examples, 600), deadline=None,
               suppress_health_check=[HealthCheck.too_slow])


def import_layout(a: Assessment, layout: Layout) -> ReadOutcome:
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_source(a, layout, Path(tmp))
        kind = {".csv": "csv", ".md": "writeup"}.get(paths[0].suffix, "spreadsheet")
        name = str(paths[0]) if len(paths) == 1 else str(paths[0].parent / "role-*.csv")
        job = ReadJob(name, kind, tuple(SourceFile(str(p), p.read_bytes()) for p in paths))
        return read_source(job)


def _differences(got: Assessment, want: Assessment) -> list[str]:
    """Each input that came back different: `field: got != want`."""
    out = []
    for f in dataclasses.fields(Assessment):
        g, w = getattr(got, f.name), getattr(want, f.name)
        if g == w:
            continue
        if isinstance(w, tuple) and isinstance(g, tuple) and len(g) == len(w):
            pairs = enumerate(zip(g, w, strict=True))
            out += [f"{f.name}[{i}]: {x!r} != {y!r}" for i, (x, y) in pairs if x != y]
        else:
            out.append(f"{f.name}: {g!r} != {w!r}")
    return out


def assert_round_trip(a: Assessment, layout: Layout) -> None:
    outcome = import_layout(a, layout)
    errors = [f"{f.code} {f.where}: {f.message}" for f in outcome.findings
              if f.severity == "error"]
    assert not errors, (layout.describe(), errors)
    got = outcome.assessment
    assert got is not None
    inputs = dataclasses.replace(got, narrative=())
    assert inputs == a, (layout.describe(), _differences(inputs, a))
    expected = evaluate(a, AIJRI_1)
    assert outcome.score == f"{expected.score:f}"
    assert (outcome.zone, outcome.sub_label) == (expected.zone, expected.sub_label)
    kept = sorted(s.text for s in got.narrative if s.title.startswith(UNMAPPED_TITLE))
    assert kept == sorted(expected_unmapped(a, layout)), (layout.describe(), ["unmapped", *kept])
    mismatches = [f"{f.code} {f.where}: {f.message}" for f in outcome.findings
                  if f.code == "JZ507"]
    assert not mismatches, (layout.describe(), mismatches)


# Failures the law found, kept as the first examples of every run.
REGRESSIONS = (
    # a note typed far to the right of a header row was claimed with the header and lost
    Layout(order="tasks_first", split=True, headers="squashed", note_cell=True),
    # the note beside a "Role" title made the title a job-title label with no value
    Layout(split=True, titles=True, role_form="colon", note_cell=True),
    # a row of field names over a row of values, with a note beside the names
    Layout(role_form="header_row", note_cell=True, gap=0),
    # "AI Growth Correlation | +2 | ..." two blank rows under the task table was a task
    Layout(order="reversed", gap=2, growth_form="labelled", signs=True, totals=True),
    # a tab-separated, decimal-comma section file of two lines split on its commas
    Layout(fmt="csv_sections", growth_form="labelled", scores="float", csv_delimiter="\t",
           csv_decimal=","),
    # a Field | Value header with a note beside it was not seen as a header
    Layout(titles=True, role_form="field_value", note_cell=True),
    # UTF-16 (Excel's "Unicode text") was refused as a binary file
    Layout(fmt="csv", csv_encoding="utf-16", csv_delimiter="\t"),
)


def _with_regressions(test):  # type: ignore[no-untyped-def]
    for layout in REGRESSIONS:
        test = example(SAMPLE, layout)(test)
    return test


@LAW
@_with_regressions
@given(legacy_assessments(), layouts())
def test_import_gives_back_the_assessment_in_any_layout(a: Assessment, layout: Layout) -> None:
    event(f"format {layout.fmt}")
    for axis in ("role_form", "growth_form", "headers", "shares"):
        event(f"{layout.fmt} {axis}={getattr(layout, axis)}")
    if layout.fmt.startswith("csv"):
        event(f"csv {layout.csv_encoding} delimiter={layout.csv_delimiter!r} "
              f"decimal={layout.csv_decimal!r}")
    assert_round_trip(a, layout)


# The four shapes an unseen archive failed on (issue 12), each over generated sources.
FAILURE_SHAPES = {
    "a Role block kept as a Field | Value table under a 'Role' title":
        Layout(role_form="field_value", titles=True),
    "the growth correlation in a small table of its own (Item | Score (-2 to +2) | Rationale)":
        Layout(growth_form="own_table", signs=True),
    "a CSV export with one row per item and a section column":
        Layout(fmt="csv_long", shares="text", signs=True),
    "a write-up whose task header is Time%": Layout(fmt="writeup", headers="squashed"),
}


@pytest.mark.parametrize("shape", FAILURE_SHAPES)
@settings(LAW, max_examples=min(settings().max_examples, 40))
@given(a=legacy_assessments())
def test_each_shape_an_unseen_archive_failed_on_imports(shape: str, a: Assessment) -> None:
    assert_round_trip(a, FAILURE_SHAPES[shape])


def test_the_failure_shapes_are_the_ones_reported() -> None:
    """The generated sources hold exactly the rows the report quoted."""
    from tests.legacy_layout_files import long_rows, writeup_text
    from tests.legacy_layouts import blocks

    role = blocks(SAMPLE, FAILURE_SHAPES[next(iter(FAILURE_SHAPES))])["role"]
    assert role[:4] == [["Role"], ["Field", "Value"], ["Job title", "Network Planner"],
                        ["Seniority", "Mid-Senior"]]
    growth = blocks(SAMPLE, Layout(growth_form="own_table", signs=True))["growth"]
    assert growth == [["AI growth correlation"], ["Item", "Score (-2 to +2)", "Rationale"],
                      ["AI Growth Correlation", "+2", "strong demand"]]
    rows = long_rows(SAMPLE, Layout(fmt="csv_long", shares="text", signs=True))
    assert rows[0] == ["section", "name", "value", "time_share", "score", "label", "text"]
    assert ["role", "Job title", "Network Planner", None, None, None, None] in rows
    assert ["task", "Reconcile monthly reports", None, "5%", 1, "NOT INVOLVED",
            "data is messy"] in rows
    assert ["evidence", "Job Posting Trends", None, None, "+2", None, "few vendors"] in rows
    assert "| Task | Time% |" in writeup_text(SAMPLE, Layout(fmt="writeup", headers="squashed"))


@LAW
@example([SAMPLE, SAMPLE], Portfolio("tracker", "csv"))
@given(st.lists(legacy_assessments(max_tasks=6), min_size=2, max_size=3), portfolios())
def test_a_source_with_several_assessments_gives_back_each(assessments: list[Assessment],
                                                           portfolio: Portfolio) -> None:
    """A workbook with a sheet per role, or a tracker with a row per role: each
    assessment comes back on its own, labelled with the sheet or row it came from."""
    event(f"portfolio {portfolio.container} {portfolio.fmt}")
    with tempfile.TemporaryDirectory() as tmp:
        path = write_portfolio(assessments, portfolio, Path(tmp))
        kind = "csv" if path.suffix == ".csv" else "spreadsheet"
        outcome = read_source(ReadJob(str(path), kind, (SourceFile(str(path),
                                                                    path.read_bytes()),)))
    assert len(outcome.parts) == len(assessments)
    for index, (part, a) in enumerate(zip(outcome.parts, assessments, strict=True)):
        errors = [f"{f.code} {f.where}: {f.message}" for f in part.findings
                  if f.severity == "error"]
        assert not errors, errors
        assert part.assessment is not None
        assert dataclasses.replace(part.assessment, narrative=()) == a, \
            _differences(dataclasses.replace(part.assessment, narrative=()), a)
        label = f"row {index + 2}" if portfolio.container == "tracker" else \
            f"sheet Role {index + 1}"
        assert part.source == f"{path} [{label}]"
        assert part.score == f"{evaluate(a, AIJRI_1).score:f}"
