"""Real spreadsheet programs agree under drawn rulesets: LibreOffice and Gnumeric each
recalculate 50 workbooks built under 10 rulesets drawn by `tests.ruleset_strategies`,
and every named result they compute equals native evaluation under that ruleset.

The sample is drawn by hypothesis, derandomised (the same 50 workbooks on every run and
every machine): the generation phase of a run of 150 examples, of which the last ten
distinct rulesets are kept (hypothesis starts from its simplest examples, so the last
are the most varied), each with five assessments moved under it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import Ruleset
from jobzone.workbooks.builder import save_workbook
from jobzone.workbooks.named_results import compare_named, expected_named_values, read_named_values
from tests import gnumeric, libreoffice
from tests.ruleset_strategies import rulesets, under
from tests.strategies import assessments, edge_assessments

RULESETS, PER_RULESET = 10, 5


def drawn_sample() -> list[tuple[Ruleset, list[Assessment]]]:
    collected: list[tuple[Ruleset, list[Assessment]]] = []

    @settings(max_examples=150, derandomize=True, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), deadline=None)
    @given(rulesets(), st.lists(st.one_of(assessments(max_tasks=10), edge_assessments()),
                                min_size=PER_RULESET, max_size=PER_RULESET), st.data())
    def collect(rules: Ruleset, batch: list[Assessment], data: st.DataObject) -> None:
        own = data.draw(st.lists(assessments(max_tasks=10, scales=rules.scales),
                                 min_size=2, max_size=2))  # the whole of its own scales
        collected.append((rules, [under(a, rules) for a in [*batch[:PER_RULESET - 2], *own]]))

    collect()
    distinct: dict[str, tuple[Ruleset, list[Assessment]]] = {}
    for rules, batch in reversed(collected):  # one per drawn name: no two near-copies
        distinct.setdefault(rules.name, (rules, batch))
        if len(distinct) == RULESETS:
            break
    assert len(distinct) == RULESETS
    return list(distinct.values())


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Ruleset, Assessment]]:
    folder = tmp_path_factory.mktemp("any-ruleset")
    built = []
    for r, (rules, batch) in enumerate(drawn_sample()):
        for n, a in enumerate(batch):
            path = folder / f"ruleset{r:02d}-role{n}.xlsx"
            save_workbook(a, rules, path)
            built.append((path, rules, a))
    return built


def disagreements(sample: Sequence[tuple[Path, Ruleset, Assessment]],
                  recalculate: Callable[[Sequence[Path], Path], list[Path]],
                  out: Path) -> list[str]:
    outputs = recalculate([path for path, _, _ in sample], out)
    failures = []
    for (path, rules, a), recalculated in zip(sample, outputs, strict=True):
        computed = read_named_values(openpyxl.load_workbook(recalculated, data_only=True))
        expected = expected_named_values(evaluate(a, rules), rules)
        failures += [f"{path.name} ({rules.name}): {m}" for m in compare_named(expected,
                                                                               computed)]
    return failures


def test_the_sample_spans_ten_rulesets_and_fifty_workbooks(
        sample: list[tuple[Path, Ruleset, Assessment]]) -> None:
    assert len(sample) >= 50 and len({rules for _, rules, _ in sample}) >= 10
    assert len({len(rules.zones) for _, rules, _ in sample}) > 1  # the sample varies
    assert len({rules.scales.task for _, rules, _ in sample}) > 1  # so do its task scales


@pytest.mark.libreoffice
def test_libreoffice_agrees_under_drawn_rulesets(
        sample: list[tuple[Path, Ruleset, Assessment]], tmp_path: Path) -> None:
    failures = disagreements(sample, libreoffice.recalculate, tmp_path / "lo")
    assert not failures, "\n".join(failures[:20])


@pytest.mark.gnumeric
def test_gnumeric_agrees_under_drawn_rulesets(
        sample: list[tuple[Path, Ruleset, Assessment]], tmp_path: Path) -> None:
    failures = disagreements(sample, gnumeric.recalculate, tmp_path / "gnumeric")
    assert not failures, "\n".join(failures[:20])
