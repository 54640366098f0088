"""Scenarios as data: `jobzone whatif` on the reference's own scenario, refusals with
their reasons, scenario files with errors at file:line, and laws over generated roles."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.core.scenario import Edit, Scenario, ScenarioError, apply
from jobzone.engine.core.scenario_file import read_scenario
from tests.conftest import REFERENCE_WORKBOOK, ROOT
from tests.strategies import assessments

TOOLING = ROOT / "examples" / "scenarios" / "tooling-matures.toml"


def jobzone(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobzone", *map(str, args)],
                          capture_output=True, text=True, check=False)


def test_the_references_own_scenario_on_the_example() -> None:
    """"Tasks scoring 3 today (deployment, inference optimisation) could score 4.""" ""
    done = jobzone("whatif", REFERENCE_WORKBOOK, "--scenario", TOOLING)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Task 'LLM deployment & serving infrastructure' score: 3 -> 4" in done.stdout
    assert "Task 'Inference optimisation' score: 3 -> 4" in done.stdout
    assert "Result: 41.2 Yellow (Urgent) -> 34.8 Yellow (Urgent) (-6.4)" in done.stdout
    assert "= 41.2/100" in done.stdout and "= 34.8/100" in done.stdout  # side by side
    document = json.loads(jobzone("whatif", REFERENCE_WORKBOOK, "-s", TOOLING, "-f",
                                  "json").stdout)
    [role] = document["roles"]
    assert (role["baseline"]["score"], role["scenario_result"]["score"]) == (41.2, 34.8)
    assert [e["input"] for e in role["edits"]] == [
        "Task 'LLM deployment & serving infrastructure' score",
        "Task 'Inference optimisation' score"]


@pytest.mark.parametrize(("edit", "reason"), [
    ("task[Inference optimisation].time_share+=5",
     "the time shares would sum to 105%, not 100%"),
    ("tasks[score=4].score+=2", "would score 6, outside its scale 1..5"),
    ("evidence[Nonexistent].score=1", "no evidence matches 'Nonexistent'"),
    ("growth.score=-3", "outside its scale -2..2"),
])
def test_a_scenario_that_cannot_hold_is_refused_with_its_reason(edit: str, reason: str) -> None:
    done = jobzone("whatif", REFERENCE_WORKBOOK, "--set", edit)
    assert done.returncode == 1 and "refused" in done.stdout and reason in done.stdout


def test_moving_time_between_tasks_in_one_scenario_is_accepted() -> None:
    done = jobzone("whatif", REFERENCE_WORKBOOK, "--set",
                   "task[Inference optimisation].time_share+=5", "--set",
                   "task[Evaluate & integrate new LLMOps tooling].time_share-=5")
    assert done.returncode == 0, done.stdout
    assert "Task 'Inference optimisation' time share: 15 -> 20" in done.stdout


@pytest.mark.parametrize(("text", "where"), [
    ("name = 'x'\n[[edit]]\ninput = 'task[A].colour'\nvalue = 1\n", ":2: 'task[A].colour' is not"),
    ("name = 'x'\nsurprise = 1\n[[edit]]\ninput = 'growth.score'\nvalue = 1\n",
     ":2: unknown key 'surprise'"),
    ("name = 'x'\n[[edit]]\ninput = 'growth.score'\n", ":2: each [[edit]] has exactly"),
    ("name = 'x'\n[[edit]\n", ":2: not valid TOML"),
    ("name = 'x'\n", ":1: a scenario needs at least one [[edit]]"),
])
def test_a_broken_scenario_file_is_an_error_at_its_line(tmp_path: Path, text: str,
                                                        where: str) -> None:
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        read_scenario(path)
    assert f"{path}{where}" in str(caught.value)
    done = jobzone("whatif", REFERENCE_WORKBOOK, "--scenario", path)
    assert done.returncode == 2 and where in done.stderr and "Traceback" not in done.stderr


