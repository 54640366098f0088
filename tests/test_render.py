"""`jobzone render` writes the reference format; importing a rendered write-up gives the
same assessment (a property over generated assessments)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment, NarrativeSection
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.workbooks.builder import save_workbook
from jobzone.workbooks.legacy.writeup import escape_cell, read_writeup, split_row
from jobzone.workbooks.legacy.writeup_render import render_writeup, sub_label_reason, zone_legend
from jobzone.workbooks.reader import read_assessment
from tests import factories
from tests.conftest import REFERENCE_TEXT, REFERENCE_WORKBOOK
from tests.strategies import writeup_assessments


def _render(a: Assessment) -> str:
    return render_writeup(a, evaluate(a, AIJRI_1), AIJRI_1)


PROVENANCE = f"\nRuleset: aijri-1 1.0 ({AIJRI_1.digest})"


def test_the_reference_workbook_renders_as_the_published_text_byte_for_byte() -> None:
    a = read_assessment(REFERENCE_WORKBOOK)
    published = render_writeup(a, evaluate(a, AIJRI_1), AIJRI_1, provenance=False)
    assert published == REFERENCE_TEXT.read_text(encoding="utf-8")
    assert _render(a) == published + PROVENANCE  # the ruleset named on one last line


def test_the_ruleset_line_is_read_back_and_compared_on_import(tmp_path: Path) -> None:
    from jobzone.engine.core.ruleset_file import ruleset_named
    from jobzone.engine.importer.published import compare_published
    from jobzone.workbooks.legacy.writeup import parse_writeup

    imported = parse_writeup(_render(read_assessment(REFERENCE_WORKBOOK)), "r.md")
    assert [p.text for p in imported.published if p.key == "ruleset"] == [
        f"aijri-1 1.0 ({AIJRI_1.digest})"]
    assert imported.unmapped == [] and imported.assessment == read_assessment(
        REFERENCE_WORKBOOK)
    a = imported.assessment
    same = compare_published(imported.published, evaluate(a, AIJRI_1), AIJRI_1)
    assert [c.agrees for c in same if c.key == "ruleset"] == [True]
    revised = ruleset_named(str(REFERENCE_WORKBOOK.parent / "rulesets" / "aijri-2.toml"))
    other = compare_published(imported.published, evaluate(a, revised), revised)
    assert [c.agrees for c in other if c.key == "ruleset"] == [False]


def test_render_command_prints_and_writes(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "jobzone", "render", str(REFERENCE_WORKBOOK),
                           "--format", "markdown"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == REFERENCE_TEXT.read_text(encoding="utf-8") + PROVENANCE
    target = tmp_path / "out.md"
    render_to = [sys.executable, "-m", "jobzone", "render", str(REFERENCE_WORKBOOK),
                 "--out", str(target), "--no-provenance"]
    wrote = subprocess.run(render_to, capture_output=True, text=True, check=False)
    assert wrote.returncode == 0 and target.read_bytes() == REFERENCE_TEXT.read_bytes()
    target.write_text("an analyst's notes", encoding="utf-8")
    refused = subprocess.run(render_to, capture_output=True, text=True, check=False)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "an analyst's notes"  # as `new` refuses
    forced = subprocess.run([*render_to, "--force"], capture_output=True, text=True,
                            check=False)
    assert forced.returncode == 0 and target.read_bytes() == REFERENCE_TEXT.read_bytes()
    missing = subprocess.run([sys.executable, "-m", "jobzone", "render", str(tmp_path / "x.xlsx")],
                             capture_output=True, text=True, check=False)
    assert missing.returncode == 2 and "error JZ003 no such file" in missing.stdout


def test_legends_follow_the_ruleset() -> None:
    assert zone_legend(AIJRI_1) == "Green >=48, Yellow 25-47, Red <25"
    r = evaluate(factories.for_score("60", growth=2), AIJRI_1)
    assert (r.sub_label, sub_label_reason(r, AIJRI_1)) == ("Green (Accelerated)",
                                                           "AIJRI >=48 AND growth >=+2")


def test_cells_escape_pipes_backslashes_and_line_breaks() -> None:
    text = "a | b \\ c\nd"
    assert split_row(f"| {escape_cell(text)} | x |") == [text, "x"]
    assert split_row("| \\\\| y |") == ["\\", "y"]


def test_a_multiline_rationale_and_odd_titles_survive(reference: Assessment) -> None:
    a = factories.replace_task(reference, 0, rationale="line one\nline | two")
    a = Assessment(a.role, a.principles, a.growth, a.tasks, a.evidence, a.barriers, a.override,
                   (*a.narrative, NarrativeSection("Evidence Score", "a block title as prose"),
                    NarrativeSection("Unlisted heading", "")))
    assert read_writeup(_render(a)).assessment == a


def test_a_value_that_spells_a_header_stays_a_value(reference: Assessment) -> None:
    """`| Job Title | Text |` under the role table's delimiter row is data, though its two
    cells are a narrative table's header words (found by the round trip below, seed 119
    of the CI profile: the title was lost and the rows under it read as narrative)."""
    import dataclasses

    for title in ("Text", "TEXT", "Score", "Name", "Principle"):
        a = dataclasses.replace(reference, role=dataclasses.replace(reference.role,
                                                                    job_title=title))
        assert read_writeup(_render(a)).assessment == a


def test_only_the_tables_own_delimiter_row_makes_a_header() -> None:
    """A `---` under the table is a thematic break (prose) and `| | - |` a data row: the
    row above either stays data (found by review)."""
    lines = [line for line in REFERENCE_TEXT.read_text(encoding="utf-8").splitlines()
             if not line.startswith("| Job Title |")]
    at = next(i for i, line in enumerate(lines) if line.startswith("| Typical Experience"))
    for below in (["---"], ["| | - |"], []):
        text = "\n".join([*lines[:at + 1], "| Job Title | Text |", *below, *lines[at + 1:]])
        imported = read_writeup(text).assessment
        assert imported is not None and imported.role.job_title == "Text", below


def test_a_header_over_its_own_delimiter_row_still_starts_a_table() -> None:
    """Two tables written with no blank line between them: the second header row sits
    in the first table's block, but it is over a delimiter row, so it heads a table."""
    lines = REFERENCE_TEXT.read_text(encoding="utf-8").splitlines()
    at = lines.index("| Barrier | Score (0-2) | Rationale |")
    assert lines[at - 3] == "| Total | 7 |"  # the evidence table's last row
    stacked = read_writeup("\n".join(lines[:at - 2] + lines[at:])).assessment
    expected = read_assessment(REFERENCE_WORKBOOK)
    assert stacked is not None
    assert (stacked.evidence, stacked.barriers) == (expected.evidence, expected.barriers)


