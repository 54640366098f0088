"""SECURITY.md and the code agree: every limit, its variable and default; every code."""

from __future__ import annotations

import dataclasses
import re

import pytest

from jobzone.engine.core.limits import Limits, LimitsError
from jobzone.workbooks.guard.codes import SAFETY_RULES
from tests.hostile_corpus import ROOT

DOC = (ROOT / "SECURITY.md").read_text(encoding="utf-8")


def _limit_rows() -> dict[str, str]:
    return dict(re.findall(r"^\| `(JOBZONE_[A-Z_]+)` \| (\S+)", DOC, re.MULTILINE))


def test_every_limit_is_documented_with_its_default() -> None:
    documented = _limit_rows()
    for variable, name in Limits.variables().items():
        assert variable in documented, f"{variable} missing from SECURITY.md"
        assert documented[variable] == str(getattr(Limits(), name)), variable
    assert set(documented) == set(Limits.variables())


def test_every_safety_code_is_documented() -> None:
    for rule in SAFETY_RULES:
        assert re.search(rf"^\| {rule.code} \| (refusal|notice) \|", DOC, re.MULTILINE), rule.code
        kind = "refusal" if rule.severity == "error" else "notice"
        assert f"| {rule.code} | {kind} |" in DOC


def test_every_test_file_the_page_cites_exists() -> None:
    for cited in set(re.findall(r"`(tests/[\w/]+\.py)`", DOC)):
        assert (ROOT / cited).is_file(), cited


def test_limits_come_from_the_environment() -> None:
    limits = Limits.from_env({"JOBZONE_MAX_CELLS": "2_000", "JOBZONE_FORMULA_SECONDS": "2.5",
                              "JOBZONE_MAX_ROWS": " ", "UNRELATED": "x"})
    assert limits.max_cells == 2000 and limits.formula_seconds == 2.5
    assert limits.max_rows == Limits().max_rows
    assert dataclasses.replace(limits, max_cells=Limits().max_cells,
                               formula_seconds=Limits().formula_seconds) == Limits()


def test_a_changed_environment_is_seen_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parsed limits are remembered by the variables' values, never past a change."""
    monkeypatch.setenv("JOBZONE_MAX_CELLS", "300")
    assert Limits.from_env().max_cells == 300
    monkeypatch.setenv("JOBZONE_MAX_CELLS", "400")
    assert Limits.from_env().max_cells == 400
    monkeypatch.setenv("JOBZONE_MAX_CELLS", "bad")
    with pytest.raises(LimitsError):
        Limits.from_env()
    monkeypatch.delenv("JOBZONE_MAX_CELLS")
    assert Limits.from_env().max_cells == Limits().max_cells


@pytest.mark.parametrize("value", ["0", "-5", "ten", "1.5", "nan", "inf", "1e400"])
def test_a_bad_limit_names_its_variable(value: str) -> None:
    with pytest.raises(LimitsError, match="JOBZONE_MAX_CELLS"):
        Limits.from_env({"JOBZONE_MAX_CELLS": value})


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf"])
def test_a_bad_time_limit_names_its_variable(value: str) -> None:
    with pytest.raises(LimitsError, match="JOBZONE_FORMULA_SECONDS"):
        Limits.from_env({"JOBZONE_FORMULA_SECONDS": value})
