"""The values and names real legacy files hold, read by the importer's pure parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobzone.workbooks.legacy import values as V
from jobzone.workbooks.legacy.aliases import (
    MappingError,
    bare,
    load_aliases,
    normalise,
    read_mapping,
)
from jobzone.workbooks.legacy.labelled import parse_override
from jobzone.workbooks.legacy.sources import group_sources

ALIASES = load_aliases()


@pytest.mark.parametrize(("cells", "expected", "fractions"), [
    ([20, 30, 50], ["20", "30", "50"], False),
    ([0.2, 0.3, 0.5], ["20", "30", "50"], True),
    (["20%", "30 %", " 50% "], ["20", "30", "50"], False),
    (["0.125", 0.875], ["12.5", "87.5"], True),
    ([0.1, 0.2, 0.30000000000000004, 0.4], ["10", "20", "30", "40"], True),
    (["20,5", "79.5"], ["20.5", "79.5"], False),
    (["50%", 0.5], ["50", "50"], True),
    ([1], ["100"], True),
    ([100], ["100"], False),
    ([0.5, 0.25], ["50", "25"], True),  # sums to 0.75: still fractions (all at most 1)
    ([60, 30], ["60", "30"], False),  # sums to 90: percentages, and validation says so
])
def test_time_shares_in_every_unit(cells: list[object], expected: list[str],
                                   fractions: bool) -> None:
    shares, as_fractions = V.resolve_shares([V.share(c) for c in cells])
    assert [f"{s:f}" for s in shares] == expected
    assert as_fractions is fractions


@pytest.mark.parametrize(("cell", "top", "expected"), [
    (3, 5, 3), (3.0, 5, 3), ("3", 5, 3), (" 3.0 ", 5, 3), ("3/5", 5, 3), ("3 / 5", 5, 3),
    ("+2", 2, 2), ("-1", 2, -1), ("\u22121", 2, -1), ("1/3", 3, 1),
])
def test_scores_as_written(cell: object, top: int, expected: int) -> None:
    assert V.score(cell, top) == expected


@pytest.mark.parametrize(("cell", "message"), [
    (2.5, "whole-number"), ("3/4", "out of 4"), ("high", "whole-number"), (True, "whole-number"),
])
def test_unreadable_scores_say_why(cell: object, message: str) -> None:
    with pytest.raises(V.ValueProblem, match=message):
        V.score(cell, 5)


@pytest.mark.parametrize(("cell", "message"), [
    (1.7976931348623155e308, "1.7976931348623155e\\+308 is too large"),  # found by fuzzing
    (float("inf"), "found inf"), (float("nan"), "found nan"), (10**15, "too large"),
    ("9" * 400, r"\(402 characters\) is too large"), ("1e500", "too large"),
])
def test_numbers_no_assessment_holds_are_refused_by_name(cell: object, message: str) -> None:
    """A score or share past any real figure is a ValueProblem (a finding naming the
    cell), never an overflow in exact decimal arithmetic."""
    with pytest.raises(V.ValueProblem, match=message):
        V.share(cell)
    with pytest.raises(V.ValueProblem):  # '1e500' is no whole-number score to begin with
        V.score(cell, 5)
    if isinstance(cell, str):
        with pytest.raises(V.ValueProblem, match=message):
            V.share(cell + "%")


def test_the_largest_real_figures_still_read() -> None:
    assert V.number(10**15 - 1) == 10**15 - 1 and V.number("123456789") == 123456789
    assert V.resolve_shares([V.share(0.25), V.share(0.75)]) == ([25, 75], True)


@pytest.mark.parametrize(("text", "figure"), [
    ("1.0 + (7 x 0.04) = 1.28", "1.28"), ("2.65/5.0", "2.65"), ("41.2/100", "41.2"),
    ("(3.8058 - 0.54) / 7.93 x 100 = 41.2/100", "41.2"), ("85%", "85"), ("1/9", "1"),
    ("−3", "-3"), ("n/a", None),
])
def test_published_figures(text: str, figure: str | None) -> None:
    found = V.published_number(text)
    assert (None if found is None else f"{found:f}") == figure


def test_headers_match_after_normalising() -> None:
    assert normalise("  Time (%) ") == "time %"
    assert bare("Score (1-5)") == "score"
    tasks = ALIASES.sections["tasks"].columns
    for header in ("Time %", "TIME SHARE (%)", "% of time", "time-share", "Aug / Disp",
                   "RATIONALE:", "Score  (1–5)"):
        assert tasks.exact(header) is not None, header


def test_names_match_exactly_by_words_or_closely_and_only_when_unambiguous() -> None:
    barriers = ALIASES.names["barriers"]
    assert barriers.find("Regulatory / Licensing").value == "Regulatory/Licensing"  # type: ignore[union-attr]
    loose = barriers.find("Union & collective-bargaining protections")
    assert loose is not None and loose.value == "Union/Collective Bargaining" and loose.loose
    assert ALIASES.names["evidence"].find("Wage trend").value == "Wage Trends"  # type: ignore[union-attr]
    assert barriers.find("Licensing and liability") is None  # two barriers fit: no guess
    assert ALIASES.labels.exact("Aug") == "AUGMENTATION"
    assert ALIASES.labels.exact("n/a") == "NOT INVOLVED"


@pytest.mark.parametrize(("text", "expected"), [
    ("None — formula score accepted.", (None, "formula score accepted.")),
    ("Green (from Yellow) — strong demand", ("Green", "strong demand")),
    ("yellow - close to the line", ("Yellow", "close to the line")),
    ("Red", ("Red", None)),
    ("n/a", (None, None)),
])
def test_override_text(text: str, expected: tuple[str | None, str | None]) -> None:
    assert parse_override(text) == expected


def test_a_user_mapping_extends_the_defaults_and_is_checked(tmp_path: Path) -> None:
    mapping = tmp_path / "m.json"
    mapping.write_text('{"labels": {"DISPLACEMENT": ["gone"]}, "totals": ["all up"]}')
    aliases = load_aliases(mapping)
    assert aliases.labels.exact("gone") == "DISPLACEMENT"
    assert aliases.labels.exact("aug") == "AUGMENTATION"
    assert aliases.is_total("All up") and aliases.is_total("Total")
    for text, message in (("[sections]\ntasks = 3\n", "expected a table"),
                          ("nonsense = [1]\n", "unknown entries nonsense"),
                          ("[sections.tasks\n", "not valid")):
        bad = tmp_path / "bad.toml"
        bad.write_text(text)
        with pytest.raises(MappingError, match=message):
            read_mapping(bad)


def test_per_section_csvs_group_into_one_source(tmp_path: Path) -> None:
    files = [tmp_path / n for n in ("baker-tasks.csv", "baker_role.csv", "baker-evidence.csv",
                                    "whole.csv", "other.xlsx", "sub/tasks.csv",
                                    "sub/barriers.csv")]
    sources = group_sources(files, ALIASES)
    names = [(Path(s.name).name, len(s.files)) for s in sources]
    assert names == [("baker-*.csv", 3), ("whole.csv", 1), ("other.xlsx", 1), ("*.csv", 2)]
