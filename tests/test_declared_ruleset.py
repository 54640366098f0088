"""A workbook is checked under the ruleset it declares: provenance on the Rules sheet, an
unknown ruleset, a forced one, a revised file, the sheet's own tables verified in `check`,
and a ruleset too long for the sheet refused when a workbook is built."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from jobzone.engine.check.options import FormulaMode
from jobzone.engine.check.pipeline import Checker, CheckOptions, FileReport
from jobzone.engine.core.errors import WorkbookError
from jobzone.engine.core.ruleset import AIJRI_1, Bounds, Ruleset, SubLabelRule
from jobzone.engine.core.ruleset_choice import Declared, choose
from jobzone.engine.core.ruleset_file import ruleset_named
from jobzone.workbooks import layout as L
from jobzone.workbooks.builder import build_workbook
from tests.agreement import disagreements
from tests.factories import for_score

REVISED = ruleset_named(str(Path(__file__).resolve().parent.parent / "examples" / "rulesets"
                            / "aijri-2.toml"))
ROLE = for_score("43.0")


def check(workbook: openpyxl.Workbook, **options: object) -> FileReport:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Checker(CheckOptions(**options)).check_bytes(buffer.getvalue(),  # type: ignore[arg-type]
                                                        "role.xlsx")


def codes(report: FileReport) -> dict[str, str]:
    return {f.code: f"{f.sheet}!{f.cell}: {f.message}" for f in report.findings}


def test_a_workbook_records_the_ruleset_it_was_made_under() -> None:
    sheet = build_workbook(ROLE, REVISED)[L.RULES]
    assert (sheet[f"B{L.RULES_NAME_ROW}"].value, sheet[L.RULESET_VERSION_CELL].value,
            sheet[L.RULESET_HASH_CELL].value) == ("aijri-2", "2.0-draft", REVISED.digest)
    assert REVISED.digest.startswith("sha256:") and REVISED.digest != AIJRI_1.digest


def test_a_known_declared_ruleset_is_the_one_scored_under() -> None:
    report = check(build_workbook(ROLE, REVISED), known=(REVISED,))
    assert report.result is not None and report.ruleset == REVISED.identity
    assert not [f for f in report.findings if f.severity.value == "error"
                or f.code.startswith("JZ32")], codes(report)
    # the same workbook under aijri-1's default alone: unknown, scored under aijri-1,
    # and every rule its sheet holds that aijri-1 does not is drift (a name excuses none)
    unknown = check(build_workbook(ROLE, REVISED))
    assert "JZ321" in codes(unknown) and unknown.ruleset == AIJRI_1.identity
    drifted = {f.cell for f in unknown.findings if f.code == "JZ320"}
    assert f"B{L.CONSTANT_ROW['EvidenceWeight']}" in drifted


def test_drift_is_reported_against_the_declared_ruleset() -> None:
    workbook = build_workbook(ROLE, REVISED)
    workbook[L.RULES][f"B{L.CONSTANT_ROW['EvidenceWeight']}"] = 0.06
    found = codes(check(workbook, known=(REVISED,)))
    assert found["JZ320"] == (f"Rules!B{L.CONSTANT_ROW['EvidenceWeight']}: EvidenceWeight "
                              "differs from aijri-2: 0.05 -> 0.06")


def test_a_forced_ruleset_of_another_name_is_said_once() -> None:
    report = check(build_workbook(ROLE, AIJRI_1), rules=REVISED, follow_workbook=False)
    found = codes(report)
    assert "JZ322" in found and "JZ320" not in found
    assert report.ruleset == REVISED.identity


def test_a_revised_file_of_the_same_name_is_noted() -> None:
    workbook = build_workbook(ROLE, AIJRI_1)
    workbook[L.RULES][L.RULESET_HASH_CELL] = "sha256:0000000000000000"
    found = codes(check(workbook))
    assert found["JZ323"].startswith(f"Rules!{L.RULESET_HASH_CELL}: made under aijri-1 1.0 "
                                     "(sha256:0000000000000000)")
    assert "JZ320" not in found


def test_a_workbook_made_before_provenance_goes_by_its_name() -> None:
    workbook = build_workbook(ROLE, AIJRI_1)
    for cell in (L.RULESET_VERSION_CELL, L.RULESET_HASH_CELL):
        workbook[L.RULES][cell] = None
    found = codes(check(workbook))
    assert not {"JZ320", "JZ321", "JZ322", "JZ323"} & set(found), found


def test_the_rules_sheet_is_verified_as_decision_tables_inside_check() -> None:
    """An analyst's edit that shadows a row and leaves a gap: both named at their rows."""
    workbook = build_workbook(ROLE, AIJRI_1)
    sheet = workbook[L.RULES]
    first = L.SUB_LABEL_TABLE.first_row
    # row 3 (Green Stable, the catch-all) moved above row 1: rows 1 and 2 can never fire
    for column in ("A", "B", "C", "D", "E", "F"):
        sheet[f"{column}{first}"], sheet[f"{column}{first + 2}"] = (
            sheet[f"{column}{first + 2}"].value, sheet[f"{column}{first}"].value)
    # the Red catch-all (row 6) now needs growth >= 0: a Red role with growth -1 has no row
    sheet[f"D{first + 5}"] = 0
    found = [f for f in check(workbook).findings if f.code in ("JZ630", "JZ631")]
    where = {(f.code, f.cell) for f in found}
    assert ("JZ631", f"A{first + 2}") in where, found
    assert ("JZ630", f"A{L.SUB_LABEL_TABLE.header_row}") in where, found
    assert all(f.sheet == L.RULES for f in found)


