"""Score one workbook file: read, validate, evaluate. The path every command shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jobzone.engine.core.errors import WorkbookError
from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment
from jobzone.engine.core.result import Result
from jobzone.engine.core.ruleset import Ruleset


@dataclass
class ScoredFile:
    """One file's outcome: a result, or the problems that prevented one."""

    file: str
    assessment: Assessment | None = None
    result: Result | None = None
    problems: list[WorkbookError] = field(default_factory=list)
    unreadable: bool = False


def score_file(path: Path, rules: Ruleset) -> ScoredFile:
    from jobzone.schemas.validate import validate_assessment
    from jobzone.workbooks.reader import (
        AssessmentReadError,
        assessment_from_workbook,
        open_workbook,
        read_task_rows,
    )

    name = str(path)
    try:
        workbook = open_workbook(path)
    except WorkbookError as exc:
        return ScoredFile(name, problems=[exc], unreadable=True)
    try:
        assessment = assessment_from_workbook(workbook, name)
    except AssessmentReadError as exc:
        return ScoredFile(name, problems=exc.problems)
    problems = validate_assessment(assessment, rules, name, read_task_rows(workbook))
    if problems:
        return ScoredFile(name, assessment=assessment, problems=problems)
    return ScoredFile(name, assessment=assessment, result=evaluate(assessment, rules))
