"""Cached values (calamine plus the error scan) and the three-way comparison."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

import openpyxl

from jobzone.engine.check.pipeline import Checker, FileReport
from jobzone.engine.check.stages.agreement import Views, check_agreement, result_cells
from jobzone.workbooks import layout as L
from jobzone.workbooks.cached_values import CachedValues, read_cached_values
from tests.conftest import REFERENCE_WORKBOOK

SCORE = L.result_cell("Score")
ZONE = L.result_cell("Zone")


def test_cached_values_and_error_cells(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Odd & Named"
    sheet["A1"], sheet["B2"], sheet["C3"], sheet["D4"] = 41.2, "Yellow", True, "#REF!"
    sheet["E5"] = "=A1*2"  # written without a cached value
    path = tmp_path / "values.xlsx"
    workbook.save(path)
    cached = read_cached_values(path.read_bytes())
    assert cached is not None
    assert [cached.value("Odd & Named", r, c) for r, c in ((1, 1), (2, 2), (3, 3), (4, 4))] == [
        41.2, "Yellow", True, "#REF!"]
    assert cached.value("Odd & Named", 5, 5) is None  # never calculated
    assert cached.value("Odd & Named", 99, 99) is None and cached.value("Nope", 1, 1) is None
    assert read_cached_values(b"not a workbook") is None


def views(**changes: object) -> Views:
    cells = {"Score": SCORE, "Zone": ZONE}
    base = {"cells": cells, "native": {"Score": Decimal("41.2"), "Zone": "Yellow"},
            "formula_cells": frozenset(cells.values())}
    return Views(**{**base, **changes})  # type: ignore[arg-type]


def cache(**cells: object) -> CachedValues:
    grid: list[list[object]] = [[None] * 3 for _ in range(30)]
    errors = {}
    for name, value in cells.items():
        sheet, ref = L.result_cell(name)
        row = L.SCORE_LINE_ROW[name]
        if isinstance(value, str) and value.startswith("#"):
            errors[(sheet, ref)] = value
        else:
            grid[row - 1][1] = value
    return CachedValues({L.SCORE: grid}, errors)


def found(v: Views) -> set[tuple[str, str | None]]:
    return {(f.code, f.cell) for f in check_agreement("x", v)}


def test_agreeing_cache_is_silent() -> None:
    assert found(views(cached=cache(Score=41.2, Zone="Yellow"))) == set()


def test_a_stale_cache_is_an_error_at_each_cell() -> None:
    [finding] = check_agreement("x", views(cached=cache(Score=43.0, Zone="Yellow")))
    assert (finding.code, finding.sheet, finding.cell) == ("JZ410", *SCORE)
    assert finding.message == ("Score: the file shows 43, jobzone computes 41.2 "
                               "(saved by a spreadsheet program without recalculating)")


def test_no_cache_is_information_not_an_error() -> None:
    [finding] = check_agreement("x", views(cached=cache()))
    assert (finding.code, finding.severity.value, finding.cell) == ("JZ413", "info", None)


def test_error_values_and_overwritten_cells() -> None:
    assert found(views(cached=cache(Score="#VALUE!", Zone="Yellow"))) == {("JZ412", SCORE[1])}
    typed = views(cached=cache(Score=55.0, Zone="Yellow"), skip=frozenset({SCORE}))
    assert found(typed) == set()  # the typed value is the integrity check's (JZ301)


def test_formulas_against_native_and_cache_against_formulas() -> None:
    disagree = views(formulas={"Score": 41.3, "Zone": "Yellow"})
    assert found(disagree) == {("JZ413", None), ("JZ411", SCORE[1])}
    invalid_inputs = views(native=None, formulas={"Score": 41.2, "Zone": "Green"},
                           cached=cache(Score=41.2, Zone="Yellow"))
    [stale] = check_agreement("x", invalid_inputs)
    assert stale.cell == ZONE[1] and "the workbook's formulas give 'Green'" in stale.message


def test_result_cells_follow_the_workbooks_names() -> None:
    workbook = openpyxl.load_workbook(REFERENCE_WORKBOOK)
    assert result_cells(workbook)["Score"] == SCORE
    workbook.defined_names["Score"].attr_text = "Score!$B$12"
    workbook.defined_names["Zone"].attr_text = "#REF!"
    del workbook.defined_names["SubLabel"]
    cells = result_cells(workbook)
    assert cells["Score"] == (L.SCORE, "B12") and "Zone" not in cells
    assert cells["SubLabel"] == L.result_cell("SubLabel")


def _check_in_worker(checker: Checker, path: str) -> FileReport:
    return checker.check(path)


def test_the_per_file_check_runs_in_a_process_pool(tmp_path: Path) -> None:
    """What the bulk runner does: ship a Checker to workers, get FileReports back."""
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"nope")
    checker = Checker()
    paths = [str(REFERENCE_WORKBOOK), str(broken)]
    assert pickle.loads(pickle.dumps(checker)) == checker
    here = [checker.check(p) for p in paths]
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        there = list(pool.map(_check_in_worker, [checker] * 2, paths))
    assert there == here
    assert here[0].result is not None and here[1].unreadable
    assert pickle.loads(pickle.dumps(here[0])) == here[0]


def test_weighted_values_are_compared_task_by_task() -> None:
    import dataclasses

    from jobzone.engine.core.evaluate import evaluate
    from jobzone.engine.core.ruleset import AIJRI_1
    from tests.factories import assessment

    native = evaluate(assessment(tasks=[("60", 3, "AUGMENTATION"), ("40", 2, "NOT INVOLVED")]),
                      AIJRI_1)
    off = dataclasses.replace(native, weighted=(native.weighted[0], Decimal("0.9")))
    [finding] = check_agreement("x", views(native_result=native, formula_result=off,
                                           task_rows=(4, 7), cached=cache(Score=41.2)))
    assert (finding.code, finding.sheet, finding.cell) == ("JZ411", L.TASKS, "D7")
    assert finding.message == ("task weighted value: the workbook's formulas give 0.9, "
                               "jobzone gives 0.8")


def test_a_formula_cells_cached_error_value_is_found_through_the_check() -> None:
    """The check skips the error-value scan when no part of the file marks a cell `t="e"`
    (`cells_load._error_marked`); a score whose cached value is #DIV/0! still marks its part,
    so it is JZ412 at its cell, and the unmarked example gives none."""
    import io
    import re
    import zipfile

    from tests.hostile_corpus import rezip
    from tests.tampering import sheet_part

    data = REFERENCE_WORKBOOK.read_bytes()
    part = sheet_part(data, SCORE[0])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(part).decode()
    cell = re.compile(rf'<c r="{SCORE[1]}"( s="\d+")?>(<f>[^<]*</f>)<v>[^<]*</v></c>')
    assert cell.search(xml) and 't="e"' not in xml
    broken = rezip(data, {part: cell.sub(rf'<c r="{SCORE[1]}"\1 t="e">\2<v>#DIV/0!</v></c>',
                                         xml).encode()})
    checker = Checker()
    clean, shown = checker.check_many([(data, "clean.xlsx"), (broken, "error.xlsx")])
    assert not [f for f in clean.findings if f.code == "JZ412"]
    assert [(f.code, f.sheet, f.cell) for f in shown.findings if f.code == "JZ412"] == [
        ("JZ412", SCORE[0], SCORE[1])]
    alone = checker.check_bytes(broken, "alone.xlsx")
    assert [(f.code, f.cell) for f in alone.findings if f.code == "JZ412"] == [
        ("JZ412", SCORE[1])]


def _patched(data: bytes, edits: dict[str, tuple[bytes, bytes]]) -> bytes:
    """The package with one replacement in each named sheet's part."""
    import io
    import zipfile

    from jobzone.workbooks.cached_values import _sheet_parts
    from tests.hostile_corpus import rezip

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {part: archive.read(part) for part in
                 (_sheet_parts(archive)[sheet] for sheet in edits)}
    replaced = {}
    for (sheet, (old, new)), (part, member) in zip(edits.items(), parts.items(), strict=True):
        assert old in member, (sheet, old)
        replaced[part] = member.replace(old, new, 1)
    return rezip(data, replaced)


