"""The layers hold (import-linter over the installed layout), and break when broken."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.import_layers import PYPROJECT, ROOT, assemble, lint

CONTRACTS = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return assemble(tmp_path_factory.mktemp("site"))


def test_every_contract_is_kept(site: Path) -> None:
    done = lint(site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in done.stdout


@pytest.mark.parametrize(("module", "wrong", "reported"), [
    # the reader (workbooks) reaching up into the check
    ("workbooks/reader.py", "from jobzone.engine.check import pipeline",
     "jobzone.workbooks.reader -> jobzone.engine.check.pipeline"),
    # the method reaching for a spreadsheet library
    ("engine/core/evaluate.py", "import openpyxl", "jobzone.engine.core.evaluate -> openpyxl"),
    # the guard depending on the canonical layout it protects
    ("workbooks/guard/part_scan.py", "from jobzone.workbooks import layout",
     "jobzone.workbooks.guard.part_scan -> jobzone.workbooks.layout"),
    # siblings: a report rendering through the importer
    ("engine/report/rows.py", "from jobzone.engine.importer import output_names",
     "jobzone.engine.report.rows -> jobzone.engine.importer.output_names"),
])
def test_a_wrong_import_breaks_a_contract(tmp_path: Path, module: str, wrong: str,
                                          reported: str) -> None:
    site = assemble(tmp_path)
    planted = site / "jobzone" / module
    planted.write_text(planted.read_text() + f"\n{wrong}\n")
    done = lint(site)
    assert done.returncode == 1, done.stdout
    assert "0 broken" not in done.stdout and reported in done.stdout, done.stdout


def _children(package: str) -> set[str]:
    folder = ROOT.joinpath(*package.split(".")[1:])
    return {f"{package}.{p.stem if p.is_file() else p.name}" for p in folder.iterdir()
            if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()}


@pytest.mark.parametrize(("source", "allowed"), [
    ("jobzone.workbooks.guard", {"jobzone.workbooks.guard"}),
    ("jobzone.workbooks.fastload", {"jobzone.workbooks.guard", "jobzone.workbooks.fastload"}),
])
def test_the_forbidden_lists_name_every_other_part_of_workbooks(source: str,
                                                                allowed: set[str]) -> None:
    """A module added to workbooks is forbidden to the guard and the fast reader at once."""
    contract = next(c for c in CONTRACTS if c.get("source_modules") == [source])
    forbidden = {m for m in contract["forbidden_modules"] if m.startswith("jobzone.workbooks")}
    assert forbidden == _children("jobzone.workbooks") - allowed


CORE_IMPORTS = """
import grimp, json
graph = grimp.build_graph("jobzone", include_external_packages=True, cache_dir=None)
core = graph.find_descendants("jobzone.engine.core") | {"jobzone.engine.core"}
print(json.dumps(sorted({(m, i) for m in core for i in graph.find_modules_directly_imported_by(m)
                         if not i.startswith("jobzone.engine.core")})))
"""


def test_the_core_imports_only_the_standard_library(site: Path) -> None:
    """Stronger than the contract's list of names: anything outside the standard library.
    (In a process of its own: this one has imported `jobzone` from the checkout.)"""
    done = subprocess.run([sys.executable, "-c", CORE_IMPORTS], cwd=site, check=True,
                          env={**os.environ, "PYTHONPATH": str(site)}, capture_output=True,
                          text=True, timeout=120)
    imports = json.loads(done.stdout)
    assert imports, "grimp saw no imports of the core: is the package assembled?"
    assert [(m, i) for m, i in imports if i.split(".")[0] not in sys.stdlib_module_names] == []