@given(writeup_assessments())
def test_importing_a_rendered_write_up_gives_the_same_assessment(a: Assessment) -> None:
    imported = read_writeup(_render(a), "rendered.md")
    assert [n for n in imported.notes if n.severity == "error"] == []
    assert imported.unmapped == []
    assert imported.assessment == a


# a workbook saved and read back per example (~150 ms): the CI profile's 1000 would be
# minutes of one worker, so this law runs at most 300
@settings(max_examples=min(300, settings().max_examples))
@given(writeup_assessments(max_tasks=4))
def test_workbook_to_write_up_to_workbook(tmp_path_factory, a: Assessment) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("render") / "a.xlsx"
    save_workbook(a, AIJRI_1, path)
    assert read_writeup(_render(read_assessment(path))).assessment == a


def test_a_ruleset_named_in_words_agrees_with_itself_and_a_rules_line_stays_prose() -> None:
    import dataclasses

    from jobzone.engine.core.errors import Location
    from jobzone.engine.importer.published import compare_published
    from jobzone.workbooks.legacy.draft import Published
    from jobzone.workbooks.legacy.writeup import parse_writeup

    a = read_assessment(REFERENCE_WORKBOOK)
    named = dataclasses.replace(AIJRI_1, name="House Method")
    line = render_writeup(a, evaluate(a, named), named).rsplit("\n", 1)[1]
    assert line == f"Ruleset: House Method 1.0 ({AIJRI_1.digest})"
    figure = Published("ruleset", line.split(": ", 1)[1], Location("r.md"))
    [same] = compare_published([figure], evaluate(a, named), named)
    [other] = compare_published([figure], evaluate(a, AIJRI_1),
                                dataclasses.replace(AIJRI_1, name="House"))
    assert same.agrees and not other.agrees
    prose = dataclasses.replace(a, narrative=(*a.narrative, NarrativeSection(
        "Rules", "we followed the handbook.")))
    assert parse_writeup(_render(prose), "r.md").assessment == prose
