"""Rulesets as files users own: `aijri-1` loaded from its TOML like any user's file, every
broken file an error at file:line, and `jobzone ruleset verify` on hand-made broken
rulesets, one per check."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from jobzone.engine.core.ruleset import AIJRI_1, Bounds
from jobzone.engine.core.ruleset_file import (
    RulesetError,
    builtin_text,
    parse_ruleset,
    ruleset_named,
)
from jobzone.engine.core.ruleset_verify import max_score, verify

TEXT = builtin_text("aijri-1")


def jobzone(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobzone", *map(str, args)],
                          capture_output=True, text=True, check=False)


def test_the_published_method_is_the_shipped_file() -> None:
    """METHODOLOGY's figures, read from aijri-1.toml by the loader every file goes through."""
    rules = ruleset_named("aijri-1")
    assert rules == AIJRI_1 and rules.version == "1.0" and rules.digest.startswith("sha256:")
    c = rules.constants
    assert (c.task_resistance_base, c.evidence_weight, c.barrier_weight, c.growth_weight,
            c.raw_floor, c.raw_range) == (Decimal("6.00"), Decimal("0.04"), Decimal("0.02"),
                                          Decimal("0.05"), Decimal("0.54"), Decimal("7.93"))
    assert [(z.zone, z.min_score) for z in rules.zones] == [
        ("Green", Decimal("48.0")), ("Yellow", Decimal("25.0")), ("Red", None)]
    assert rules.sub_labels[1].share_3_plus == Bounds(low=Decimal("0.40"))
    assert max_score(rules) == Decimal("109.7")
    assert verify(rules) == []


def broken(tmp_path: Path, old: str, new: str) -> Path:
    assert old in TEXT, old
    path = tmp_path / "broken.toml"
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


@pytest.mark.parametrize(("old", "new", "needle", "says"), [
    ("evidence_weight = 0.04", "evidence_wieght = 0.04", "evidence_wieght",
     "unknown key 'evidence_wieght'"),
    ("raw_range = 7.93", 'raw_range = "7.93"', "raw_range", "constants.raw_range must be a "
     "number"),
    ('zone = "Red"\n\n# Sub', 'zone = "Red"\nmin_score = 1.0\n\n# Sub', "min_score = 1.0",
     "the zone table has no catch-all row"),
    ('zone = "Yellow"\nsub_label = "Yellow (Moderate)"',
     'zone = "Amber"\nsub_label = "Yellow (Moderate)"', 'zone = "Amber"',
     "names zone 'Amber', which is not a zone"),
    ('[[quick_screen]]\nresult = "Proceed to quantify"',
     '[[quick_screen]]\nprotective = { min = 3 }\nresult = "Proceed to quantify"',
     "protective = { min = 3 }", "the quick-screen table has no catch-all row"),
    ("steps = 1 ", "steps = 0 ", "steps = 0", "override.steps must be a whole number >= 1"),
    ("task = [1, 5]", 'task = ["1", 5]', "task = [", "scales.task must be [lowest, highest]"),
    ("barrier = [0, 2]", "barrier = [2, 0]", "barrier = [2, 0]", "must go up"),
    ("principle = [0, 3]", "principle = [0, 30]", "principle = [0, 30]", "at most 11 points"),
    ("growth = [-2, 2] ", "", "[scales]", "scales.growth is missing"),
    ("[scales]", "[scalez]", "[scalez]", "unknown key 'scalez'"),
    ("task = [1, 5]", "task = [4, 9]", "high_automation_score",
     "constants.high_automation_score must be on the task scale (4 to 9)"),
    ("evidence = [-2, 2]", "evidence = [-2, 2]\nwage = [0, 1]", "wage = [0, 1]",
     "unknown key 'wage' in [scales]"),
])
def test_a_broken_ruleset_file_is_an_error_at_its_line(tmp_path: Path, old: str, new: str,
                                                       needle: str, says: str) -> None:
    path = broken(tmp_path, old, new)
    with pytest.raises(RulesetError) as caught:
        ruleset_named(str(path))
    message = str(caught.value)
    assert says in message, message
    where = int(message.split(":")[1])
    assert abs(where - line_of(path, needle)) <= 1, (message, line_of(path, needle))
    done = jobzone("ruleset", "verify", path)
    assert done.returncode == 2 and says in done.stderr and "Traceback" not in done.stderr


def test_a_file_from_before_scales_were_data_takes_the_published_scales() -> None:
    start, end = TEXT.index("# The whole-number scale"), TEXT.index("[override]")
    text = (TEXT[:start] + TEXT[end:]).replace('name = "aijri-1"', 'name = "house-1"')
    old = parse_ruleset(text, "old.toml")
    assert old.scales == AIJRI_1.scales and old == dataclasses.replace(AIJRI_1, name="house-1")


def verified(tmp_path: Path, old: str, new: str) -> list[tuple[str, int | None, str]]:
    rules = parse_ruleset(TEXT.replace(old, new, 1), "x.toml")
    return [(p.code, p.row, p.message) for p in verify(rules)]


