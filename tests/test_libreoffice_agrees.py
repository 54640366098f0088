"""A real spreadsheet program agrees: LibreOffice recalculates our workbooks.

The example and a set of varied assessments (every sub-label row, both zone
boundaries, overrides valid and invalid, blank rows) are written as canonical
workbooks, recalculated by LibreOffice headless in one batch, and every named
result it computed is compared with the native Result.
"""

from __future__ import annotations

import itertools
import random
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from jobzone.engine.core.evaluate import evaluate
from jobzone.engine.core.model import Assessment, Override
from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.workbooks.builder import save_workbook
from jobzone.workbooks.named_results import compare_named, expected_named_values, read_named_values
from jobzone.workbooks.reader import read_assessment
from tests.conftest import REFERENCE_WORKBOOK
from tests.factories import assessment, for_score
from tests.libreoffice import recalculate

LABELS = ("DISPLACEMENT", "AUGMENTATION", "NOT INVOLVED")


def random_assessment(rng: random.Random) -> Assessment:
    count = rng.randint(1, 12)
    cuts = sorted(rng.sample(range(1, 10_000), count - 1))
    bounds = [0, *cuts, 10_000]
    shares = [Decimal(b - a) / 100 for a, b in itertools.pairwise(bounds)]
    zone = rng.choice([None, None, "Green", "Yellow", "Red"])
    return assessment(
        tasks=[(f"{s:f}", rng.randint(1, 5), rng.choice(LABELS)) for s in shares],
        evidence=[rng.randint(-2, 2) for _ in range(5)],
        barriers=[rng.randint(0, 2) for _ in range(5)],
        growth=rng.randint(-2, 2),
        principles=[rng.randint(0, 3) for _ in range(3)],
        override=Override(zone, rng.choice(["", "reason", "  "]) if zone else ""),
    )


def varied_assessments() -> dict[str, Assessment]:
    cases = {f"boundary-{t.replace('.', '_')}": for_score(t)
             for t in ("24.9", "25.0", "47.9", "48.0", "43.0", "53.0")}
    cases["override-valid"] = for_score("43.0", override=Override("Green", "market evidence"))
    cases["override-far"] = for_score("42.9", override=Override("Green", "too far"))
    cases["override-two-steps"] = for_score("24.0", override=Override("Green", "two steps"))
    cases["override-no-reason"] = for_score("45.0", override=Override("Green", " "))
    cases["green-accelerated"] = assessment(tasks=[("100", 1, "NOT INVOLVED")], growth=2)
    cases["green-transforming"] = assessment(
        tasks=[("40", 3, "AUGMENTATION"), ("60", 1, "NOT INVOLVED")], evidence=[1] * 5)
    cases["yellow-moderate"] = assessment(
        tasks=[("39.99", 3, "AUGMENTATION"), ("60.01", 2, "NOT INVOLVED")])
    cases["maximum"] = assessment(tasks=[("100", 1, "NOT INVOLVED")], evidence=[2] * 5,
                                  barriers=[2] * 5, growth=2)
    cases["minimum"] = assessment(tasks=[("100", 5, "DISPLACEMENT")], evidence=[-2] * 5,
                                  growth=-2)
    cases["quick-red"] = assessment(principles=[1, 1, 0], growth=-1)
    rng = random.Random(20261128)
    for index in range(30):
        cases[f"random-{index:02d}"] = random_assessment(rng)
    return cases


@pytest.mark.libreoffice
def test_libreoffice_agrees_with_native(tmp_path: Path) -> None:
    cases = varied_assessments()
    inputs = []
    for name, case in cases.items():
        path = tmp_path / "in" / f"{name}.xlsx"
        path.parent.mkdir(exist_ok=True)
        save_workbook(case, AIJRI_1, path)
        inputs.append(path)
    inputs.append(REFERENCE_WORKBOOK)
    outputs = recalculate(inputs, tmp_path / "out")
    failures = []
    for source, recalculated in zip(inputs, outputs, strict=True):
        native = evaluate(read_assessment(source), AIJRI_1)
        computed = read_named_values(openpyxl.load_workbook(recalculated, data_only=True))
        mismatches = compare_named(expected_named_values(native, AIJRI_1), computed)
        failures += [f"{source.name}: {m}" for m in mismatches]
    assert not failures, "\n".join(failures)
    reference = read_named_values(openpyxl.load_workbook(outputs[-1], data_only=True))
    assert (reference["Score"], reference["SubLabel"]) == (41.2, "Yellow (Urgent)")


def _plain(value: object) -> object:
    if value == "":
        return None
    return round(value, 9) if isinstance(value, float) else value


@pytest.mark.libreoffice
def test_libreoffice_recalculates_import_outputs_to_their_cached_values(tmp_path: Path) -> None:
    """`jobzone import` writes the template package with the assessment spliced in and its
    values cached (`jobzone.engine.recalc.template_package`): LibreOffice, recalculating it,
    gets the native result in every named cell and the cached value in every formula cell."""
    import dataclasses

    from jobzone.engine.core.model import NarrativeSection
    from jobzone.engine.importer.job import build_output

    cases = varied_assessments()
    cases["quoted-notes"] = dataclasses.replace(cases["maximum"], narrative=(
        NarrativeSection("- bullets", "=not a formula"), NarrativeSection("plain", "text")))
    inputs = []
    for name, case in cases.items():
        path = tmp_path / "in" / f"{name}.xlsx"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(build_output(case, name).data)
        inputs.append(path)
    outputs = recalculate(inputs, tmp_path / "out")
    failures = []
    for (name, case), ours, recalculated in zip(cases.items(), inputs, outputs, strict=True):
        computed = openpyxl.load_workbook(recalculated, data_only=True)
        mismatches = compare_named(expected_named_values(evaluate(case, AIJRI_1), AIJRI_1),
                                   read_named_values(computed))
        failures += [f"{name}: {m}" for m in mismatches]
        cached = openpyxl.load_workbook(ours, data_only=True)
        formulas = openpyxl.load_workbook(ours)
        for ws in formulas.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type != "f":
                        continue
                    mine = _plain(cached[ws.title][cell.coordinate].value)
                    theirs = _plain(computed[ws.title][cell.coordinate].value)
                    if mine != theirs:
                        failures.append(f"{name}: {ws.title}!{cell.coordinate} cached {mine!r}, "
                                        f"LibreOffice {theirs!r}")
    assert not failures, "\n".join(failures[:40])
