"""`jobzone diff`: two versions of one assessment, from any sources, compared input by
input (by cell), formula by formula, and by their effect on every intermediate; and git
showing that view in `git diff` and `git log -p` through a real repository."""

from __future__ import annotations

import dataclasses
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.workbooks import layout as L
from jobzone.workbooks.legacy.writeup import parse_writeup
from jobzone.workbooks.legacy.writeup_render import render_writeup
from tests.conftest import REFERENCE_WORKBOOK, ROOT
from tests.test_check_cli import edited

WRITEUP = ROOT / "examples" / "llmops-engineer.txt"
JOBZONE = [sys.executable, "-m", "jobzone"]


def jobzone(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*JOBZONE, *map(str, args)], capture_output=True, text=True,
                          check=False, cwd=cwd)


def test_a_changed_input_is_named_by_its_cell_with_its_effect(tmp_path: Path) -> None:
    new = edited(tmp_path, "new.xlsx", Tasks__C4=4)
    done = jobzone("diff", REFERENCE_WORKBOOK, new)
    assert done.returncode == 1, done.stderr  # they differ, as `diff` says
    assert "  Tasks!C4  task[0].score: 3 -> 4" in done.stdout
    assert "  score            41.2 -> 37.6  (-3.6)" in done.stdout
    assert "  weighted_sum     3.35 -> 3.55  (+0.2)" in done.stdout
    document = json.loads(jobzone("diff", REFERENCE_WORKBOOK, new, "-f", "json").stdout)
    assert document["inputs"] == [{"sheet": "Tasks", "cell": "C4", "field": "task[0].score",
                                   "old_cell": None, "old": 3, "new": 4}]
    assert {e["name"] for e in document["effects"]} == {
        "weighted", "weighted_sum", "task_resistance", "raw", "score"}
    markdown = jobzone("diff", REFERENCE_WORKBOOK, new, "-f", "markdown").stdout
    assert "| `Tasks!C4` | `task[0].score` | 3 | 4 |" in markdown


def test_the_same_assessment_from_a_workbook_and_a_write_up_is_no_change() -> None:
    done = jobzone("diff", REFERENCE_WORKBOOK, WRITEUP)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no change to any input, formula or result" in done.stdout


def test_a_write_up_against_its_revision(tmp_path: Path) -> None:
    """Any source `import` reads: two write-ups, the second with two evidence scores
    revised, are compared at the canonical cells those inputs live in."""
    a = parse_writeup(WRITEUP.read_text(encoding="utf-8")).assessment
    evidence = tuple(dataclasses.replace(e, score=-1) if i < 2 else e
                     for i, e in enumerate(a.evidence))
    revised = dataclasses.replace(a, evidence=evidence)
    target = tmp_path / "revised.md"
    target.write_text(render_writeup(revised, evaluate(revised, AIJRI_1), AIJRI_1),
                      encoding="utf-8")
    document = json.loads(jobzone("diff", WRITEUP, target, "-f", "json").stdout)
    rows = list(L.EVIDENCE_BLOCK.rows())
    assert [(c["sheet"], c["cell"], c["old"], c["new"]) for c in document["inputs"]] == [
        (L.EVIDENCE, f"B{rows[0]}", 2, -1), (L.EVIDENCE, f"B{rows[1]}", 2, -1)]
    effects = {e["name"]: (e["old"], e["new"]) for e in document["effects"]}
    assert effects["evidence_total"] == (7, 1)
    assert effects["score"][1] == float(evaluate(revised, AIJRI_1).score)


def test_a_formula_typed_over_is_a_formula_change(tmp_path: Path) -> None:
    new = edited(tmp_path, "typed.xlsx", Score__B13=55)
    done = jobzone("diff", REFERENCE_WORKBOOK, new)
    assert done.returncode == 1
    assert "Score!B13  =ROUND(ROUND((RawScore-RawFloor)/RawRange*ScoreScale,ExactDecimals)," \
        "ScoreDecimals) -> value 55" in done.stdout


def test_an_unreadable_version_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    done = jobzone("diff", REFERENCE_WORKBOOK, broken)
    assert done.returncode == 2 and "error JZ004" in done.stdout
    assert "Traceback" not in done.stderr


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_PAGER": "cat", "PAGER": "cat"}
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_git_diff_and_log_show_jobzones_view_of_a_workbook(tmp_path: Path) -> None:
    repo = tmp_path / "assessments"
    repo.mkdir()
    git(repo, "init", "-q")
    for key, value in (("user.email", "analyst@example.org"), ("user.name", "Analyst"),
                       ("commit.gpgsign", "false")):
        git(repo, "config", key, value)
    # the two lines the README gives (the command through this interpreter)
    (repo / ".gitattributes").write_text("*.xlsx diff=jobzone\n", encoding="utf-8")
    command = " ".join(shlex.quote(part) for part in [*JOBZONE, "diff", "--textconv"])
    git(repo, "config", "diff.jobzone.textconv", command)
    shutil.copyfile(REFERENCE_WORKBOOK, repo / "llmops.xlsx")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "LLMOps Engineer as published")
    workbook = openpyxl.load_workbook(repo / "llmops.xlsx")
    workbook[L.TASKS]["C4"] = 4  # deployment: 3 -> 4, as the write-up foresees
    workbook.save(repo / "llmops.xlsx")

    working = git(repo, "diff").stdout
    assert "-Tasks!C4 task[0].score = 3" in working and "+Tasks!C4 task[0].score = 4" in working
    git(repo, "commit", "-qam", "deployment now scores 4")
    log = git(repo, "log", "-p").stdout
    assert "deployment now scores 4" in log
    for line in ("-Tasks!C4 task[0].score = 3", "+Tasks!C4 task[0].score = 4",
                 "-result score = 41.2", "+result score = 37.6"):
        assert line in log, log[-3000:]
    assert "Binary files" not in log
    last = git(repo, "log", "-p", "-1").stdout
    assert not any(line.startswith(("-# jobzone view", "+# jobzone view"))
                   for line in last.splitlines())  # the header names no temporary file
