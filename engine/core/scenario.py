"""What-if scenarios as data: a list of edits with selectors, applied to an assessment.

A scenario says what changes, not to whom: "every task scoring 3 scores 4", "the
evidence 'Wage Trends' scores +2", "growth correlation +1". Selectors match the
assessment as it is before the scenario (so "3 becomes 4" and "4 becomes 5" in one
scenario do not chain), and edits apply in order. A score selector may match no task of
a role (that role is unchanged by it); a name that matches nothing is refused, since it
is most likely a typo. A name picks the inputs spelled exactly so (spaces around it
aside); only when there is none does case stop counting, and a name that then meets
inputs spelled differently ('Review' and 'review', which the schema keeps apart as two
tasks) is refused as ambiguous. Nothing is normalised behind the
analyst's back: a scenario that would put a score outside its scale, or leave the time
shares summing to anything but 100 %, is refused with the reason (`ScenarioError`).

Keys are those of `jobzone explain` (`task[2].score`), with selectors in the brackets:

    tasks[score=3].score = 4          every task scoring 3 (score=3|4: scoring 3 or 4)
    task[Inference optimisation].score = +1
    task[Inference optimisation].time_share = 25
    evidence[Wage Trends].score = 2   (also barrier[...], principle[...])
    growth.score = -1                 (sets; `growth.score += -1` shifts: `jobzone whatif
                                      --set KEY=V` sets, `--set KEY+=N` / `KEY-=N` shift;
                                      in a scenario file a number sets, "+N"/"-N" shifts)

Pure: no files (`jobzone.engine.core.scenario_file` reads the TOML form).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jobzone.engine.core.model import Assessment, Rated, Task
from jobzone.engine.core.ruleset import Ruleset, Scale, Scales

HUNDRED = Decimal(100)
GROUPS = {"task": "tasks", "tasks": "tasks", "evidence": "evidence", "barrier": "barriers",
          "principle": "principles"}
_KEY = re.compile(r"^(?P<kind>tasks?|evidence|barrier|principle|growth)"
                  r"(?:\[(?P<selector>[^\]]*)\])?\.(?P<field>score|time_share)$")


class ScenarioError(ValueError):
    """A scenario that cannot be applied as written; the message says why."""


@dataclass(frozen=True)
class Edit:
    """One edit: which inputs (kind and selector), which field, and set or shift by how much."""

    kind: str  # task | evidence | barrier | principle | growth
    selector: str | None  # a name, or "score=3" for every task scoring 3; None: growth
    field: str  # score | time_share
    value: Decimal
    shift: bool  # True: add `value`; False: set to `value`
    text: str  # as written, for messages

    @classmethod
    def parse(cls, key: str, value: str | int | float, shift: bool | None = None) -> Edit:
        """`task[Inference optimisation].score` and `4` (set) or the text `"+1"` (shift);
        `shift` given says which, whatever the value's sign."""
        match = _KEY.match(key.strip())
        if match is None:
            raise ScenarioError(
                f"{key!r} is not an input: use task[NAME].score, task[NAME].time_share, "
                "tasks[score=N].score, evidence[NAME].score, barrier[NAME].score, "
                "principle[NAME].score or growth.score")
        kind = "task" if match["kind"] == "tasks" else match["kind"]
        selector = match["selector"]
        if kind == "growth" and selector:
            raise ScenarioError(f"{key!r}: there is one growth correlation; write growth.score")
        if kind != "growth" and not selector:
            raise ScenarioError(f"{key!r}: say which {kind} in the brackets (a name, or "
                                "score=N for tasks)")
        if match["field"] == "time_share" and kind != "task":
            raise ScenarioError(f"{key!r}: only tasks have a time share")
        text = str(value).strip()
        if shift is None:
            shift = isinstance(value, str) and text[:1] in "+-"
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ScenarioError(f"{key} = {value!r}: not a number") from None
        if match["field"] == "score" and number != number.to_integral_value():
            raise ScenarioError(f"{key} = {value!r}: scores are whole numbers")
        shown = (f"{key} {'+' if number >= 0 else '-'}= {abs(number)}" if shift
                 else f"{key} = {text}")
        return cls(kind, selector, match["field"], number, shift, shown)


@dataclass(frozen=True)
class Scenario:
    name: str
    edits: tuple[Edit, ...]
    description: str = ""
    rules: str | None = None  # another ruleset, as the file names it (None: the same)
    ruleset: Ruleset | None = None  # that ruleset, loaded by the caller (it reads files)


@dataclass(frozen=True)
class Applied:
    """One input the scenario changed: what it is, and its value before and after."""

    label: str
    before: Decimal
    after: Decimal
    edit: str


def _by_score(edit: Edit) -> bool:
    return edit.kind == "task" and (edit.selector or "").replace(" ", "").startswith("score=")