def test_a_gap_is_found_with_an_input_that_falls_through(tmp_path: Path) -> None:
    """Green's catch-all row gone: a Green role with little time at 3+ and low growth
    gets no sub-label."""
    problems = verified(tmp_path, '[[sub_labels]]\nzone = "Green"\nsub_label = "Green (Stable)"\n',
                        "")
    [gap] = [p for p in problems if p[0] == "JZ630"]
    assert "a Green role with 0% of task time at 3+ and growth -2" in gap[2]


def test_a_shadowed_row_names_the_rows_that_shadow_it(tmp_path: Path) -> None:
    """Yellow (Urgent) at 0.40 moved below the Yellow catch-all can never fire."""
    text = TEXT.replace('[[sub_labels]]\nzone = "Yellow"\nshare_3_plus = { min = 0.40 }\n'
                        'sub_label = "Yellow (Urgent)"\n\n', "", 1)
    text = text.replace('sub_label = "Yellow (Moderate)"\n',
                        'sub_label = "Yellow (Moderate)"\n\n[[sub_labels]]\nzone = "Yellow"\n'
                        'share_3_plus = { min = 0.40 }\nsub_label = "Yellow (Urgent)"\n', 1)
    problems = [(p.code, p.row, p.message) for p in verify(parse_ruleset(text, "x.toml"))]
    assert ("JZ631", 5, "sub_labels row 5 never fires: row(s) 4 take every input it matches"
            ) in problems


def test_thresholds_out_of_order_or_domain(tmp_path: Path) -> None:
    order = verified(tmp_path, "min_score = 25.0", "min_score = 50.0")
    assert any(p[0] == "JZ632" and "out of order" in p[2] for p in order)
    domain = verified(tmp_path, "min_score = 48.0", "min_score = 120.0")
    assert any(p[0] == "JZ632" and "outside the scores the method can give (0 to 109.7)"
               in p[2] for p in domain)


def test_a_zone_without_a_sub_label(tmp_path: Path) -> None:
    problems = verified(tmp_path, '[[sub_labels]]\nzone = "Red"\nsub_label = "Red"\n', "")
    assert ("JZ633", None, "zone Red has no sub-label row") in problems


def test_an_override_range_that_crosses_two_thresholds(tmp_path: Path) -> None:
    problems = verified(tmp_path, "range = 5.0", "range = 12.0")
    assert any(p[0] == "JZ634" and "36.5" in p[2] for p in problems)


def test_ruleset_verify_prints_each_problem_and_exits_1(tmp_path: Path) -> None:
    path = broken(tmp_path, '[[sub_labels]]\nzone = "Green"\nsub_label = "Green (Stable)"\n', "")
    done = jobzone("ruleset", "verify", path)
    assert done.returncode == 1 and "error JZ630" in done.stdout
    clean = jobzone("ruleset", "verify", "aijri-1")
    assert clean.returncode == 0 and "aijri-1 1.0" in clean.stderr  # a summary: stderr
    assert "JZ630" in jobzone("rules", "JZ63").stdout


def test_verify_points_at_the_line_of_a_gap_and_of_a_shadowed_row(tmp_path: Path) -> None:
    """The issue's demonstration: the Yellow rows in the wrong order (Urgent at 40 %
    before Acute at 80 %: Acute never fires) and the Red row bounded (a gap)."""
    text = REVISED.read_text(encoding="utf-8")
    text = text.replace('share_3_plus = { min = 0.80 }\nsub_label = "Yellow (Acute)"', "@@")
    text = text.replace('share_3_plus = { min = 0.40 }\nsub_label = "Yellow (Urgent)"',
                        'share_3_plus = { min = 0.80 }\nsub_label = "Yellow (Acute)"')
    text = text.replace("@@", 'share_3_plus = { min = 0.40 }\nsub_label = "Yellow (Urgent)"')
    text = text.replace('zone = "Red"\nsub_label = "Red"',
                        'zone = "Red"\ngrowth = { min = 0 }\nsub_label = "Red"')
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    done = jobzone("ruleset", "verify", path)
    lines = text.splitlines()
    acute = next(n for n, line in enumerate(lines, 1) if line == 'sub_label = "Yellow (Acute)"')
    row_start = max(n for n, line in enumerate(lines[:acute], 1) if line == "[[sub_labels]]")
    assert done.returncode == 1
    assert (f"{path}:{row_start}: warning JZ631 [sub_labels] row 5: sub_labels row 5 never "
            "fires: row(s) 4 take every input it matches") in done.stdout
    assert "error JZ630 [sub_labels]: no row of sub_labels fires for a Red role" in done.stdout


REVISED = Path(__file__).resolve().parent.parent / "examples" / "rulesets" / "aijri-2.toml"
REVISED_SCENARIO = REVISED.parent.parent / "scenarios" / "aijri-2.toml"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "llmops-engineer.xlsx"


