"""Stale citations: a write-up citing another role's score that has since changed
(JZ620), a sentence citing the role's own figure that no longer holds (JZ621), and a
title that names more than one role (JZ622), through `jobzone check` and `report`."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobzone.engine.api import read_assessment
from jobzone.engine.core.citations import match_title, normalise_title, other_role_citations
from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Role
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.recalc.cached import saved_with_values
from jobzone.workbooks import layout as L
from jobzone.workbooks.builder import build_workbook
from tests.conftest import REFERENCE_WORKBOOK
from tests.factories import assessment, for_score


def jobzone(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobzone", *map(str, args)],
                          capture_output=True, text=True, check=False)


def role_workbook(folder: Path, title: str, score: str) -> Path:
    """A valid role of this title scoring exactly `score`."""
    if score == "69.2":  # Green (Accelerated): with evidence and growth, as the LLM Engineer
        base = assessment(tasks=[("43.37", 2, "AUGMENTATION"), ("56.63", 1, "NOT INVOLVED")],
                          growth=2, evidence=[2, 2, 1, 0, 0])
    else:
        base = for_score(score)
    a = dataclasses.replace(base, role=Role(title, "Mid-level"))
    assert f"{evaluate(a, AIJRI_1).score:f}" == score
    path = folder / f"{title.lower().replace(' ', '-').replace('/', '-')}.xlsx"
    path.write_bytes(saved_with_values(build_workbook(a, AIJRI_1), str(path)))
    return path


def test_the_reference_cites_these_roles() -> None:
    a = read_assessment(REFERENCE_WORKBOOK)
    cited = [(c.title, str(c.score), c.zone) for text in (a.role.role_is_not,
                                                          a.override.reason,
                                                          *(n.text for n in a.narrative))
             for c in other_role_citations(text)]
    assert ("MLOps Engineer", "42.6", "Yellow") in cited
    assert ("LLM Engineer", "69.2", "Green") in cited
    assert ("MLOps", "42.6", None) in cited and ("DevOps", "10.7", None) in cited
    assert ("AI Solutions Architect", "71.3", None) in cited


def test_titles_match_as_people_write_them() -> None:
    assert normalise_title("Senior ML Eng. (Senior)") == normalise_title("senior ml engineer")
    assert match_title("MLOps", ["MLOps Engineer", "DevOps Engineer"]) == ["MLOps Engineer"]
    assert match_title("LLM Engineering", ["LLM Engineer"]) == ["LLM Engineer"]
    assert match_title("Data Scientist", ["MLOps Engineer"]) == []


def test_a_portfolio_check_finds_the_citation_that_went_stale(tmp_path: Path) -> None:
    folder = tmp_path / "portfolio"
    folder.mkdir()
    (folder / "llmops.xlsx").write_bytes(REFERENCE_WORKBOOK.read_bytes())
    role_workbook(folder, "MLOps Engineer", "44.0")  # re-scored: the write-up says 42.6
    role_workbook(folder, "LLM Engineer", "69.2")  # 69.2 Green (Accelerated): as cited
    done = jobzone("check", folder)
    stale = [line for line in done.stdout.splitlines() if "JZ620" in line]
    role_is_not = f"{L.ROLE}!{L.ROLE_VALUE_COLUMN}{L.ROLE_FIELDS[3].row}"
    assert any(line.startswith(f"{folder / 'llmops.xlsx'}:{role_is_not}: warning JZ620 ")
               and "cites MLOps Engineer, which now scores 44.0" in line for line in stale)
    assert not any("cites LLM Engineer" in line for line in stale)  # every citation holds
    assert done.returncode == 0  # warnings do not fail the run
    document = json.loads(jobzone("check", folder, "--format", "json").stdout)
    codes = [f["code"] for entry in document["files"] for f in entry["findings"]]
    assert codes.count("JZ620") == len(stale)
    out = tmp_path / "report.json"
    assert jobzone("report", folder, "--out", out, "-q").returncode == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    [llmops] = [f for f in report["files"] if f["file"].endswith("llmops.xlsx")]
    assert "JZ620" in {f["code"] for f in llmops["findings"]}


def test_a_title_naming_two_roles_is_not_guessed(tmp_path: Path) -> None:
    folder = tmp_path / "portfolio"
    folder.mkdir()
    (folder / "llmops.xlsx").write_bytes(REFERENCE_WORKBOOK.read_bytes())
    role_workbook(folder, "MLOps Engineer", "42.6")
    second = role_workbook(folder, "MLOps Engineer (Senior)", "50.0")
    assert second.exists()
    done = jobzone("check", folder)
    assert "info JZ622" in done.stdout and "could be any of MLOps Engineer" in done.stdout


def test_a_sentence_citing_the_roles_own_figure_goes_stale(example_copy: Path) -> None:
    workbook = openpyxl.load_workbook(example_copy)
    workbook[L.TASKS]["C5"] = 2  # inference optimisation, 15 % of the time: 3 -> 2
    workbook.save(example_copy)
    done = jobzone("check", example_copy)
    own = [line for line in done.stdout.splitlines() if "JZ621" in line]
    assert any("'85% of task time scoring 3+'" in line and "is now 70%" in line for line in own)
    assert any("'The 41.2 score'" in line for line in own)
    assert all(f":{L.NOTES}!" in line or f":{L.OVERRIDE}!" in line for line in own), own
    clean = jobzone("check", REFERENCE_WORKBOOK)
    assert "JZ621" not in clean.stdout  # the published figures all hold


def test_a_citation_naming_a_sub_label_the_role_no_longer_has_is_stale() -> None:
    from decimal import Decimal

    from jobzone.engine.check.stages.citations import CitedAt, Scored, portfolio_citations

    [accelerated, bare] = other_role_citations(
        "NOT an LLM Engineer (who trains models — scored 69.2 Green Accelerated); see "
        "LLM Engineer (AIJRI 69.2).")
    citing = Scored("a.xlsx", "LLMOps Engineer", Decimal("41.2"), "Yellow", "Yellow (Urgent)",
                    (CitedAt(L.ROLE, "B7", accelerated), CitedAt(L.NOTES, "B4", bare)))
    cited = Scored("b.xlsx", "LLM Engineer", Decimal("69.2"), "Green", "Green (Stable)", ())
    [finding] = portfolio_citations([citing, cited])["a.xlsx"]
    assert (finding.code, finding.sheet, finding.cell) == ("JZ620", L.ROLE, "B7")
    assert "now scores 69.2 Green (Stable)" in finding.message


# Pieces citations are written with, and their near misses: texts drawn from them hold
# citations, broken citations and plain prose in every order and case.
_PIECES = ("LLM Engineer", "NOT an MLOps Engineer", "DevOps", "(", ")", " (AIJRI ", " — scored ",
           "42.6", "69.2", "7.0", " Yellow", " Green (Accelerated)", " Red Urgent", "85",
           "% of task time scoring 3+", "% of task time scores 3+", " points below the ",
           " points above the ", "Green", " threshold", "Protective 1 + Correlation 2",
           "Protective 3 + Correlation -1", "the ", "The ", "2.65", " Task Resistance",
           " TASK RESİSTANCE", "task resıstance (2.65)", "task ſesistance", " score", ".",
           "+3 Evidence score", "-1 Growth Correlation", " ", "\n", "scored ", "JobZone ")


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_citations_are_found_alike_with_and_without_their_quick_rejects(text: str) -> None:
    """The searches that rule a text out before a pattern runs (`_KEYS`, `_CITES_A_SCORE`)
    change no answer: each is a part of its pattern that every match holds."""
    from jobzone.engine.core import citations as C

    a = for_score("41.2")
    result = evaluate(a, AIJRI_1)
    thresholds = {z.zone: z.min_score for z in AIJRI_1.zones if z.min_score is not None}
    quick = (C.own_figures(text, result, thresholds), C.other_role_citations(text))
    every = re.compile("")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(C, "_KEYS", tuple(every for _ in C._OWN))
        patch.setattr(C, "_CITES_A_SCORE", every)
        assert (C.own_figures(text, result, thresholds), C.other_role_citations(text)) == quick


def test_a_quick_reject_never_hides_a_citation_of_the_reference() -> None:
    from jobzone.engine.core import citations as C

    a = read_assessment(REFERENCE_WORKBOOK)
    texts = [a.role.role_is_not, a.override.reason, *(n.text for n in a.narrative)]
    for (pattern, _, _), key in zip(C._OWN, C._KEYS, strict=True):
        assert all(key.search(t) for t in texts if pattern.search(t))
    assert all(C._CITES_A_SCORE.search(t) for t in texts if C._OTHER_ROLE.search(t))
    assert sum(1 for t in texts if C._OTHER_ROLE.search(t)) >= 3  # the reference cites roles