def _selected(edit: Edit, items: Sequence[Task | Rated]) -> list[int]:
    """The positions of the inputs (as they were before the scenario) the edit's selector
    picks: for tasks `score=3` / `score=3|4`, else a name.

    A name picks the inputs spelled exactly so, spaces around it aside; only when none is
    does case stop counting. The schema keeps 'Review' and 'review' apart as two tasks, so
    naming one must not edit both; a name that meets only differently spelled inputs once
    case is folded says none of them, and is refused as ambiguous."""
    selector = (edit.selector or "").strip()
    if _by_score(edit):
        wanted = {part.strip() for part in selector.split("=", 1)[1].split("|")}
        return [i for i, item in enumerate(items) if str(item.score) in wanted]
    exact = [i for i, item in enumerate(items) if item.name.strip() == selector]
    if exact:
        return exact
    folded = [i for i, item in enumerate(items)
              if item.name.strip().casefold() == selector.casefold()]
    spellings = sorted({items[i].name.strip() for i in folded})
    if len(spellings) > 1:
        raise ScenarioError(f"{edit.text}: {selector!r} could be any of "
                            f"{', '.join(repr(s) for s in spellings)}; spell the "
                            f"{edit.kind} as the workbook does")
    return folded


def _new_value(edit: Edit, current: Decimal) -> Decimal:
    return current + edit.value if edit.shift else edit.value


def _scale(scales: Scales, kind: str) -> Scale:
    scale: Scale = getattr(scales, kind)
    return scale


def _check_scale(edit: Edit, label: str, value: Decimal, scales: Scales) -> None:
    low, high = _scale(scales, edit.kind)
    if edit.field == "score" and not low <= value <= high:
        raise ScenarioError(f"{edit.text}: {label} would score {value:f}, outside its scale "
                            f"{low}..{high}")
    if edit.field == "time_share" and not (0 <= value <= HUNDRED
                                           and value == value.quantize(Decimal("0.01"))):
        raise ScenarioError(f"{edit.text}: {label} would get {value:f}% of the time; a time "
                            "share is 0-100 % in hundredths")


def apply(assessment: Assessment, scenario: Scenario, rules: Ruleset
          ) -> tuple[Assessment, list[Applied]]:
    """The assessment under the scenario, and every input it changed, in order.

    A score may move within the scale of the ruleset it is scored under: the scenario's
    own ruleset when it names one, else `rules` (the workbook's)."""
    scales = (scenario.ruleset or rules).scales
    tasks = list(assessment.tasks)
    rated = {group: list(getattr(assessment, group))
             for group in ("evidence", "barriers", "principles")}
    growth = assessment.growth
    applied: list[Applied] = []
    for edit in scenario.edits:
        hits = 0
        if edit.kind == "growth":
            before = Decimal(assessment.growth.score)
            after = _new_value(edit, Decimal(growth.score))
            _check_scale(edit, "the growth correlation", after, scales)
            growth = dataclasses.replace(growth, score=int(after))
            applied.append(Applied("AI growth correlation", before, after, edit.text))
            continue
        if edit.kind == "task":
            for index in _selected(edit, assessment.tasks):
                hits += 1
                tasks[index] = _edited_task(tasks[index], assessment.tasks[index], edit,
                                            applied, scales)
        else:
            group = GROUPS[edit.kind]
            for index in _selected(edit, getattr(assessment, group)):
                hits += 1
                rated[group][index] = _edited_rated(rated[group][index], edit, applied,
                                                    scales)
        # "every task scoring 3" may be none of a role's tasks; a name matching nothing is
        # most likely a typo
        if hits == 0 and not _by_score(edit):
            raise ScenarioError(f"{edit.text}: no {edit.kind} matches {edit.selector!r} in "
                                f"{assessment.role.job_title or 'this assessment'}")
    total = sum((t.time_share for t in tasks), Decimal(0))
    if total != HUNDRED:
        moved = ", ".join(a.edit for a in applied if "time share" in a.label)
        raise ScenarioError(f"the time shares would sum to {total.normalize():f}%, not 100% "
                            f"({moved}); move time between tasks in the same scenario so "
                            "they still sum to 100%")
    changed = dataclasses.replace(assessment, tasks=tuple(tasks), growth=growth,
                                  evidence=tuple(rated["evidence"]),
                                  barriers=tuple(rated["barriers"]),
                                  principles=tuple(rated["principles"]))
    return changed, applied


def _edited_task(task: Task, original: Task, edit: Edit, applied: list[Applied],
                 scales: Scales) -> Task:
    label = f"Task {original.name!r} {'score' if edit.field == 'score' else 'time share'}"
    if edit.field == "score":
        after = _new_value(edit, Decimal(task.score))
        _check_scale(edit, f"task {original.name!r}", after, scales)
        applied.append(Applied(label, Decimal(original.score), after, edit.text))
        return dataclasses.replace(task, score=int(after))
    after = _new_value(edit, task.time_share)
    _check_scale(edit, f"task {original.name!r}", after, scales)
    applied.append(Applied(label, original.time_share, after, edit.text))
    return dataclasses.replace(task, time_share=after)


def _edited_rated(item: Rated, edit: Edit, applied: list[Applied], scales: Scales) -> Rated:
    after = _new_value(edit, Decimal(item.score))
    _check_scale(edit, f"{edit.kind} {item.name!r}", after, scales)
    applied.append(Applied(f"{edit.kind.capitalize()} {item.name!r} score",
                           Decimal(item.score), after, edit.text))
    return dataclasses.replace(item, score=int(after))
