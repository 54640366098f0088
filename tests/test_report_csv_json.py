"""CSV and JSON reports for pipelines: the same rows, CSV text neutralised, JSON verbatim."""

from __future__ import annotations

import csv
import io
import json

import pytest

from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.report.collect import portfolio
from jobzone.engine.report.columns import columns
from jobzone.engine.report.render_csv import render_csv
from jobzone.engine.report.render_json import render_json
from jobzone.engine.report.rows import Portfolio
from jobzone.engine.report.summary import summarise
from tests.portfolio import HOSTILE_TITLES, portfolio_assessments, portfolio_rows


@pytest.fixture(scope="module")
def hostile() -> Portfolio:
    rows = portfolio_rows(portfolio_assessments(10, hostile_titles=True), unreadable=1)
    return portfolio(rows, AIJRI_1, "t", "2026-01-01 09:00", ["x*.xlsx: pattern matches none"])


def test_csv_has_the_shared_columns_and_neutralised_text(hostile: Portfolio) -> None:
    table = list(csv.reader(io.StringIO(render_csv(hostile))))
    assert table[0] == [c.header for c in columns(hostile.task_scores)]
    assert len(table) == len(hostile.rows) + 1
    titles = [line[1] for line in table[1:1 + len(HOSTILE_TITLES)]]
    assert titles == ["'" + t if t[0] in "=+-@" else t for t in HOSTILE_TITLES]
    for line in table[1:]:
        for header, field in zip(table[0], line, strict=True):
            kind = next(c.kind for c in columns(hostile.task_scores) if c.header == header)
            if kind.value == "text":
                assert not field.startswith(("=", "+", "-", "@", "\t", "\r")), field


def test_csv_numbers_stay_numbers(hostile: Portfolio) -> None:
    table = list(csv.DictReader(io.StringIO(render_csv(hostile))))
    for line, row in zip(table, hostile.rows, strict=True):
        if row.record is None:
            assert line["Score"] == "" and line["Status"] == "unreadable"
            assert line["Finding details"] == "JZ004 error is empty (0 bytes)"
            continue
        assert float(line["Score"]) == row.score
        assert int(line["Growth correlation"]) == row.record["growth_correlation"]
        assert line["Override valid"] in ("true", "false")
        assert sum(float(line[f"Time at score {s}"]) for s in (1, 2, 3, 4, 5)) == 100


def test_json_carries_records_findings_and_summary_verbatim(hostile: Portfolio) -> None:
    document = json.loads(render_json(hostile))
    assert document["report"] == {"title": "t", "ruleset": "aijri-1",
                                  "generated_at": "2026-01-01 09:00",
                                  "rulesets": [{"name": n, "version": v or None,
                                                "hash": d or None}
                                               for n, v, d in hostile.rulesets]}
    assert document["summary"] == json.loads(json.dumps(summarise(hostile).to_json()))
    assert document["skipped"] == ["x*.xlsx: pattern matches none"]
    assert (document["schema_version"], document["command"]) == (1, "report")
    roles = document["files"]
    assert [r["role"]["job_title"] for r in roles[:len(HOSTILE_TITLES)]] == list(HOSTILE_TITLES)
    assert all(r["ruleset"] == "aijri-1" for r in roles)
    for role, row in zip(roles, hostile.rows, strict=True):
        assert role["result"] == row.result and role["derivation"] == row.derivation
        assert role["status"] == row.status.value
    assert roles[-1]["findings"] == [{"code": "JZ004", "severity": "error",
                                      "message": "is empty (0 bytes)", "file": roles[-1]["file"],
                                      "sheet": None, "cell": None, "fix": None}]
    assert roles[0]["time_by_score"].keys() == {"1", "2", "3", "4", "5"}
