"""One import namespace: only `jobzone` is installed, nothing imports a bare part name,
and the package list is the folders on disk."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.import_layers import PYPROJECT, ROOT, package_dirs

PARTS = ("engine", "workbooks", "schemas")
TRACKED = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.split()


def _tracked(*suffixes: str) -> list[Path]:
    return [ROOT / f for f in TRACKED if f.endswith(suffixes) and (ROOT / f).exists()]


def test_no_module_imports_a_bare_part_name() -> None:
    """`import engine`, `from workbooks.x import y` and the like, anywhere in the repository."""
    bare = []
    for path in _tracked(".py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            bare += [f"{path.relative_to(ROOT)}:{node.lineno}: {name}" for name in names
                     if name.split(".")[0] in PARTS]
    assert bare == []


def _modules() -> set[str]:
    """Every dotted name of a module or package of the installed parts, without `jobzone.`."""
    names = set()
    for part in PARTS:
        for path in (ROOT / part).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_no_text_names_a_module_outside_the_namespace() -> None:
    """Module paths in strings, docs and commands (a part's dotted module name without
    `jobzone.`, or `python -m` of a bare part) break silently on a move: every one spells
    its `jobzone.` name."""
    modules = _modules() - set(PARTS)
    pattern = re.compile(r"(?<![\w./-])((?:engine|workbooks|schemas)(?:\.\w+)+)")
    stale = []
    for path in _tracked(".py", ".md", ".toml", ".yaml", "run"):
        text = path.read_text(encoding="utf-8")
        for match in pattern.finditer(text):
            dotted = match.group(1).split(".")
            if any(".".join(dotted[:n]) in modules for n in range(2, len(dotted) + 1)):
                line = text.count("\n", 0, match.start()) + 1
                stale.append(f"{path.relative_to(ROOT)}:{line}: {match.group(1)}")
        stale += [f"{path.relative_to(ROOT)}: -m {m}" for m in
                  re.findall(r"""-m["', ]+(engine|workbooks|schemas)\b""", text)]
    assert stale == []


def test_the_package_list_is_the_folders_on_disk() -> None:
    """Every folder with an __init__.py under a mounted part is listed, and nothing else."""
    listed = set(tomllib.loads(PYPROJECT.read_text())["tool"]["setuptools"]["packages"])
    on_disk = set()
    for name, folder in package_dirs().items():
        for init in folder.rglob("__init__.py"):
            relative = init.parent.relative_to(folder).parts
            if not any(p.startswith((".", "__")) for p in relative):
                on_disk.add(".".join((name, *relative)))
    assert listed == on_disk
    assert {name.split(".")[0] for name in listed} == {"jobzone"}


@pytest.mark.slow
def test_the_wheel_installs_only_jobzone(tmp_path: Path) -> None:
    """What `pip install .` puts in site-packages: `jobzone/` and its metadata, no more."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=600)
    wheel = next(tmp_path.glob("jobzone-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"jobzone"}
    top_level = next(n for n in names if n.endswith(".dist-info/top_level.txt"))
    assert zipfile.ZipFile(wheel).read(top_level).decode().split() == ["jobzone"]
    for expected in ("jobzone/py.typed", "jobzone/__main__.py",
                     "jobzone/workbooks/legacy/aliases.toml", "jobzone/engine/api.py"):
        assert expected in names


def test_a_project_with_its_own_schemas_module_uses_jobzone(tmp_path: Path) -> None:
    """Web projects keep a `schemas.py` (and `engine.py`); jobzone no longer collides."""
    for name in ("schemas.py", "engine.py", "workbooks.py"):
        (tmp_path / name).write_text("raise ImportError('the project\\'s own module')\n")
    example = ROOT / "examples" / "llmops-engineer.xlsx"
    script = (f"import jobzone; r = jobzone.score({str(example)!r}).result; "
              "print(r.score, r.sub_label)")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "41.2 Yellow (Urgent)"
    cli = subprocess.run([sys.executable, "-m", "jobzone", "check", str(example)],
                         cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120)
    assert cli.returncode == 0, cli.stdout + cli.stderr
