"""Byte-level facts about one archive part, gathered before any parser trusts it.

openpyxl builds its whole object model from a workbook's XML. A few constructs
cost it far more than their size: a merged range, hyperlink or comment over
`A1:XFD1048576` makes it create seventeen billion cells from 40 bytes, and a
part referenced a hundred thousand times is parsed a hundred thousand times.
These functions measure such things on the raw bytes so the archive guard can
refuse a file before openpyxl sees it. Every count is an upper bound (a match in
a comment or CDATA section only over-counts), which keeps refusals sound.

The scans read markup as ASCII, so parts must be in an ASCII-compatible
encoding; `encoding_problem` refuses the rest (UTF-16/32, EBCDIC and the like),
which Excel, LibreOffice and openpyxl never write.
"""

from __future__ import annotations

import contextlib
import html
import posixpath
import re
import xml.parsers.expat
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# A cell holding an error value (#REF!, #DIV/0!, ...), a formula's cached result included,
# says t="e" (`jobzone.workbooks.cached_values` finds them; `fastload` asks whether any part may).
ERROR_MARK = b't="e"'
ASCII_COMPATIBLE = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1",
                    "iso8859-1", "windows-1252", "cp1252"}
WIDE_STARTS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"<\x00", b"\x00<")
XML_DECLARATION = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<\?xml\b[^>]*?\bencoding\s*=\s*"
                             rb"[\"']([^\"']*)[\"']")
PREFIX = rb"(?:[^\s<>/:!?=\"']+:)?"
# Elements openpyxl turns into objects: cells, shared strings and comments (cells);
# sheets; charts and pictures in drawings.
COUNTED = re.compile(rb"<" + PREFIX + rb"(c|si|comment|sheet|chart|blip|pic|graphicFrame)[\s/>]")
KIND = {b"c": "cells", b"si": "cells", b"comment": "cells", b"sheet": "sheets",
        b"chart": "drawn", b"blip": "drawn", b"pic": "drawn", b"graphicFrame": "drawn"}
PREFIXED_ATTRIBUTE = re.compile(rb"\s[^\s=<>/\"']+:[A-Za-z]+\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
A1_RANGE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,9})(?::\$?([A-Za-z]{1,3})\$?(\d{1,9}))?")
RANGE_ELEMENTS = {"mergeCell", "hyperlink", "comment"}
RANGE_KEYWORDS = (b"mergeCell", b"hyperlink", b"comment")
DTD = b"<!DOCTYPE"


def encoding_problem(data: bytes) -> str | None:
    """Why this part's bytes cannot be scanned as ASCII-compatible markup, if they cannot."""
    if data.startswith(WIDE_STARTS):
        return "is encoded in UTF-16 or UTF-32"
    declared = XML_DECLARATION.match(data[:512])
    if declared:
        name = declared.group(1).decode("ascii", "replace").strip().lower()
        if name not in ASCII_COMPATIBLE:
            return f"declares encoding {name!r}"
    return None


def has_dtd(data: bytes) -> bool:
    """A document type declaration: the only way to declare entities (expansion, XXE)."""
    return DTD in data


def count_elements(data: bytes, ceiling: int) -> Counter[str]:
    """Cells, sheets and drawn objects in a part, stopping once their sum passes `ceiling`.

    Every match takes at least three bytes, so a part shorter than three times the
    ceiling is counted in one C-speed pass; a longer one is walked match by match.
    """
    counts: Counter[str] = Counter()
    if len(data) <= 3 * ceiling:
        counts.update(KIND[name] for name in COUNTED.findall(data))
        return counts
    for total, match in enumerate(COUNTED.finditer(data), start=1):
        counts[KIND[match.group(1)]] += 1
        if total > ceiling:
            break
    return counts


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def range_area(ref: str) -> int | None:
    """Cells in an A1 cell or range reference; None when it is not one."""
    match = A1_RANGE.fullmatch(ref.strip())
    if not match:
        return None
    first_col, first_row, last_col, last_row = match.groups()
    if last_col is None:
        return 1
    rows = abs(int(last_row) - int(first_row)) + 1
    columns = abs(column_number(last_col) - column_number(first_col)) + 1
    return rows * columns


class StopScan(Exception):
    """Raised by an element handler once it has seen enough."""


def _each_element(data: bytes, start: Callable[[str, dict[str, str]], None]) -> None:
    """Call `start(namespaced_name, attributes)` per element until the end, an error or StopScan.

    Parameter entities are never read and no external-entity handler is set, so
    expat resolves nothing outside the bytes given.
    """
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    with contextlib.suppress(StopScan, xml.parsers.expat.ExpatError, ValueError):
        parser.Parse(data, True)


@dataclass
class RangeScan:
    """Cells openpyxl would create for the merged, hyperlinked and commented ranges of a part."""

    area: int = 0
    bad_ref: str | None = None