def test_a_revised_ruleset_verifies_and_scores_the_example_under_it() -> None:
    """aijri-2: one constant changed (evidence 0.04 -> 0.05) and one sub-label row split
    (Yellow (Urgent) -> Yellow (Acute) at 80 %+ of task time at 3+)."""
    assert jobzone("ruleset", "verify", REVISED).returncode == 0
    done = jobzone("whatif", EXAMPLE, "--scenario", REVISED_SCENARIO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Ruleset: aijri-1 -> aijri-2 2.0-draft" in done.stdout
    assert "Result: 41.2 Yellow (Urgent) -> 43.8 Yellow (Acute) (+2.6)" in done.stdout
    assert "1.0 + (7 x 0.05) = 1.35" in done.stdout  # the scenario's derivation, side by side


def test_a_ruleset_forced_on_a_workbook_of_another_scores_under_it() -> None:
    """--rules aijri-2 on the example (made under aijri-1): the score is aijri-2's, said
    once (JZ322), not a drift error per Rules cell; the narrative's cited 41.2 is stale."""
    done = jobzone("score", EXAMPLE, "--rules", REVISED)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Rules!B2: info JZ322 scored under aijri-2 as asked" in done.stdout
    assert "JZ320" not in done.stdout
    assert "= 43.8/100" in done.stdout and "Yellow (Acute)" in done.stdout
    assert "JZ621 the text says 'The 41.2 score', but the score is now 43.8" in done.stdout


def test_a_broken_ruleset_given_to_a_command_exits_2_at_its_line(tmp_path: Path) -> None:
    path = broken(tmp_path, "raw_range = 7.93", 'raw_range = "x"')
    for command in ("check", "score", "explain"):
        done = jobzone(command, EXAMPLE, "--rules", path)
        assert done.returncode == 2 and f"{path}:" in done.stderr, command
        assert "Traceback" not in done.stderr


def test_the_configuration_names_a_ruleset_file_relative_to_itself(tmp_path: Path) -> None:
    """A project's default ruleset (a file beside its jobzone.toml): `new` and `import`
    write workbooks under it, and `check` scores each under the ruleset it declares."""
    import json

    project = tmp_path / "project"
    (project / "rules").mkdir(parents=True)
    (project / "rules" / "ours.toml").write_text(REVISED.read_text(encoding="utf-8"),
                                                encoding="utf-8")
    (project / "jobzone.toml").write_text('ruleset = "rules/ours.toml"\n', encoding="utf-8")
    done = jobzone("import", EXAMPLE.with_suffix(".txt"), "--out", project / "out", "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    made = next((project / "out").glob("*.xlsx"))
    checked = jobzone("check", made, "-f", "json")
    record = json.loads(checked.stdout)["files"][0]
    assert (record["ruleset"], record["ruleset_version"]) == ("aijri-2", "2.0-draft")
    assert record["result"]["score"] == 43.8
    assert not [f for f in record["findings"] if f["severity"] == "error"]
    blank = project / "blank.xlsx"
    assert jobzone("new", blank).returncode == 0
    import openpyxl

    assert openpyxl.load_workbook(blank)["Rules"]["B2"].value == "aijri-2"


def test_a_portfolio_compared_under_two_rulesets(tmp_path: Path) -> None:
    """The scenario machinery compares rulesets: each role's score under aijri-2 is the
    method's under that ruleset."""
    import json

    from jobzone.engine.core.evaluate import evaluate
    from tests.portfolio import portfolio_assessments, write_portfolio

    assessments = portfolio_assessments(12, seed=3)
    paths = write_portfolio(tmp_path / "roles", assessments)
    out = tmp_path / "r.json"
    done = jobzone("report", tmp_path / "roles", "--scenario", REVISED_SCENARIO, "--out", out,
                   "-q", "--jobs", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["scenario"]["name"] == "Revised method (aijri-2)"
    assert document["scenario"]["compared"] == 12 and not document["scenario"]["refused"]
    revised = ruleset_named(str(REVISED))
    by_file = {str(p): a for p, a in zip(paths, assessments, strict=True)}
    for role in document["files"]:
        expected = evaluate(by_file[role["file"]], revised)
        assert role["scenario"]["score"] == float(expected.score)
        assert role["scenario"]["sub_label"] == expected.sub_label


def test_a_crafted_table_of_thousands_of_rows_is_refused_at_once(tmp_path: Path) -> None:
    row = '[[quick_screen]]\nprotective = { min = 1 }\nresult = "x"\n\n'
    path = tmp_path / "huge.toml"
    path.write_text(TEXT.replace("[[quick_screen]]\ngrowth = { min = 2 }",
                                 row * 5000 + "[[quick_screen]]\ngrowth = { min = 2 }", 1),
                    encoding="utf-8")
    with pytest.raises(RulesetError, match="has 5004 rows; a decision table may have at most"):
        ruleset_named(str(path))  # refused by the loader, before any verification work
