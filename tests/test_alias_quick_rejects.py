"""Early rules that only save work: a header row is ruled out when too few of its cells
match any header alias (`Aliases.header_vocabulary`), a label when no lookup of
`label_meaning` holds it (`Aliases.label_vocabulary`). Neither changes an answer: rows and
labels drawn from the aliases, their words, near misses and prose, under the shipped
alias table and one whose task table requires one column, are read alike without them."""

from __future__ import annotations

import copy
import tomllib

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jobzone.workbooks.legacy.aliases import DEFAULTS, Aliases, load_aliases
from jobzone.workbooks.legacy.grid import SourceSheet
from jobzone.workbooks.legacy.headers import match_header

DEFAULT = load_aliases()


def _one_cell_tasks() -> Aliases:
    """A table whose task kind requires one column only (a user's table can only add
    required columns to the shipped ones; the rule is proven for any count)."""
    data = copy.deepcopy(tomllib.loads(DEFAULTS.read_text(encoding="utf-8")))
    data["sections"]["tasks"]["required"] = ["name"]
    return Aliases(data)


USER = _one_cell_tasks()


PROSE = ("Monitor the LLM pipelines", "AUGMENTATION", "Field", "Value", "", "  ", "%",
         "Totals", "Reviewed by the team lead", "2026", "n/a")


def _texts(aliases: Aliases) -> st.SearchStrategy[str]:
    """Header aliases as written, their words alone (upper case too), and prose."""
    tables = [spec.columns.table for spec in aliases.sections.values()]
    tables += [aliases.generic_rated.table, aliases.long_columns.table]
    written = sorted({alias for table in tables for alias in table})
    words = sorted({word for alias in written for word in alias.split()})
    return st.one_of(st.sampled_from(written), st.sampled_from(words).map(str.upper),
                     st.sampled_from(["Share of time spent (%)", "Score (1-5)"]),
                     st.sampled_from(PROSE))


def _rows(aliases: Aliases) -> st.SearchStrategy[dict[int, str]]:
    return st.dictionaries(st.integers(1, 9), _texts(aliases), min_size=0, max_size=7)


def _same_with_and_without_the_early_rule(aliases: Aliases, row: dict[int, str]) -> None:
    sheet = SourceSheet("Sheet1", {3: dict(row), 4: {1: "x", 2: 3}})
    early = match_header(sheet, 3, aliases)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aliases, "header_cells_needed", 0)
        assert match_header(SourceSheet("Sheet1", {3: dict(row), 4: {1: "x", 2: 3}}), 3,
                            aliases) == early


@settings(max_examples=400)
@given(_rows(DEFAULT))
@example({1: "Task", 2: "Time %", 3: "Score"})
@example({1: "Task", 2: "Monitor the LLM pipelines"})
def test_a_row_heads_the_same_table_with_and_without_the_early_rule(row: dict[int, str]
                                                                    ) -> None:
    _same_with_and_without_the_early_rule(DEFAULT, row)


@settings(max_examples=400)
@given(_rows(USER))
@example({1: "Task", 2: "Monitor the LLM pipelines"})  # heads a table of one required column
def test_the_early_rule_holds_for_a_table_kind_of_one_required_column(row: dict[int, str]
                                                                     ) -> None:
    _same_with_and_without_the_early_rule(USER, row)


def test_the_early_rule_rules_out_prose_and_keeps_headers() -> None:
    assert DEFAULT.header_cells_needed == 2
    prose = SourceSheet("S", {1: {1: "Monitor the LLM pipelines", 2: "AUGMENTATION"}})
    assert match_header(prose, 1, DEFAULT) is None
    header = SourceSheet("S", {1: {1: "Task", 2: "Time %", 3: "Score"}})
    found = match_header(header, 1, DEFAULT)
    assert found is not None and not isinstance(found, str) and found.section == "tasks"
    assert USER.header_cells_needed == 1


class _HoldsEverything:
    """A vocabulary that rules nothing out: `label_meaning` as it was without one."""

    def holds(self, text: object) -> bool:
        return True


def _labels(aliases: Aliases) -> st.SearchStrategy[str]:
    lookups = [aliases.fields["role"], aliases.fields["override"], aliases.narrative_lookup,
               aliases.published, aliases.section_titles, *aliases.names.values()]
    written = sorted({alias for lookup in lookups for alias in lookup.table})
    return st.one_of(st.sampled_from(written), st.sampled_from(written).map(str.upper),
                     st.sampled_from(written).map(lambda t: f" {t} (note)"),
                     st.sampled_from(aliases.block_titles), st.sampled_from(PROSE),
                     st.text(max_size=12))


@settings(max_examples=500)
@given(_labels(DEFAULT))
@example("Job Title")
@example("Monitor the LLM pipelines")
def test_a_label_means_the_same_with_and_without_the_early_rule(label: str) -> None:
    from jobzone.workbooks.legacy.aliases import label_meaning

    early = label_meaning(DEFAULT, label)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DEFAULT, "label_vocabulary", _HoldsEverything())
        assert label_meaning(DEFAULT, label) == early
