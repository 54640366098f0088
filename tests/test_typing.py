"""mypy-clean, over the package as it is installed (see tests/import_layers.py for why a copy)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.import_layers import PYPROJECT, assemble


@pytest.mark.slow
def test_the_package_is_mypy_clean(tmp_path: Path) -> None:
    site = assemble(tmp_path / "site")
    done = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(PYPROJECT),
                           "--cache-dir", str(tmp_path / "cache"), "-p", "jobzone"],
                          cwd=site, capture_output=True, text=True, check=False, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Success: no issues found")
