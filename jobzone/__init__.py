"""jobzone: AIJRI / JobZone Score assessments in canonical Excel workbooks.

The public Python API (README, "Python API"), resolved lazily from `jobzone.engine.api`
on first use, so `import jobzone` imports nothing heavy (no pandas, openpyxl or
formulas until a function needs them):

    >>> import jobzone
    >>> scored = jobzone.score("examples/llmops-engineer.xlsx")
    >>> scored.result.score, scored.result.sub_label
    (Decimal('41.2'), 'Yellow (Urgent)')

The code lives in three folders mounted under this namespace: `jobzone.engine` (the
method and everything that runs it), `jobzone.workbooks` (the canonical workbook and
the readers of other files) and `jobzone.schemas` (pandera validation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jobzone.engine.api import (
        AIJRI_1,
        Assessment,
        FileReport,
        Finding,
        ImportRun,
        InvalidWorkbook,
        Portfolio,
        Result,
        Ruleset,
        ScoredFile,
        Severity,
        check,
        evaluate,
        import_sources,
        read_assessment,
        report,
        score,
    )

__all__ = [
    "AIJRI_1",
    "Assessment",
    "FileReport",
    "Finding",
    "ImportRun",
    "InvalidWorkbook",
    "Portfolio",
    "Result",
    "Ruleset",
    "ScoredFile",
    "Severity",
    "__version__",
    "check",
    "evaluate",
    "import_sources",
    "read_assessment",
    "report",
    "score",
]


def __getattr__(name: str) -> Any:
    """Resolve a public name on first use (PEP 562) and keep it."""
    if name == "__version__":
        from importlib.metadata import version

        value: Any = version("jobzone")
    elif name in __all__:
        from jobzone.engine import api

        value = getattr(api, name)
    else:
        raise AttributeError(f"module 'jobzone' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
