"""Delete a row of a workbook inside LibreOffice, as an analyst would, and save it as .xlsx.

Run with the system python3 (it needs python3-uno, which the venv cannot import):
    /usr/bin/python3 tests/libreoffice_edit.py SOURCE TARGET SHEET ROW
LibreOffice rewrites every reference and defined name the deletion touches
(#REF! where the target is gone) and recalculates before saving, so the file has
what a spreadsheet program really writes. A private profile keeps parallel runs
apart; soffice is always terminated.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _property(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(pipe: str, deadline: float) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def delete_row(source: Path, target: Path, sheet_name: str, row: int) -> None:
    with tempfile.TemporaryDirectory(prefix="jobzone-uno-") as profile:
        pipe = f"jobzone-{os.getpid()}"
        office = subprocess.Popen(
            ["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
             "--norestore", "--nolockcheck", "--nodefault", f"--accept=pipe,name={pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        desktop = None
        try:
            context = _connect(pipe, time.monotonic() + 60)
            desktop = context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context)
            document = desktop.loadComponentFromURL(
                source.resolve().as_uri(), "_blank", 0, (_property("Hidden", True),))
            if document is None:
                raise RuntimeError(f"LibreOffice could not open {source}")
            sheet = document.Sheets.getByName(sheet_name)
            sheet.unprotect("")  # the canonical sheets are protected without a password
            sheet.Rows.removeByIndex(row - 1, 1)
            document.calculateAll()
            document.storeToURL(target.resolve().as_uri(),
                                (_property("FilterName", "Calc MS Excel 2007 XML"),))
            document.close(True)
        finally:
            if desktop is not None:
                with contextlib.suppress(Exception):  # the bridge drops as soffice exits
                    desktop.terminate()
            try:
                office.wait(timeout=60)
            except subprocess.TimeoutExpired:
                office.kill()


if __name__ == "__main__":
    source, target, sheet, row = sys.argv[1:5]
    delete_row(Path(source), Path(target), sheet, int(row))
