"""Lint the layers of jobzone as it is installed: `python -m tests.import_layers`.

import-linter (through grimp) finds a package's modules by walking the folder of its
`__init__.py`. An editable install mounts `engine/`, `workbooks/` and `schemas/` under
`jobzone` by an import hook, so the folders are not inside `jobzone/` and grimp would
see only the front door. This assembles the installed layout (the package-dir mapping of
pyproject.toml, copied as a wheel would copy it: a few milliseconds) in a temporary folder
and runs `lint-imports` on it with the contracts of pyproject.toml.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"


def package_dirs() -> dict[str, Path]:
    """Installed package -> its folder in the checkout, as pyproject.toml maps them."""
    setuptools = tomllib.loads(PYPROJECT.read_text())["tool"]["setuptools"]
    return {name: ROOT / folder for name, folder in setuptools["package-dir"].items()}


def assemble(target: Path) -> Path:
    """Copy the package as it is installed into `target`; the folder to put on sys.path."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name, folder in sorted(package_dirs().items()):  # parents before children
        shutil.copytree(folder, target.joinpath(*name.split(".")), ignore=ignore,
                        dirs_exist_ok=True)
    return target


def lint(site: Path, config: Path = PYPROJECT) -> subprocess.CompletedProcess[str]:
    """Run lint-imports over the package assembled in `site`."""
    lint_imports = Path(sys.executable).with_name("lint-imports")  # installed with the test extras
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([str(lint_imports), str(config), "--no-cache", "--no-logo"],
                          cwd=site, env=env, capture_output=True, text=True, check=False)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="jobzone-layers-") as tmp:
        done = lint(assemble(Path(tmp)))
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main())
