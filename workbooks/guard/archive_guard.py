"""Inspect an .xlsx archive before any XML in it is parsed: refuse bombs, report hazards.

A workbook is a zip of XML parts, so the cheapest attacks live in the archive:
a 40 KB file that inflates to gigabytes, ten thousand members, names that climb
out of a directory, encrypted or exotically compressed members, XML with a DTD
(entity expansion, external entities), a merged range that makes openpyxl build
seventeen billion cells, a part referenced a hundred thousand times. Each is
measured here from the zip directory and the raw bytes, against `Limits`, and a
file that breaks one is refused with a located error before openpyxl sees it.

Some contents are legitimate but must never be followed or run: macros, external
workbook links, DDE links, embedded objects, data connections. Those are notices:
jobzone reports them and reads on, and nothing in jobzone executes or fetches them.

Python's `zipfile` stops reading a member at its declared size and then checks
its CRC, so the declared sizes checked here bound what any later reader gets.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from jobzone.engine.core.errors import Location, WorkbookError
from jobzone.engine.core.limits import Limits
from jobzone.workbooks.guard import part_scan as scan
from jobzone.workbooks.guard.zip_members import read_member

T = TypeVar("T")

# Codes JZ010-JZ020 (refusals) and JZ030-JZ035 (notices) are defined in workbooks/guard/codes.py.
EXCEL_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
DRIVE = re.compile(r"^[A-Za-z]:")
DDE_SERVICE = re.compile(rb"ddeService\s*=\s*[\"']([^\"']*)[\"']")
NOTICE_PARTS: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (code, re.compile(pattern), what) for code, pattern, what in (
    # (code, pattern on the member name, what it is)
    ("JZ030", r"(^|/)externalLinks/externalLink\d*\.xml$", "external workbook link part"),
    ("JZ032", r"(^|/)vbaProject\.bin$", "VBA macro project"),
    ("JZ032", r"(^|/)macrosheets/", "Excel 4.0 (XLM) macro sheet"),
    ("JZ034", r"(^|/)embeddings/", "embedded object"),
    ("JZ034", r"(^|/)activeX/", "ActiveX control"),
    ("JZ035", r"(^|/)connections\.xml$", "external data connections"),
    ("JZ035", r"(^|/)queryTables/", "query table"),
))


@dataclass
class ArchiveReport:
    """What the inspection found: refusals stop the read, notices are reported."""

    file: str
    refusals: list[WorkbookError] = field(default_factory=list)
    notices: list[WorkbookError] = field(default_factory=list)
    # every member the scans inflated, so a reader need not inflate them again
    members: dict[str, tuple[zipfile.ZipInfo, bytes]] = field(default_factory=dict)
    complete: bool = False  # were all members scanned (no refusal, no early stop)?

    def inflated(self) -> InflatedArchive | None:
        """The members as an archive to read from, when the scans read them all."""
        return InflatedArchive(self.members) if self.complete and not self.refusals else None

    def refuse(self, code: str, message: str) -> None:
        self.refusals.append(WorkbookError(Location(self.file), message, code))

    def notice(self, code: str, message: str) -> None:
        self.notices.append(WorkbookError(Location(self.file), message, code))


class InflatedArchive:
    """The members of an archive already inflated, read like a `zipfile.ZipFile`."""

    def __init__(self, members: dict[str, tuple[zipfile.ZipInfo, bytes]]) -> None:
        self._members = members

    def namelist(self) -> list[str]:
        return list(self._members)

    def getinfo(self, name: str) -> zipfile.ZipInfo:
        return self._members[name][0]

    def read(self, name: str) -> bytes:
        return self._members[name][1]


def require_defused_xml(file: str) -> None:
    """Refuse to parse untrusted XML if openpyxl fell back to the plain stdlib parser."""
    from openpyxl import DEFUSEDXML

    if not DEFUSEDXML:
        raise WorkbookError(Location(file), "openpyxl is not using defusedxml (not installed, "
                            "or OPENPYXL_DEFUSEDXML=False); refusing to parse untrusted XML",
                            "JZ020")


def refuse_unsafe_archive(data: bytes, file: str, limits: Limits) -> list[WorkbookError]:
    """Raise the first refusal as a WorkbookError; return the notices otherwise."""
    report = inspect_archive(data, file, limits)
    if report.refusals:
        raise report.refusals[0]
    return report.notices


def inspect_archive(data: bytes, file: str, limits: Limits) -> ArchiveReport:
    """Every refusal and notice for the archive `data` (read from `file`)."""
    report = ArchiveReport(file)
    size = len(data)
    if size > limits.max_file_bytes:
        report.refuse("JZ010", f"file is {size:,} bytes (limit {limits.max_file_bytes:,}, "
                      "JOBZONE_MAX_FILE_BYTES)")
        return report
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # not ZipInfo.is_dir(): it fails on a member whose name is empty
            members = [info for info in archive.infolist() if not info.filename.endswith("/")]
            if not _folders_empty(archive.infolist(), report) or \
                    not _directory_ok(members, limits, report):
                return report
            _notices_by_name(members, report)
            _contents(data, members, limits, report)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError,
            RuntimeError, ValueError, EOFError, OSError) as exc:
        report.refuse("JZ004", f"damaged archive ({type(exc).__name__}: {exc})")
    return report


def _folders_empty(infos: list[zipfile.ZipInfo], report: ArchiveReport) -> bool:
    """A folder entry (a name ending in '/') holds nothing; the scans below skip folders,
    so one holding data is data no check has seen, which a crafted relationship can
    still send a reader to (a zip bomb's way past the size and ratio checks)."""
    stuffed = [info for info in infos
               if info.filename.endswith("/") and (info.file_size or info.compress_size > 16)]
    for info in stuffed:  # an empty deflate stream takes 2 to 5 bytes, by writer
        report.refuse("JZ012", f"archive member {info.filename!r} is named as a folder "
                      f"but holds {info.file_size:,} bytes")
    return not stuffed


def _directory_ok(members: list[zipfile.ZipInfo], limits: Limits, report: ArchiveReport) -> bool:
    """Checks on the central directory alone: counts, names, methods, sizes, ratios."""
    if len(members) > limits.max_zip_entries:
        report.refuse("JZ011", f"archive has {len(members):,} members (limit "
                      f"{limits.max_zip_entries:,}, JOBZONE_MAX_ZIP_ENTRIES)")
        return False
    names = Counter(info.filename for info in members)
    for info in members:
        problem = _name_problem(info.filename)
        if problem is None and names[info.filename] > 1:
            problem = "appears more than once"
        if problem:
            report.refuse("JZ012", f"archive member {info.filename!r} {problem}")
        elif info.flag_bits & 0x1:
            report.refuse("JZ013", f"archive member {info.filename!r} is encrypted")
        elif info.compress_type not in EXCEL_METHODS:
            report.refuse("JZ013", f"archive member {info.filename!r} uses compression method "
                          f"{info.compress_type}; Excel writes only stored or deflated members")
        elif info.file_size > limits.ratio_exempt_bytes and \
                info.file_size > limits.max_compression_ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            report.refuse("JZ014", f"archive member {info.filename!r} expands {ratio:,.0f}x "
                          f"to {info.file_size:,} bytes (limit {limits.max_compression_ratio}x, "
                          "JOBZONE_MAX_COMPRESSION_RATIO): a zip bomb")
    total = sum(info.file_size for info in members)
    if total > limits.max_uncompressed_bytes:
        report.refuse("JZ015", f"archive expands to {total:,} bytes (limit "
                      f"{limits.max_uncompressed_bytes:,}, JOBZONE_MAX_UNCOMPRESSED_BYTES)")
    return not report.refusals


def _name_problem(name: str) -> str | None:
    if not name:
        return "has no name"
    if "\x00" in name:
        return "contains a NUL character"
    if "\\" in name:
        return "contains a backslash"
    if name.startswith("/") or DRIVE.match(name):
        return "is an absolute path"
    if ".." in name.split("/"):
        return "climbs out of the archive ('..')"
    return None


def _notices_by_name(members: list[zipfile.ZipInfo], report: ArchiveReport) -> None:
    for code, pattern, what in NOTICE_PARTS:
        hits = [info.filename for info in members if pattern.search(info.filename)]
        if hits:
            report.notice(code, f"{what} present ({', '.join(hits[:3])}"
                          f"{', ...' if len(hits) > 3 else ''}); jobzone never follows, opens "
                          "or runs it")


REMEMBERED_PART_BYTES = 256 * 1024  # parts up to this size have their scans remembered


def _remembered(scan_part: Callable[[bytes, int], T]) -> Callable[[bytes, int], T]:
    """A byte scan remembered by the part's exact bytes (and its ceiling).

    Workbooks made from one template repeat most parts byte for byte (theme,
    styles, the Rules sheet, workbook.xml); each is scanned once per process. The
    key is the bytes themselves, so only identical bytes share a verdict; large
    parts are scanned every time, so the memory held stays small.
    """
    remembered = functools.lru_cache(maxsize=128)(scan_part)

    def scanned(data: bytes, ceiling: int) -> T:
        return remembered(data, ceiling) if len(data) <= REMEMBERED_PART_BYTES \
            else scan_part(data, ceiling)

    return scanned


_count_elements = _remembered(scan.count_elements)
_expanded_ranges = _remembered(scan.expanded_ranges)
_ods_dense_area = _remembered(scan.ods_dense_area)


def _contents(archive: bytes, members: list[zipfile.ZipInfo], limits: Limits,
              report: ArchiveReport) -> None:
    """Byte scans of every member: encodings, DTDs, counts, expanded ranges, fan-out."""
    sizes = {info.filename: info.file_size for info in members}
    rels_names = {name for name in sizes if name.endswith(".rels")}
    kept = rels_names | {scan.rels_source(name) for name in rels_names}
    parts: dict[str, bytes] = {}
    cells = sheets = drawn = 0
    # Past this sum at least one count is over its own limit, so counting can stop.
    ceiling = limits.max_cells + limits.max_sheets + limits.max_drawing_objects
    for info in members:
        data = read_member(archive, info)  # as archive.read(info), without its file views
        name = info.filename
        report.members[name] = (info, data)
        problem = scan.encoding_problem(data)
        if problem:
            report.refuse("JZ017", f"XML part {name!r} {problem}; jobzone reads ASCII-compatible "
                          "(UTF-8) parts only")
            return
        if scan.has_dtd(data):
            report.refuse("JZ016", f"XML part {name!r} declares a DTD (<!DOCTYPE>); workbooks "
                          "never need one and it enables entity-expansion and external-entity "
                          "attacks")
            return
        counts = _count_elements(data, ceiling)
        cells += counts["cells"]
        sheets += counts["sheets"]
        drawn += counts["drawn"]
        if cells > limits.max_cells or sheets > limits.max_sheets or \
                drawn > limits.max_drawing_objects:
            break
        ranges = _expanded_ranges(data, limits.max_cells)
        if ranges.bad_ref is not None:
            report.refuse("JZ018", f"XML part {name!r} has a range reference openpyxl cannot "
                          f"bound: {ranges.bad_ref[:40]!r}")
            return
        cells += ranges.area + _ods_dense_area(data, limits.max_cells)
        if b"ddeLink" in data:
            services = sorted({s.decode("utf-8", "replace") for s in DDE_SERVICE.findall(data)})
            report.notice("JZ031", f"DDE link in {name!r} (service {', '.join(services) or '?'});"
                          " jobzone never runs it")
        if name in kept:
            parts[name] = data
    else:
        report.complete = True
    _count_limits(cells, sheets, drawn, limits, report)
    if not report.refusals:
        _fan_out(parts, sizes, limits, report)


def _count_limits(cells: int, sheets: int, drawn: int, limits: Limits,
                  report: ArchiveReport) -> None:
    if sheets > limits.max_sheets:
        report.refuse("JZ018", f"workbook declares more than {limits.max_sheets} sheets "
                      "(JOBZONE_MAX_SHEETS)")
    if cells > limits.max_cells:
        report.refuse("JZ018", f"workbook holds or expands to more than {limits.max_cells:,} "
                      "cells, strings and comments, merged and hyperlinked ranges included "
                      "(JOBZONE_MAX_CELLS)")
    if drawn > limits.max_drawing_objects:
        report.refuse("JZ018", f"workbook draws more than {limits.max_drawing_objects:,} charts "
                      "and pictures (JOBZONE_MAX_DRAWING_OBJECTS)")


def _fan_out(parts: dict[str, bytes], sizes: dict[str, int], limits: Limits,
             report: ArchiveReport) -> None:
    """Refuse when following relationships would make openpyxl re-read parts many times.

    openpyxl reads a target part once per relationship of certain types and once
    per `r:id` reference to it (sheets, table parts, charts in a drawing), with no
    cache. Summing the target sizes over every relationship and reference bounds
    the bytes it would parse; a genuine package reads each part about twice.
    """
    budget = 2 * limits.max_uncompressed_bytes
    total = 0
    for rels_name, data in parts.items():
        source = scan.rels_source(rels_name)
        if source is None:
            continue
        internal = [rel for rel in scan.relationships(rels_name, data) if not rel.external]
        total += sum(sizes.get(rel.target, 0) for rel in internal)
        by_id = {rel.id: rel.target for rel in reversed(internal)}  # first Id wins, as in openpyxl
        source_data = parts.get(source)
        if source_data is None:
            continue
        total += sum(sizes.get(by_id[ref], 0) for ref in scan.reference_ids(source_data)
                     if ref in by_id)
        if total > budget:
            report.refuse("JZ018", f"relationships in {rels_name!r} would make the reader "
                          f"parse more than {budget:,} bytes (parts referenced over and over)")
            return