@settings(max_examples=min(settings().max_examples, 300))
@given(assessments(max_tasks=12), st.integers(1, 4))
def test_raising_automation_never_raises_the_score(a: Assessment, level: int) -> None:
    """A law over generated roles: every task scoring `level` scoring one more never
    makes the role more resistant (the method is monotonic in each task score)."""
    scenario = Scenario("up", (Edit.parse(f"tasks[score={level}].score", "+1"),))
    changed, applied = apply(a, scenario, AIJRI_1)
    if not any(t.score == level for t in a.tasks):  # no task at that score: no change
        assert changed == a and applied == []
        return
    assert all(x.after == x.before + 1 for x in applied)
    assert evaluate(changed, AIJRI_1).score <= evaluate(a, AIJRI_1).score


@settings(max_examples=min(settings().max_examples, 300))
@given(assessments(max_tasks=12))
def test_a_scenario_that_sets_every_input_to_itself_changes_nothing(a: Assessment) -> None:
    edits = [Edit.parse(f"task[{t.name}].score", t.score) for t in a.tasks
             if "]" not in t.name]
    edits.append(Edit.parse("growth.score", a.growth.score))  # a number sets, "-2" would shift
    changed, _ = apply(a, Scenario("same", tuple(edits)), AIJRI_1)
    assert evaluate(changed, AIJRI_1) == evaluate(a, AIJRI_1)
    assert changed.tasks == a.tasks and changed.growth == a.growth


def _two_tasks_told_apart_by_case() -> Assessment:
    """'Review' and 'review': two tasks to the schema (JZ202 compares names as spelled)."""
    import dataclasses

    from tests.factories import assessment

    a = assessment(tasks=[("40", 2, "AUGMENTATION"), ("60", 4, "DISPLACEMENT")])
    renamed = (dataclasses.replace(a.tasks[0], name="Review"),
               dataclasses.replace(a.tasks[1], name="review"))
    return dataclasses.replace(a, tasks=renamed)


def test_a_name_edits_only_the_task_spelled_so() -> None:
    """Found by the set-every-input-to-itself law in a loaded run: 'Ø' and 'ø' were two
    tasks, and setting each to its own score set both to the other's."""
    a = _two_tasks_told_apart_by_case()
    changed, applied = apply(a, Scenario("one", (Edit.parse("task[review].score", "5"),)),
                             AIJRI_1)
    assert [t.score for t in changed.tasks] == [2, 5] and len(applied) == 1
    changed, _ = apply(a, Scenario("same", (Edit.parse("task[Review].score", "2"),
                                            Edit.parse("task[review].score", "4"))), AIJRI_1)
    assert changed == a


def test_a_name_in_another_case_still_finds_its_one_task() -> None:
    from tests.factories import assessment

    a = assessment(tasks=[("40", 2, "AUGMENTATION"), ("60", 4, "DISPLACEMENT")])
    changed, _ = apply(a, Scenario("one", (Edit.parse("task[  TASK 2 ].score", "5"),)),
                       AIJRI_1)
    assert [t.score for t in changed.tasks] == [2, 5]


def test_a_name_that_fits_two_spellings_only_by_case_is_refused() -> None:
    with pytest.raises(ScenarioError, match="'REVIEW' could be any of 'Review', 'review'"):
        apply(_two_tasks_told_apart_by_case(),
              Scenario("which", (Edit.parse("task[REVIEW].score", "5"),)), AIJRI_1)


def test_selectors_match_the_assessment_before_the_scenario() -> None:
    """3 -> 4 and 4 -> 5 in one scenario do not chain: a task at 3 ends at 4."""
    from tests.factories import assessment

    a = assessment(tasks=[("50", 3, "AUGMENTATION"), ("50", 4, "DISPLACEMENT")])
    changed, _ = apply(a, Scenario("two", (Edit.parse("tasks[score=3].score", "4"),
                                           Edit.parse("tasks[score=4].score", "5"))),
                        AIJRI_1)
    assert [t.score for t in changed.tasks] == [4, 5]
    assert Decimal(sum(t.time_share for t in changed.tasks)) == 100
