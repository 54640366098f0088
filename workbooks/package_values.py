"""Cached values written into a workbook's package, beside the formulas that compute them.

A file saved by openpyxl holds formulas but no values (`<v/>`), so pandas, calamine,
`openpyxl(data_only=True)` and file previews show blanks until a spreadsheet program
recalculates and saves it. This module patches the package's own bytes: each formula
cell gets the value jobzone computed for it (`<v>` with the matching `t` type), the
workbook keeps `fullCalcOnLoad` so Excel and LibreOffice still recompute on open, and
`docProps/app.xml` names jobzone as the application that wrote the values, which is how
`jobzone check` tells values jobzone wrote from values a spreadsheet program saved.

Only the formula cells' `<c>` elements and the two small parts change; every other
byte of every other part is kept, so a user's workbook loses nothing openpyxl would
drop on a re-save (charts, validation extensions, comments, pivot caches).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from jobzone.workbooks.cached_values import _sheet_parts

JOBZONE_APPLICATION = "jobzone"
ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                    "#GETTING_DATA"})
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_TYPE = re.compile(rb'\s+t="[^"]*"')
_FORMULA = re.compile(rb"<f\b[^>]*/>|<f\b[^>]*>.*?</f>", re.S)
_APPLICATION = re.compile(rb"<Application>.*?</Application>|<Application\s*/>", re.S)
_CALC = re.compile(rb"<calcPr\b([^>]*?)(/?)>")


def typed_value(value: Any) -> tuple[bytes, bytes]:
    """(`t` attribute, `<v>` text) of a value as SpreadsheetML stores it."""
    if isinstance(value, bool):
        return b' t="b"', b"1" if value else b"0"
    if isinstance(value, int | float):
        text = repr(float(value)) if isinstance(value, float) else str(value)
        if text.endswith(".0"):
            text = text[:-2]
        return b"", text.encode()
    if isinstance(value, str) and value in ERRORS:
        return b' t="e"', value.encode()
    return b' t="str"', escape(str(value)).encode("utf-8")


def _patched_cell(match: re.Match[bytes], values: Mapping[str, Any]) -> bytes:
    attributes, body = match.group(1), match.group(2)
    if not body or b"<f" not in body:
        return match.group(0)
    ref = _REF.search(attributes)
    if ref is None or ref.group(1).decode() not in values:
        return match.group(0)
    formula = _FORMULA.search(body)
    if formula is None:
        return match.group(0)
    value = values[ref.group(1).decode()]
    if value is None:
        return match.group(0)
    kind, text = typed_value(value)
    kept = _TYPE.sub(b"", attributes)
    return b"<c" + kept + kind + b">" + formula.group(0) + b"<v>" + text + b"</v></c>"


def patch_sheet(xml: bytes, values: Mapping[str, Any]) -> bytes:
    """The sheet's XML with each formula cell named in `values` holding its value."""
    return _CELL.sub(lambda m: _patched_cell(m, values), xml)


def full_calc_on_load(xml: bytes) -> bytes:
    """xl/workbook.xml marked for full recalculation when a spreadsheet program opens it."""

    def patched(match: re.Match[bytes]) -> bytes:
        attributes = re.sub(rb'\s+fullCalcOnLoad="[^"]*"', b"", match.group(1)).rstrip()
        return b"<calcPr" + attributes + b' fullCalcOnLoad="1"' + match.group(2) + b">"

    if _CALC.search(xml):
        return _CALC.sub(patched, xml, count=1)
    return re.sub(rb"(</workbook>)", rb'<calcPr fullCalcOnLoad="1"/>\1', xml, count=1)


def application_named(xml: bytes, application: str) -> bytes:
    """docProps/app.xml naming `application` as the program that wrote the package."""
    name = b"<Application>" + escape(application).encode() + b"</Application>"
    if _APPLICATION.search(xml):
        return _APPLICATION.sub(lambda _: name, xml, count=1)
    return xml.replace(b"</Properties>", name + b"</Properties>", 1)


def with_cached_values(data: bytes, values: Mapping[tuple[str, str], Any],
                       application: str = JOBZONE_APPLICATION) -> bytes:
    """The package `data` with `values` ((sheet, cell) -> value) cached in its formula
    cells, marked for full recalculation on load and as written by `application`.

    Members keep their order, names, dates and compression, so the same input gives
    the same bytes.
    """
    by_sheet: dict[str, dict[str, Any]] = {}
    for (sheet, ref), value in values.items():
        by_sheet.setdefault(sheet, {})[ref] = value
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {part: by_sheet[name] for name, part in _sheet_parts(source).items()
             if name in by_sheet}
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info)
            if info.filename in parts:
                member = patch_sheet(member, parts[info.filename])
            elif info.filename == "xl/workbook.xml":
                member = full_calc_on_load(member)
            elif info.filename == "docProps/app.xml":
                member = application_named(member, application)
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            target.writestr(copy, member)
    return out.getvalue()


def written_by_jobzone(data: bytes) -> bool:
    """Did jobzone write this package's cached values (no spreadsheet program saved it
    since)? Excel and LibreOffice put their own name in docProps/app.xml on save."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            match = _APPLICATION.search(archive.read("docProps/app.xml"))
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return False
    return match is not None and match.group(0).startswith(
        b"<Application>" + JOBZONE_APPLICATION.encode())
