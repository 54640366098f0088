"""Recalculate workbooks with LibreOffice headless: the independent spreadsheet oracle.

LibreOffice keeps stale cached values of files it or Excel saved unless told to
always recalculate, so each run gets its own profile whose settings force a full
recalculation on load. One `soffice` call converts a whole batch (starting it
costs about a second; each file then costs a fraction of that).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

RECALC_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


# `soffice --convert-to` stops after 244 files in one run (LibreOffice 7.4, whatever the
# files), still exiting 0; larger batches run in several soffice calls of this size.
FILES_PER_RUN = 200


class LibreOfficeError(RuntimeError):
    """soffice is missing, failed, or did not write every file."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalculate(paths: Sequence[Path], out_dir: Path, timeout: float = 600.0) -> list[Path]:
    """Open each workbook in LibreOffice, recalculate everything, save as .xlsx in out_dir.

    Returns the output paths in input order. Input names must be unique: LibreOffice
    names each output after its input. `timeout` applies to each soffice run of up to
    FILES_PER_RUN files.
    """
    binary = soffice_path()
    if binary is None:
        raise LibreOfficeError("LibreOffice (soffice) is not installed")
    names = [Path(p).stem for p in paths]
    if len(set(names)) != len(names):
        raise LibreOfficeError("input file names must be unique within one batch")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jobzone-lo-profile-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(RECALC_SETTINGS, encoding="utf-8")
        for start in range(0, len(paths), FILES_PER_RUN):
            chunk = paths[start:start + FILES_PER_RUN]
            command = [
                binary, f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless", "--norestore", "--nolockcheck", "--nodefault",
                "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out_dir),
                *[str(p) for p in chunk],
            ]
            completed = subprocess.run(command, capture_output=True, text=True,
                                       timeout=timeout, check=False)
            outputs = [out_dir / f"{Path(p).stem}.xlsx" for p in chunk]
            missing = [str(p) for p in outputs if not p.exists()]
            if completed.returncode != 0 or missing:
                raise LibreOfficeError(
                    f"soffice exited {completed.returncode}; missing outputs: {missing[:5]}; "
                    f"stderr: {completed.stderr.strip()[:500]}")
    return [out_dir / f"{name}.xlsx" for name in names]