def expanded_ranges(data: bytes, ceiling: int) -> RangeScan:
    """Sum the areas of range-bearing elements; stop once past `ceiling`.

    Parsed with expat (entities are already refused: the caller rejects DTDs first),
    because attribute values may hold character references or a literal `>`. A part
    that is not well-formed stops the scan; openpyxl would fail on it before it
    expands anything, since it binds ranges only after parsing the whole sheet.
    """
    scan = RangeScan()
    if not any(keyword in data for keyword in RANGE_KEYWORDS):
        return scan

    def start(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(" ")[2] not in RANGE_ELEMENTS or "ref" not in attributes:
            return
        ref = attributes["ref"]
        area = range_area(ref)
        if area is None:
            scan.bad_ref = ref
            raise StopScan
        scan.area += area
        if scan.area > ceiling:
            raise StopScan

    _each_element(data, start)
    return scan


@dataclass(frozen=True)
class Relationship:
    id: str
    target: str
    external: bool


def rels_source(rels_name: str) -> str | None:
    """The part a `.rels` file describes (`xl/_rels/workbook.xml.rels` -> `xl/workbook.xml`)."""
    folder, _, name = rels_name.rpartition("/")
    if not name.endswith(".rels") or posixpath.basename(folder) != "_rels":
        return None
    parent = posixpath.dirname(folder)
    return posixpath.join(parent, name[: -len(".rels")]) if parent else name[: -len(".rels")]


def relationships(rels_name: str, data: bytes) -> list[Relationship]:
    """Relationships of a `.rels` part, targets resolved the way openpyxl resolves them."""
    found: list[Relationship] = []
    parent = posixpath.split(posixpath.dirname(rels_name))[0]

    def start(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(" ")[2] != "Relationship":
            return
        target = attributes.get("Target", "")
        external = attributes.get("TargetMode") == "External"
        if not external:
            target = target[1:] if target.startswith("/") else \
                posixpath.normpath(posixpath.join(parent, target))
        found.append(Relationship(attributes.get("Id", ""), target, external))

    _each_element(data, start)
    return found


def reference_ids(data: bytes) -> Iterator[str]:
    """Values of every prefixed attribute (r:id, r:embed, ...), character references decoded.

    Over-inclusive on purpose: a value that names no relationship is simply ignored.
    """
    for match in PREFIXED_ATTRIBUTE.finditer(data):
        raw = match.group(1) if match.group(1) is not None else match.group(2)
        yield html.unescape(raw.decode("utf-8", "replace"))


TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
REPEAT_KEYWORDS = (b"number-rows-repeated", b"number-columns-repeated", b"-spanned")


def ods_dense_area(data: bytes, ceiling: int) -> int:
    """Cells an OpenDocument reader allocates: per table, last used row x last used column,
    plus every cell a spanned (merged) cell covers.

    Rows and cells carry repeat counts, so 800 bytes can describe ten thousand rows
    of ten thousand filled cells, and calamine (like most readers) builds a dense
    grid up to the last cell holding something. LibreOffice itself writes huge
    repeats of *empty* rows and columns, which cost nothing, so only cells with a
    value or content move the corner. Stops once the sum passes `ceiling`.
    """
    if not any(keyword in data for keyword in REPEAT_KEYWORDS):
        return 0
    state = {"total": 0, "row": 0, "col": 0, "last_row": 0, "last_col": 0,
             "row_repeat": 1, "cell_end": 0, "in_cell": 0}

    def repeat(attributes: dict[str, str], name: str) -> int:
        try:
            return max(1, int(attributes.get(TABLE_NS + name, "1")))
        except ValueError:
            return 1

    def close_table() -> None:
        state["total"] += state["last_row"] * state["last_col"]
        if state["total"] > ceiling:
            raise StopScan

    def start(name: str, attributes: dict[str, str]) -> None:
        if state["in_cell"]:
            state["in_cell"] += 1
            mark_content()
            return
        if name == TABLE_NS + "table":
            close_table()
            state.update(row=0, last_row=0, last_col=0)
        elif name == TABLE_NS + "table-row":
            state.update(row_repeat=repeat(attributes, "number-rows-repeated"), col=0)
            state["row"] += state["row_repeat"]
        elif name in (TABLE_NS + "table-cell", TABLE_NS + "covered-table-cell"):
            state["col"] += repeat(attributes, "number-columns-repeated")
            state["in_cell"] = 1
            # a spanned (merged) cell: readers fill every cell it covers
            spanned = repeat(attributes, "number-columns-spanned") * \
                repeat(attributes, "number-rows-spanned")
            if spanned > 1:
                state["total"] += spanned * state["row_repeat"]
            if OFFICE_NS + "value-type" in attributes:
                mark_content()

    def mark_content() -> None:
        state["last_row"] = max(state["last_row"], state["row"])
        state["last_col"] = max(state["last_col"], state["col"])

    def end(name: str) -> None:
        if state["in_cell"]:
            state["in_cell"] -= 1

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with contextlib.suppress(StopScan, xml.parsers.expat.ExpatError, ValueError):
        parser.Parse(data, True)
        close_table()
    return state["total"]
