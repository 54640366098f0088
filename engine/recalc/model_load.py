"""A formula set loaded into a `formulas` model: the skeleton workbook it is read from,
the loader, and the search for formulas the engine parses but cannot load.

Split from `jobzone.engine.recalc.compile` (which assembles and compiles the loaded
model) so each module has one job; `formulas` is imported only when a model is loaded.
"""

from __future__ import annotations

import contextlib
import io
import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jobzone.engine.recalc.formula_set import CellRef, FormulaSet

if TYPE_CHECKING:
    from jobzone.engine.recalc.functions.rounding import Implementations

# A range this many cells wide with blanks in it stays an input cell by cell; wider
# (a whole column) and the model reads it from the pipe (slower, still correct).
MAX_RANGE_INPUT_CELLS = 20_000
SKELETON_NAME = "jobzone-formulas.xlsx"


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """formulas draws a progress bar and schedula logs each cell that fails while compiling;
    both are reported as findings instead."""
    loggers = [logging.getLogger(name) for name in ("schedula", "formulas")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _skeleton(formula_set: FormulaSet) -> Any:
    """An openpyxl workbook holding only the formula set (what formulas would load from
    a file of it; it is handed over in memory, never saved)."""
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.formula import ArrayFormula

    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {title: workbook.create_sheet(title) for title in formula_set.sheets}
    for sheet, ref, text in formula_set.formulas:
        if text.startswith("{") and "}@" in text:
            body, _, span = text[1:].rpartition("}@")
            sheets[sheet][ref] = ArrayFormula(span, body)
        else:
            sheets[sheet][ref] = text
    for name, reference in formula_set.names:
        workbook.defined_names[name] = DefinedName(name, attr_text=reference)
    return workbook


def without(formula_set: FormulaSet, unparsed: dict[CellRef, str]) -> FormulaSet:
    """The set with each unparsable formula as =#NAME?: one such formula would stop
    formulas loading the whole book."""
    if not unparsed:
        return formula_set
    return FormulaSet(formula_set.sheets, tuple(
        (s, r, "=#NAME?" if (s, r) in unparsed else t) for s, r, t in formula_set.formulas),
        formula_set.names)


def load_set(formula_set: FormulaSet, shared_cells: Implementations | None) -> Any:
    with tempfile.TemporaryDirectory(prefix="jobzone-formulas-") as folder, quiet():
        return _load(Path(folder) / SKELETON_NAME, _skeleton(formula_set), shared_cells)


def unloadable(formula_set: FormulaSet, shared_cells: Implementations | None
                ) -> dict[CellRef, str]:
    """The formulas formulas cannot load (a crafted file's path only), found by halving:
    a part that loads holds none of them, a part that fails is split again, down to the
    single formulas that fail alone. One culprit among a workbook's 110 formulas costs
    about two loads of the whole set, where loading each alone cost 110 loads (9.5 s of
    CPU time, at the edge of the formula time limit: the same file then gave JZ406 on a
    busy machine and JZ403 on an idle one)."""
    found: dict[CellRef, str] = {}

    def failure(items: tuple[tuple[str, str, str], ...]) -> Exception | None:
        try:
            load_set(FormulaSet(formula_set.sheets, items, formula_set.names), shared_cells)
        except Exception as exc:
            return exc
        return None

    def search(items: tuple[tuple[str, str, str], ...], known: Exception | None) -> None:
        exc = known if known is not None else failure(items)
        if exc is None:
            return
        if len(items) == 1:
            sheet, ref, _ = items[0]
            found[(sheet, ref)] = f"the formula engine cannot load it ({type(exc).__name__})"
            return
        middle = len(items) // 2
        search(items[:middle], None)
        search(items[middle:], None)

    search(tuple(formula_set.formulas), None)
    return found


def _load(path: Path, skeleton: Any, shared_cells: Implementations | None) -> Any:
    """formulas' load and finish, with every range's blank cells made input nodes.

    formulas takes the skeleton workbook as the book at `path` (its loader finds the
    book already there; nothing is written or read). `shared_cells`: the
    implementations whose remembered cells this model may use
    (`jobzone.engine.recalc.cell_cache`); None compiles every cell afresh.
    """
    import formulas
    import schedula as sh
    from formulas.excel import BOOK

    from jobzone.engine.recalc.cell_cache import remembering_model
    from jobzone.engine.recalc.sandbox import only_workbook

    with only_workbook(path):  # a reference to another workbook is #REF!, never opened
        model = formulas.ExcelModel() if shared_cells is None \
            else remembering_model(shared_cells)
        sh.get_nested_dicts(model.books, path.name.upper())[BOOK] = skeleton
        model.loads(str(path))
        model.complete()
    model.anchors()
    model.assemble(compact=MAX_RANGE_INPUT_CELLS)
    return model


