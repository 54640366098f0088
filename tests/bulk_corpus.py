"""A folder of canonical workbooks as a team keeps them: mostly clean, some tampered, some
with edited formulas, each with the codes `jobzone check` must raise for it.

Clean files are the generated portfolio (`tests.portfolio`); tampered ones carry one
edit of `tests.tampering` (a result typed over, the Rules sheet changed, a score out
of range, shares short of 100 %); edited-formula ones change a result's formula, so
the check evaluates their formulas (one compiled model per distinct formula set and
worker). Used by the bulk-check tests and `bench/bulk_check.py`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from jobzone.engine.core.model import Assessment
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.core.text_safety import slug
from jobzone.workbooks import layout as L
from tests.portfolio import portfolio_assessments
from tests.tampering import TAMPERS, Tamper

GROWTH_MODIFIER = L.result_cell("GrowthModifier")
EDITED_FORMULAS = (
    next(t for t in TAMPERS if t.name == "edited-weight"),
    Tamper("edited-growth", "JZ303", *GROWTH_MODIFIER,
           lambda wb: wb[GROWTH_MODIFIER[0]].__setitem__(
               GROWTH_MODIFIER[1], "=ROUND(ModifierBase+0.1*GrowthCorrelation,ExactDecimals)")),
)
TAMPERED = tuple(t for t in TAMPERS if t.code != "JZ303")
EDITS = {t.name: t for t in (*TAMPERED, *EDITED_FORMULAS)}
CLEAN, EDITED, TAMPER = "clean", "edited-formula", "tampered"
# Of every 20 files: 16 clean, 2 tampered, 2 with an edited formula.
PATTERN = (CLEAN,) * 8 + (TAMPER, EDITED) + (CLEAN,) * 8 + (TAMPER, EDITED)


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    kind: str  # clean, tampered or edited-formula
    code: str | None  # the code the tampering must raise; None for clean files


def _write(job: tuple[Path, Assessment, str | None]) -> None:
    """One file (module-level and by edit name, so it runs in a process pool)."""
    from jobzone.workbooks.builder import build_workbook

    path, assessment, edit = job
    workbook = build_workbook(assessment, AIJRI_1)
    if edit is not None:
        EDITS[edit].edit(workbook)
    workbook.save(path)


def write_bulk_corpus(directory: Path, count: int, seed: int = 6, workers: int = 1,
                      reuse: bool = False) -> list[CorpusFile]:
    """`count` workbooks named `NNNNN-kind-title.xlsx` in `directory`, generated in parallel.

    `reuse`: a file already there under its name is kept (same seed, same content).
    """
    directory.mkdir(parents=True, exist_ok=True)
    files, jobs = [], []
    edits = {CLEAN: (), TAMPER: TAMPERED, EDITED: EDITED_FORMULAS}
    turns = dict.fromkeys(edits, 0)
    for index, assessment in enumerate(portfolio_assessments(count, seed=seed)):
        kind = PATTERN[index % len(PATTERN)]
        tamper = edits[kind][turns[kind] % len(edits[kind])] if edits[kind] else None
        turns[kind] += 1
        name = f"{index:05d}-{tamper.name if tamper else kind}-" \
               f"{slug(assessment.role.job_title, 'role', 30)}.xlsx"
        files.append(CorpusFile(directory / name, kind, tamper.code if tamper else None))
        if not (reuse and (directory / name).exists()):
            jobs.append((directory / name, assessment, tamper.name if tamper else None))
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_write, jobs, chunksize=16))
    else:
        for job in jobs:
            _write(job)
    return files


def replicate(files: list[Path], directory: Path, count: int,
              link: Callable[[Path, Path], None] | None = None) -> list[Path]:
    """`count` files in `directory` made of `files` under new names (hard links when possible).

    Bulk memory is measured at many files; distinct names are what the run sees,
    so repeating a smaller set of distinct workbooks saves generating them all.
    """
    directory.mkdir(parents=True, exist_ok=True)
    copies = []
    for number in range(count):
        source = files[number % len(files)]
        target = directory / f"{number:06d}-{source.name}"
        if not target.exists():  # a folder kept from an earlier run is completed, not redone
            (link or _hard_link)(source, target)
        copies.append(target)
    return copies


def _hard_link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)

