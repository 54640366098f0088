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

from hypothesis import HealthCheck, event, given, settings

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.importer.job import ReadJob, ReadOutcome, SourceFile, read_source
from jobzone.workbooks.legacy.draft import UNMAPPED_TITLE
from tests.legacy_layouts import (
    Layout,
    expected_unmapped,
    layouts,
    legacy_assessments,
    write_source,
)

LAW = settings(max_examples=max(settings().max_examples, 600) if settings().max_examples >= 600
               else settings().max_examples, deadline=None,
               suppress_health_check=[HealthCheck.too_slow])


def import_layout(a: Assessment, layout: Layout) -> ReadOutcome:
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_source(a, layout, Path(tmp))
        kind = "spreadsheet" if paths[0].suffix != ".csv" else "csv"
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


@LAW
@given(legacy_assessments(), layouts())
def test_import_gives_back_the_assessment_in_any_layout(a: Assessment, layout: Layout) -> None:
    event(f"format {layout.fmt}")
    for axis in ("role_form", "growth_form", "headers", "shares"):
        event(f"{layout.fmt} {axis}={getattr(layout, axis)}")
    if layout.fmt.startswith("csv"):
        event(f"csv {layout.csv_encoding} delimiter={layout.csv_delimiter!r} "
              f"decimal={layout.csv_decimal!r}")
    assert_round_trip(a, layout)