def long_ruleset() -> Ruleset:
    """aijri-1 with 14 extra Yellow rows (20 sub-label rows: more than the default 12)."""
    extra = tuple(SubLabelRule("Yellow", Bounds(low=Decimal(90 - n) / 100), Bounds(),
                               f"Yellow {90 - n}") for n in range(14))
    return dataclasses.replace(AIJRI_1, name="long-1", sub_labels=AIJRI_1.sub_labels[:3]
                               + extra + AIJRI_1.sub_labels[3:])


def test_a_ruleset_of_any_length_gets_tables_that_hold_it(formula_evaluator: Any) -> None:
    rules = long_ruleset()
    workbook = build_workbook(ROLE, rules)
    tables = L.tables_of(workbook)
    assert tables.sub_labels.capacity == 20 and tables.quick_screen.first_row > (
        L.QUICK_SCREEN_TABLE.first_row)
    report = check(workbook, known=(rules,), formulas=FormulaMode.always)
    assert report.ruleset == rules.identity
    assert not [f for f in report.findings if f.severity.value == "error"
                or (f.code.startswith(("JZ3", "JZ4")) and f.code != "JZ413")], codes(report)
    assert not disagreements(formula_evaluator, ROLE, workbook, rules=rules)
    # the same rows forced into the default layout: refused, never cut short
    with pytest.raises(WorkbookError, match=r"has 20 sub-labels rows; the Rules sheet holds 12"):
        build_workbook(ROLE, rules, L.DEFAULT_TABLES)


def test_a_sheet_too_short_for_its_ruleset_is_drift() -> None:
    rules = long_ruleset()
    workbook = build_workbook(ROLE, AIJRI_1)
    workbook[L.RULES][f"B{L.RULES_NAME_ROW}"] = rules.name
    found = [f for f in check(workbook, known=(rules,)).findings if f.code == "JZ320"]
    assert any(f.cell == f"A{L.SUB_LABEL_TABLE.header_row}" and
               f.message == "the sub-labels table holds 12 rows; long-1 has 20" for f in found)


@pytest.mark.parametrize(("declared", "follow", "scored", "flags"), [
    (Declared("aijri-2", "2.0-draft", REVISED.digest), True, "aijri-2", ()),
    (Declared("acme-7", "1", "sha256:1"), True, "aijri-1", ("unknown",)),
    (Declared("aijri-1", "1.0", AIJRI_1.digest), False, "aijri-2", ("forced_other",)),
    (Declared("aijri-1", "1.0", "sha256:other"), True, "aijri-1", ("revised",)),
    (Declared("aijri-1"), True, "aijri-1", ()),
])
def test_the_choice(declared: Declared, follow: bool, scored: str,
                    flags: tuple[str, ...]) -> None:
    default = REVISED if not follow else AIJRI_1
    choice = choose(declared, default, (REVISED,), follow_workbook=follow)
    assert choice.scored.name == scored
    assert {f for f in ("unknown", "forced_other", "revised") if getattr(choice, f)} == set(flags)


