"""One registry of finding codes: unique, documented, and listed by `jobzone rules`."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from typer.testing import CliRunner

from jobzone.engine.check.codes import all_rules, selected, unknown_codes
from jobzone.engine.check.pipeline import Checker
from jobzone.engine.cli.app import build_app
from jobzone.engine.core.findings import Finding, Severity
from tests.conftest import REFERENCE_WORKBOOK
from tests.tampering import TAMPERS, tampered_copy


def rules(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(build_app(), ["rules", *args])
    return done.exit_code, done.stdout, done.stderr


def test_every_code_is_documented_once() -> None:
    registry = all_rules()
    assert list(registry) == sorted(registry)
    assert all(rule.title and rule.code.startswith("JZ") for rule in registry.values())
    assert {"JZ102", "JZ206", "JZ301", "JZ320", "JZ410", "JZ601"} <= set(registry)


def test_every_finding_the_check_raises_is_registered(tmp_path: Path) -> None:
    checker = Checker()
    files = [REFERENCE_WORKBOOK, *(tampered_copy(t, tmp_path) for t in TAMPERS)]
    codes = {f.code for path in files for f in checker.check(path).findings}
    assert codes <= set(all_rules()) and len(codes) >= 7


def test_jobzone_rules_lists_and_explains() -> None:
    status, out, _ = rules()
    assert status == 0
    assert "JZ206  error    task time shares do not sum to exactly 100%" in out.splitlines()
    assert len(out.splitlines()) == len(all_rules())
    status, out, _ = rules("jz206")
    assert status == 0 and out.startswith("JZ206 (error): task time shares do not sum")
    assert "Fix: adjust the time shares" in out
    status, out, _ = rules("JZ41", "--format", "json")
    assert [r["code"] for r in json.loads(out)] == ["JZ410", "JZ411", "JZ412", "JZ413", "JZ414"]
    status, _, err = rules("JZ9")
    assert status == 2 and "no code matches JZ9" in err


def test_selection_by_code_and_prefix() -> None:
    finding = Finding("JZ206", Severity.error, "m", "f")
    assert selected(finding) and selected(finding, ["JZ2"]) and selected(finding, ["jz206"])
    assert not selected(finding, ["JZ3"]) and not selected(finding, [], ["JZ20"])
    assert unknown_codes(["JZ2", "JZ206", "JZ999", "XX"]) == ["JZ999", "XX"]


def test_every_code_lies_in_its_family_and_is_declared_by_the_package_that_owns_it() -> None:
    """The registry says which package raises each family; each code is declared there."""
    from jobzone.engine.check.codes import declared, family_of

    for module, rules in declared():
        for rule in rules:
            family = family_of(rule.code)
            assert family is not None, f"{rule.code} ({module}) is in no family"
            assert module.startswith(family.package), (rule.code, module, family.package)


def test_the_families_do_not_overlap() -> None:
    from jobzone.engine.check.codes import FAMILIES

    ranges = sorted((f.first, f.last) for f in FAMILIES)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(ranges))
