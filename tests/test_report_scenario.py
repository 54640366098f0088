"""`jobzone report --scenario`: the portfolio compared with itself under a scenario, in
every format, each figure checked against the method applied role by role."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.core.scenario import ScenarioError, apply
from jobzone.engine.core.scenario_file import read_scenario
from tests.conftest import ROOT
from tests.portfolio import portfolio_assessments, write_portfolio

Portfolio = tuple[Path, list[Assessment]]
TOOLING = ROOT / "examples" / "scenarios" / "tooling-matures.toml"
ROLES = 24


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Portfolio:
    directory = tmp_path_factory.mktemp("scenario") / "roles"
    assessments = portfolio_assessments(ROLES, seed=11)
    write_portfolio(directory, assessments)
    return directory, assessments


def expected(assessments: list[Assessment]) -> tuple[Counter[tuple[str, str]], int]:
    """The transition matrix and the refusals, from the method applied to each role."""
    scenario = read_scenario(TOOLING)
    matrix: Counter[tuple[str, str]] = Counter()
    refused = 0
    for a in assessments:
        try:
            changed, _ = apply(a, scenario, AIJRI_1)
        except ScenarioError:
            refused += 1
            continue
        matrix[(evaluate(a, AIJRI_1).final_zone, evaluate(changed, AIJRI_1).final_zone)] += 1
    return matrix, refused


def report(directory: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobzone", "report", str(directory), "--out",
                           str(out), "--scenario", str(TOOLING), "--jobs", "1", "-q"],
                          capture_output=True, text=True, check=False)


def test_json_carries_the_transition_matrix_and_the_movers(portfolio: Portfolio,
                                                           tmp_path: Path) -> None:
    directory, assessments = portfolio
    out = tmp_path / "r.json"
    done = report(directory, out)
    assert done.returncode == 0, done.stdout + done.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    scenario = document["scenario"]
    matrix, refused = expected(assessments)
    assert {(m["from"], m["to"]): m["roles"] for m in scenario["matrix"]
            if m["roles"]} == dict(matrix)
    assert len(scenario["refused"]) == refused
    assert scenario["compared"] == ROLES - refused
    changes = [abs(m["change"]) for m in scenario["movers"]]
    assert changes == sorted(changes, reverse=True)  # the largest change first
    assert all(m["change"] <= 0 for m in scenario["movers"])  # 3 -> 4 never helps a role
    assert all("scenario" in f for f in document["files"])


def test_csv_xlsx_and_html_show_the_same_comparison(portfolio: Portfolio,
                                                    tmp_path: Path) -> None:
    directory, assessments = portfolio
    matrix, _ = expected(assessments)
    moved = sum(n for (a, b), n in matrix.items() if a != b)
    for suffix in (".csv", ".xlsx", ".html"):
        assert report(directory, tmp_path / f"r{suffix}").returncode == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8"))))
    assert {"Scenario score", "Score change", "Scenario final zone"} <= set(rows[0])
    assert sum(r["Final zone"] != r["Scenario final zone"] for r in rows
               if r["Scenario final zone"]) == moved
    workbook = openpyxl.load_workbook(tmp_path / "r.xlsx")
    sheet = workbook["Scenario"]
    assert sheet["A1"].value == "Scenario: Tooling matures"
    zones = AIJRI_1.zone_names()
    grid = {(sheet.cell(5 + i, 1).value, zones[j]): sheet.cell(5 + i, 2 + j).value
            for i in range(len(zones)) for j in range(len(zones))}
    assert {k: v for k, v in grid.items() if v} == dict(matrix)
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="scenario"' in html and "Scenario: Tooling matures" in html
    assert f"{moved} change final zone" in html


def test_a_broken_scenario_file_writes_no_report(portfolio: Portfolio,
                                                 tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("name = 'x'\n[[edit]]\ninput = 'nothing'\nvalue = 1\n", encoding="utf-8")
    out = tmp_path / "r.html"
    done = subprocess.run([sys.executable, "-m", "jobzone", "report", str(portfolio[0]),
                           "--out", str(out), "--scenario", str(bad)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 2 and f"{bad}:2:" in done.stderr and not out.exists()
