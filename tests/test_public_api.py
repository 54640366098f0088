"""The public Python API: its names stay, resolve lazily, and do what the commands do."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import jobzone
from jobzone.engine import api
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "llmops-engineer.xlsx"
PUBLIC = {"AIJRI_1", "Assessment", "FileReport", "Finding", "ImportRun", "InvalidWorkbook",
          "Portfolio", "Result", "Ruleset", "ScoredFile", "Severity", "__version__", "check",
          "evaluate", "import_sources", "read_assessment", "report", "score"}


def test_no_public_name_disappears() -> None:
    assert set(jobzone.__all__) == PUBLIC
    assert set(api.__all__) == PUBLIC - {"__version__"}
    for name in PUBLIC:
        assert getattr(jobzone, name) is not None
    assert set(dir(jobzone)) >= PUBLIC
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        jobzone.nope  # noqa: B018


def test_import_jobzone_is_cheap() -> None:
    """No heavy library is imported until a function needs it."""
    heavy = ("pandas", "pandera", "openpyxl", "formulas", "numpy", "typer", "rich")
    script = f"import sys, jobzone; print([m for m in {heavy!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "[]"


def test_python_m_jobzone_is_the_command_line() -> None:
    done = subprocess.run([sys.executable, "-m", "jobzone", "rules", "JZ301"],
                          capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0 and "JZ301" in done.stdout


def test_score_check_read_and_evaluate_agree_on_the_reference() -> None:
    scored = jobzone.score(EXAMPLE)
    assert scored.result is not None and scored.result.score == Decimal("41.2")
    assert scored.result.sub_label == "Yellow (Urgent)" and scored.findings == []
    report = jobzone.check(EXAMPLE)
    assert report.result == scored.result
    assert not [f for f in report.findings if f.severity is jobzone.Severity.error]
    assessment = jobzone.read_assessment(EXAMPLE)
    assert jobzone.evaluate(assessment) == scored.result
    assert jobzone.evaluate(assessment, jobzone.AIJRI_1) == scored.result


def test_read_assessment_of_a_broken_file_raises_with_every_finding(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(jobzone.InvalidWorkbook) as caught:
        jobzone.read_assessment(broken)
    assert [f.code for f in caught.value.findings] == ["JZ004"]
    assert str(broken) in str(caught.value)
    assert jobzone.score(broken).unreadable


def test_import_and_report_entry_points(tmp_path: Path) -> None:
    run = jobzone.import_sources([ROOT / "examples" / "llmops-engineer.txt"], tmp_path / "out",
                                 jobs=1)
    assert run.exit_code == 0 and [r["status"] for r in run.records] == ["imported"]
    assert run.records[0]["score"] == 41.2
    portfolio = jobzone.report([tmp_path / "out"], tmp_path / "p.json", title="t")
    assert len(portfolio.rows) == 1 and (tmp_path / "p.json").exists()


def _readme_api_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    return "\n".join(re.findall(r"```python\n(.+?)```", section, re.S))


def test_the_readme_api_example_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The README's notebook-style example, run as a doctest from the repository root."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("JOBZONE_EXAMPLE_OUT", str(tmp_path))
    text = _readme_api_example()
    assert ">>> import jobzone" in text
    test = doctest.DocTestParser().get_doctest(text, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 8


@pytest.mark.parametrize("module", [jobzone, api])
def test_the_docstring_examples_run(monkeypatch: pytest.MonkeyPatch, module: object) -> None:
    monkeypatch.chdir(ROOT)
    failures, tries = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert failures == 0 and tries > 0
