"""Rebuild the bundled examples from their sources (run: python examples/build_examples.py).

`llmops-engineer.xlsx` is the reference write-up (shared/reference/llmops-engineer.txt,
copied to examples/llmops-engineer.txt) as a canonical workbook, with the value of every
formula cached. A test rebuilds it and compares, so the example can never drift from
the builder.
"""

from __future__ import annotations

from pathlib import Path

from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.recalc.cached import saved_with_values
from jobzone.engine.runtime.atomic import write_bytes_atomically
from jobzone.workbooks.builder import build_workbook
from jobzone.workbooks.legacy.writeup import parse_writeup

EXAMPLES = Path(__file__).resolve().parent


def build_reference(target: Path) -> None:
    source = EXAMPLES / "llmops-engineer.txt"
    assessment = parse_writeup(source.read_text(encoding="utf-8"), str(source)).assessment
    # with every formula's value cached, so pandas and file previews show the score
    write_bytes_atomically(target, saved_with_values(build_workbook(assessment, AIJRI_1),
                                                     str(target)))


if __name__ == "__main__":
    build_reference(EXAMPLES / "llmops-engineer.xlsx")
    print(f"wrote {EXAMPLES / 'llmops-engineer.xlsx'}")
