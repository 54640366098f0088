"""Rule coverage in the portfolio report: each decision-table row's count is the number of
roles native evaluation says it decided, and a row verification proves dead is marked so."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.ruleset import AIJRI_1, Bounds, SubLabelRule
from jobzone.engine.report.collect import make_row
from jobzone.engine.report.coverage import coverage
from tests.portfolio import portfolio_assessments, write_portfolio


def test_coverage_counts_the_rows_that_decided_each_role(tmp_path: Path) -> None:
    assessments = portfolio_assessments(16, seed=11)
    write_portfolio(tmp_path / "roles", assessments)
    out = tmp_path / "r.json"
    done = subprocess.run([sys.executable, "-m", "jobzone", "report", str(tmp_path / "roles"),
                           "--out", str(out), "-q", "--jobs", "1"],
                          capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    [table] = document["rule_coverage"]
    assert table["ruleset"] == f"aijri-1 1.0 ({AIJRI_1.digest})"
    expected: Counter[tuple[str, int]] = Counter()
    for a in assessments:
        r = evaluate(a, AIJRI_1)
        expected[("zones", AIJRI_1.zone_names().index(r.zone) + 1)] += 1
        expected[("sub_labels", r.sub_label_row)] += 1
        expected[("quick_screen", r.quick_screen_row)] += 1
    got = {(row["table"], row["row"]): row["fired"] for row in table["rows"]}
    assert got == {key: expected[key] for key in got}
    assert sum(v for (t, _), v in got.items() if t == "zones") == table["roles"] == 16
    assert document["report"]["rulesets"] == [
        {"name": "aijri-1", "version": "1.0", "hash": AIJRI_1.digest}]


def test_a_row_that_can_never_fire_is_marked_beside_one_no_role_reached() -> None:
    dead = SubLabelRule("Yellow", Bounds(low=AIJRI_1.sub_labels[3].share_3_plus.low), Bounds(),
                        "Yellow (never)")
    rules = dataclasses.replace(AIJRI_1, name="dead-row", sub_labels=(
        *AIJRI_1.sub_labels[:4], dead, *AIJRI_1.sub_labels[4:]))
    a = portfolio_assessments(1, seed=2)[0]
    row = dataclasses.replace(make_row(1, "x.xlsx", (), rules, a, evaluate(a, rules)),
                              ruleset=rules.identity)
    [table] = coverage([row], [rules])
    marks = {(r.table, r.row): r.can_fire for r in table.rows}
    assert marks[("sub_labels", 5)] is False  # row 4 takes every input it matches
    assert marks[("sub_labels", 6)] is True and table.roles == 1
