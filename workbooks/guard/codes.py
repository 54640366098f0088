"""The codes hostile or broken input raises: what each means and what to do about it.

Raised by the archive guard (`jobzone.workbooks.guard.archive_guard`), the size limits
(`jobzone.workbooks.guard.size_limits`) and the formula scan
(`jobzone.workbooks.guard.formula_risks`); kept
here as `Rule`s so `jobzone rules` and SARIF can describe them without importing
openpyxl. Refusals are errors (the file is not read); notices are warnings
(reported, never followed or run). SECURITY.md explains the threat model.
"""

from __future__ import annotations

from jobzone.engine.core.findings import Rule, Severity

E, W = Severity.error, Severity.warning
LIMIT_FIX = "if the file is genuine, raise the limit with its JOBZONE_* variable (SECURITY.md)"

SAFETY_RULES = (
    Rule("JZ010", E, "file larger than the size limit",
         "A workbook or legacy file bigger than max_file_bytes is refused before it is read.",
         LIMIT_FIX),
    Rule("JZ011", E, "archive has too many members",
         "An .xlsx is a zip; thousands of members only serve to exhaust the reader.",
         LIMIT_FIX),
    Rule("JZ012", E, "unsafe or duplicate archive member name",
         "Absolute names, '..', backslashes, drive letters or NUL in a member name, or one "
         "name twice, are how archives smuggle files or confuse readers.",
         "save the workbook again from Excel or LibreOffice"),
    Rule("JZ013", E, "encrypted member or unusual compression",
         "Excel writes stored or deflated members only; anything else is not a workbook "
         "Excel wrote.",
         "save the workbook again from Excel or LibreOffice"),
    Rule("JZ014", E, "zip bomb: a member expands far more than data does",
         "A member bigger than ratio_exempt_bytes that expands more than "
         "max_compression_ratio times is refused before it is decompressed.",
         LIMIT_FIX),
    Rule("JZ015", E, "archive expands beyond the uncompressed-size limit",
         "The declared sizes of all members add up to more than max_uncompressed_bytes.",
         LIMIT_FIX),
    Rule("JZ016", E, "XML part declares a DTD",
         "A DTD is how XML declares entities: billion-laughs expansion and external "
         "entities that read local files or reach the network. Workbooks never need one.",
         "save the workbook again from Excel or LibreOffice"),
    Rule("JZ017", E, "XML part in an encoding jobzone does not read",
         "Parts must be UTF-8 (or another ASCII-compatible encoding) so they can be "
         "inspected before parsing; UTF-16/32 and EBCDIC parts are refused.",
         "save the workbook again from Excel or LibreOffice"),
    Rule("JZ018", E, "more sheets, rows, columns, cells or drawn objects than allowed",
         "Includes merged, hyperlinked and commented ranges, which openpyxl expands cell "
         "by cell, and parts referenced over and over.",
         LIMIT_FIX),
    Rule("JZ019", E, "cell text longer than the string-length limit",
         "Excel itself holds at most 32,767 characters in a cell.",
         LIMIT_FIX),
    Rule("JZ020", E, "defusedxml is not active",
         "openpyxl parses with defusedxml only when it is installed and OPENPYXL_DEFUSEDXML "
         "is not False; without it jobzone refuses to parse untrusted XML at all.",
         "pip install defusedxml; unset OPENPYXL_DEFUSEDXML"),
    Rule("JZ030", W, "reference to another workbook",
         "An external link part or a formula naming another file. jobzone opens workbooks "
         "without their links and never reads the other file.",
         "copy the values in, or remove the link (Data > Edit Links > Break Link)"),
    Rule("JZ031", W, "DDE link or DDE-style formula",
         "Dynamic Data Exchange (=cmd|'/c ...'!A0) starts programs in Excel; jobzone never "
         "runs it. Treat the file as hostile.",
         "delete the formula or link"),
    Rule("JZ032", W, "macros present",
         "A VBA project or an Excel 4.0 macro sheet; jobzone never runs macros.",
         "save as .xlsx without macros"),
    Rule("JZ033", W, "formula calls a function that reaches outside the workbook",
         "WEBSERVICE, HYPERLINK, RTD, CALL, REGISTER, IMPORT* and the like fetch, register "
         "or run things; jobzone never follows them.",
         "replace the call with the value it should produce"),
    Rule("JZ034", W, "embedded object or ActiveX control",
         "Embedded files and controls are never opened by jobzone.",
         "remove the object"),
    Rule("JZ035", W, "external data connection or query table",
         "Connections refresh from databases or the web in Excel; jobzone never refreshes them.",
         "paste the data as values and delete the connection"),
)
