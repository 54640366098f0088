"""Recalculate workbooks with Gnumeric (`ssconvert --recalc`): a second, independent
spreadsheet program beside LibreOffice.

Gnumeric shares no code with LibreOffice or `formulas`; a formula the three read alike
is one Excel reads alike too. One `ssconvert` call per file (it takes no batch of
inputs); each costs about half a second.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path


class GnumericError(RuntimeError):
    """ssconvert is missing, failed, or wrote nothing."""


def ssconvert_path() -> str | None:
    return shutil.which("ssconvert")


def recalculate(paths: Sequence[Path], out_dir: Path, timeout: float = 120.0) -> list[Path]:
    """Each workbook opened by Gnumeric, recalculated and saved as .xlsx in out_dir (input
    order; names must be unique)."""
    binary = ssconvert_path()
    if binary is None:
        raise GnumericError("Gnumeric (ssconvert) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = []
    for path in paths:
        target = out_dir / f"{Path(path).stem}.xlsx"
        done = subprocess.run([binary, "--recalc", str(path), str(target)],
                              capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode != 0 or not target.exists():
            raise GnumericError(f"ssconvert exited {done.returncode} on {path}: "
                                f"{done.stderr.strip()[:500]}")
        outputs.append(target)
    return outputs