@pytest.mark.parametrize("name", ["mine", None, 7, '="aijri-1"'])
def test_renaming_the_sheets_ruleset_never_hides_an_edited_rule(name: object) -> None:
    """A name nobody knows, a blank, a number or a formula in B2: the edited threshold is
    still a JZ320 error against the ruleset the workbook is scored under."""
    workbook = build_workbook(ROLE, AIJRI_1)
    workbook[L.RULES][f"B{L.RULES_NAME_ROW}"] = name
    workbook[L.RULES][f"B{L.ZONE_TABLE.first_row}"] = 40
    report = check(workbook)
    found = [f for f in report.findings if f.code == "JZ320"]
    assert any(f.cell == f"B{L.ZONE_TABLE.first_row}" and f.severity.value == "error"
               for f in found), codes(report)
    assert report.ruleset == AIJRI_1.identity


@pytest.mark.parametrize("capacities", [(2, 12, 8), (1, 1, 1), (5, 13, 8), (64, 64, 68)])
def test_names_that_describe_no_layout_we_write_are_the_default_layout(
        capacities: tuple[int, int, int]) -> None:
    """Defined names edited to odd tables (rows deleted in Excel, a crafted file): the
    default layout, the names reported by the integrity check, never an internal error."""
    from openpyxl.workbook.defined_name import DefinedName

    workbook = build_workbook(ROLE, AIJRI_1)
    tables = L.rules_tables(*capacities)
    for name, ref in L.rules_names(tables).items():
        del workbook.defined_names[name]
        workbook.defined_names[name] = DefinedName(name, attr_text=ref)
    assert L.tables_of(workbook) is L.DEFAULT_TABLES
    report = check(workbook)
    found = codes(report)
    assert "JZ000" not in found and {"JZ304", "JZ306"} & set(found), found


def test_a_hash_cell_holding_no_hash_declares_none() -> None:
    workbook = build_workbook(ROLE, AIJRI_1)
    workbook[L.RULES][L.RULESET_HASH_CELL] = "=1+1"
    assert "JZ323" not in codes(check(workbook))
    workbook[L.RULES][L.RULESET_VERSION_CELL] = "v" * 30_000
    workbook[L.RULES][f"B{L.RULES_NAME_ROW}"] = "n" * 30_000
    assert all(len(f.message) < 1_000 for f in check(workbook).findings)


def test_the_api_forces_a_ruleset_it_is_given(tmp_path: Path) -> None:
    import jobzone

    path = tmp_path / "role.xlsx"
    build_workbook(ROLE, AIJRI_1).save(path)
    forced = jobzone.check(path, rules=REVISED)
    assert forced.ruleset == REVISED.identity and "JZ322" in codes(forced)
    assert jobzone.check(path).ruleset == AIJRI_1.identity


def test_a_batch_of_workbooks_under_two_rulesets_is_checked_as_each_alone() -> None:
    items = []
    for n, rules in enumerate((AIJRI_1, REVISED, AIJRI_1, REVISED)):
        buffer = io.BytesIO()
        build_workbook(for_score(f"4{n}.0"), rules).save(buffer)
        items.append((buffer.getvalue(), f"role-{n}.xlsx"))
    checker = Checker(CheckOptions(known=(REVISED,)))
    together = checker.check_many(items)
    alone = [checker.check_bytes(data, file) for data, file in items]
    assert together == alone
    assert [r.ruleset[0] for r in together if r.ruleset] == ["aijri-1", "aijri-2"] * 2


def test_the_tallest_table_a_ruleset_may_have_is_the_tallest_a_sheet_holds() -> None:
    from jobzone.engine.core.ruleset_file import MAX_ROWS

    assert MAX_ROWS == L.MAX_CAPACITY