def test_a_sheet_calamine_cannot_read_hides_no_stale_value_elsewhere(tmp_path: Path) -> None:
    """Cached values are read a sheet at a time: a Notes cell calamine refuses (`A0`)
    leaves the Score sheet's values read, so a stale task resistance is still JZ410 at
    its cell (read all at once, the file was "never calculated", JZ413, and hid it)."""
    import io
    import re
    import zipfile

    from jobzone.workbooks.cached_values import _sheet_parts

    score_formula = b"<f>ROUND(SUM(TaskWeighted),ExactDecimals)</f>"
    stale = _patched(REFERENCE_WORKBOOK.read_bytes(), {
        L.SCORE: (score_formula + b"<v>3.35</v>", score_formula + b"<v>3.99</v>")})
    with zipfile.ZipFile(io.BytesIO(stale)) as archive:
        notes_xml = archive.read(_sheet_parts(archive)[L.NOTES])
    first_row = re.search(rb'<row r="1"[^>]*>', notes_xml)
    assert first_row is not None
    both = _patched(stale, {L.NOTES: (first_row.group(0), first_row.group(0)
                                      + b'<c r="A0" t="n"><v>1</v></c>')})
    cached = read_cached_values(both)
    assert cached is not None and cached.value(L.NOTES, 1, 1) is None  # unreadable: none
    path = tmp_path / "stale-and-odd-notes.xlsx"
    path.write_bytes(both)
    found = {(f.code, f.sheet, f.cell) for f in Checker().check(str(path)).findings
             if f.code.startswith("JZ41")}
    assert found == {("JZ410", L.SCORE, "B4")}
