"""The codes of reading a canonical workbook (raised by `jobzone.workbooks.reader`).

The reader raises located `WorkbookError`s carrying these codes and knows nothing of
severities; the registry (`jobzone.engine.check.codes`) gives them theirs from here.
"""

from __future__ import annotations

from jobzone.engine.core.findings import Rule, Severity

ERROR = Severity.error
READ_RULES = (
    Rule("JZ001", ERROR, "workbook error", "A problem reading or writing a workbook.", None),
    Rule("JZ002", ERROR, "not a canonical .xlsx workbook",
         "Legacy formats (.xls, .ods, .csv, write-ups) are converted, never checked in place.",
         "convert it with `jobzone import`"),
    Rule("JZ003", ERROR, "file not found or unreadable",
         "The path does not exist (or vanished during the run), is a directory, or cannot "
         "be read.", None),
    Rule("JZ004", ERROR, "not a readable .xlsx file",
         "The file is empty, is not a zip archive, is truncated, or its contents are not a "
         "workbook.", "re-save it from Excel or LibreOffice as .xlsx"),
    Rule("JZ005", ERROR, "encrypted or legacy binary workbook",
         "An OLE2 file: a password-protected workbook or a legacy .xls.",
         "remove the password (File > Info > Protect Workbook), or use `jobzone import`"),
    Rule("JZ101", ERROR, "input cannot be read", "An input cell could not be read.", None),
    Rule("JZ102", ERROR, "sheet missing or renamed",
         "Every sheet of the canonical workbook must be present under its own name; "
         "inputs, results and rules are found by sheet name.",
         "restore the sheet's name, or rebuild the workbook with `jobzone new`"),
)
