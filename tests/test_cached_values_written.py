"""Workbooks every reader can see: what jobzone writes carries the value of every formula,
computed by its own evaluator, and `jobzone recalc` does the same for a workbook filled
by a script, changing nothing else in the package."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from jobzone.workbooks import layout as L
from jobzone.workbooks.package_values import patch_sheet, with_cached_values
from tests.conftest import REFERENCE_WORKBOOK

ROOT = Path(__file__).resolve().parent.parent
SCORE_ROW = int(L.result_cell("Score")[1][1:])


def jobzone(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobzone", *map(str, args)],
                          capture_output=True, text=True, check=False)


def pandas_score(path: Path) -> object:
    frame = pd.read_excel(path, sheet_name=L.SCORE, header=None, engine="openpyxl")
    return frame.iloc[SCORE_ROW - 1, 1]


def script_filled(tmp_path: Path, score: int = 4) -> Path:
    """The example edited and saved by openpyxl, as a script would: formulas, no values."""
    workbook = openpyxl.load_workbook(REFERENCE_WORKBOOK)
    workbook[L.TASKS]["C4"] = score
    target = tmp_path / "scripted.xlsx"
    workbook.save(target)
    return target


def test_the_bundled_example_and_import_outputs_show_the_score_to_any_reader(
        tmp_path: Path) -> None:
    imported = jobzone("import", ROOT / "examples" / "llmops-engineer.txt", "--out",
                       tmp_path / "out", "-q")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    [output] = (tmp_path / "out").glob("*.xlsx")
    for path in (REFERENCE_WORKBOOK, output):
        assert pandas_score(path) == 41.2
        values = openpyxl.load_workbook(path, data_only=True)[L.SCORE]
        assert values[f"B{SCORE_ROW}"].value == 41.2
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(L.SCORE).to_python()
        assert sheet[SCORE_ROW - 1][1] == 41.2
        with zipfile.ZipFile(path) as archive:  # Excel and LibreOffice still recompute
            assert b'fullCalcOnLoad="1"' in archive.read("xl/workbook.xml")
        checked = jobzone("check", path, "--format", "json")
        codes = {f["code"] for f in json.loads(checked.stdout)["files"][0]["findings"]}
        assert checked.returncode == 0 and not codes & {"JZ410", "JZ413"}, codes


def test_a_new_blank_workbook_carries_values_too(tmp_path: Path) -> None:
    target = tmp_path / "blank.xlsx"
    assert jobzone("new", target).returncode == 0
    with zipfile.ZipFile(target) as archive:
        score_part = archive.read("xl/worksheets/sheet7.xml")
    assert b"<v />" not in score_part and b"<v/>" not in score_part


def test_recalc_caches_a_scripted_workbooks_values_and_leaves_the_input(tmp_path: Path) -> None:
    scripted = script_filled(tmp_path)
    before = hashlib.sha256(scripted.read_bytes()).hexdigest()
    assert pd.isna(pandas_score(scripted))  # openpyxl wrote formulas without values
    out = tmp_path / "recalculated.xlsx"
    done = jobzone("recalc", scripted, "--out", out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert pandas_score(out) == 37.6
    assert hashlib.sha256(scripted.read_bytes()).hexdigest() == before
    scored = jobzone("score", out)
    assert "= 37.6/100" in scored.stdout
    refused = jobzone("recalc", scripted, "--out", out)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert jobzone("recalc", scripted, "--in-place").returncode == 0
    assert pandas_score(scripted) == 37.6
    assert jobzone("recalc", scripted).returncode == 2  # neither --out nor --in-place
    legacy = jobzone("recalc", ROOT / "examples" / "legacy" / "claims-processor.xlsx", "--out",
                     tmp_path / "legacy.xlsx")
    assert legacy.returncode == 2 and "error JZ102 not a canonical jobzone workbook" in \
        legacy.stdout and "jobzone import" in legacy.stdout
    assert not (tmp_path / "legacy.xlsx").exists()


def test_recalc_changes_only_the_values_and_two_small_parts(tmp_path: Path) -> None:
    scripted = script_filled(tmp_path)
    out = tmp_path / "recalculated.xlsx"
    assert jobzone("recalc", scripted, "--out", out).returncode == 0
    with zipfile.ZipFile(scripted) as old, zipfile.ZipFile(out) as new:
        assert old.namelist() == new.namelist()
        changed = {name for name in old.namelist() if old.read(name) != new.read(name)}
        for name in changed - {"xl/workbook.xml", "docProps/app.xml"}:
            assert name.startswith("xl/worksheets/sheet"), name
            # formula cells lose their empty <v/> and gain a value and its type; no other cell
            formula_end = rb"(</f>|<f\b[^>]*/>)"
            without_values = re.sub(formula_end + rb"<v>[^<]*</v>", rb"\1", new.read(name))
            before = re.sub(formula_end + rb"<v ?/>", rb"\1", old.read(name))
            types = rb'\s+t="(?:str|b|e)"(?=[^>]*>(?:<f\b))'
            assert re.sub(types, b"", without_values) == re.sub(types, b"", before)
        assert "xl/charts/chart1.xml" not in changed  # the chart openpyxl would rebuild


def test_values_jobzone_wrote_are_told_from_values_a_program_saved(tmp_path: Path) -> None:
    data = REFERENCE_WORKBOOK.read_bytes()
    stale = with_cached_values(data, {(L.SCORE, f"B{SCORE_ROW}"): 55})
    path = tmp_path / "stale.xlsx"
    path.write_bytes(stale)
    done = jobzone("check", path)
    assert done.returncode == 1
    assert f":Score!B{SCORE_ROW}: error JZ410 Score: the file shows 55" in done.stdout
    assert "cached by jobzone when it wrote the file" in done.stdout
    assert "run `jobzone recalc`" in done.stdout


@pytest.mark.parametrize(("value", "cell"), [
    (True, b'<c r="A1" t="b"><f>X</f><v>1</v></c>'),
    (41.2, b'<c r="A1"><f>X</f><v>41.2</v></c>'),
    (7.0, b'<c r="A1"><f>X</f><v>7</v></c>'),
    ("Yellow & <Urgent>", b'<c r="A1" t="str"><f>X</f><v>Yellow &amp; &lt;Urgent&gt;</v></c>'),
    ("#DIV/0!", b'<c r="A1" t="e"><f>X</f><v>#DIV/0!</v></c>'),
])
def test_each_kind_of_value_is_stored_as_spreadsheetml_types_it(value: object,
                                                                 cell: bytes) -> None:
    for before in (b'<c r="A1"><f>X</f><v /></c>', b'<c r="A1" t="str"><f>X</f><v>old</v></c>',
                   b'<c r="A1"><f>X</f></c>'):
        assert patch_sheet(before, {"A1": value}) == cell
    untouched = b'<c r="A2" t="s"><v>3</v></c><c r="A3"><f>Y</f><v /></c>'
    assert patch_sheet(untouched, {"A1": value}) == untouched  # no formula / not asked


def test_the_same_input_gives_the_same_bytes() -> None:
    data = REFERENCE_WORKBOOK.read_bytes()
    values = {(L.SCORE, f"B{SCORE_ROW}"): 41.2}
    assert with_cached_values(data, values) == with_cached_values(data, values)
    with zipfile.ZipFile(io.BytesIO(with_cached_values(data, values))) as archive:
        assert archive.testzip() is None
