"""Hypothesis strategies that break real inputs: bytes, zip structure, XML, cells, lines.

Four depths, because each reaches a different layer. Raw byte edits mostly stop
at the zip layer (a CRC fails); rewriting one member's XML and re-zipping reaches
openpyxl's parser; editing cells through openpyxl reaches the reader and the
schemas; editing lines of a write-up or CSV reaches the text importers.

Strategies draw *edits* (small tuples, positions as plain integers taken modulo
the input's length) and `apply_*` functions perform them, so hypothesis shows and
shrinks a failure as the few edits that cause it, and the drawing never depends
on the bytes being edited.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import Any

from hypothesis import strategies as st

from tests.hostile_corpus import rezip

Edit = tuple[Any, ...]
HOSTILE_TEXT = ["", " ", "=1/0", "=A1", "=cmd|' /C calc'!A0", "+1", "-1", "@x", "\t", "\r\n",
                "#REF!", "#DIV/0!", "9" * 400, "1e308", "-0", "NaN", "inf", "é—✓", "\u202e",
                "<script>", "]]>", "&amp;", "'", '"', "|", "%", "20%", "3/5", "+2", "TRUE",
                "Total", "AUGMENTATION", "Red", "0.4", "100%", "1,5"]
fuzz_text = st.one_of(st.sampled_from(HOSTILE_TEXT),
                      st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
ATTRIBUTE_VALUES = ["", "0", "-1", "1048577", "XFD1048576", "A1:XFD1048576", "B4", "A0", "s",
                    "n", "str", "b", "e", "inlineStr", "9" * 30, "&#0;", "rId999", "../../x"]
anywhere = st.integers(0, 2**31)


# ---------------------------------------------------------------- raw bytes

byte_edits = st.lists(st.one_of(
    st.tuples(st.just("flip"), anywhere, st.integers(0, 7)),
    st.tuples(st.just("overwrite"), anywhere, st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("insert"), anywhere, st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("delete"), anywhere, st.integers(1, 64)),
    st.tuples(st.just("truncate"), anywhere, st.just(0)),
), min_size=1, max_size=4)


def apply_byte_edits(data: bytes, edits: list[Edit]) -> bytes:
    out = bytearray(data)
    for kind, position, arg in edits:
        at = position % max(len(out), 1)
        if kind == "flip" and out:
            out[at] ^= 1 << arg
        elif kind == "overwrite":
            out[at:at + len(arg)] = arg
        elif kind == "insert":
            out[at:at] = arg
        elif kind == "delete":
            del out[at:at + arg]
        elif kind == "truncate":
            del out[at:]
    return bytes(out)


# ---------------------------------------------------------------- XML inside the zip

xml_edits = st.lists(st.tuples(
    anywhere,  # which member
    st.sampled_from(["text", "attribute", "delete", "duplicate", "swap-tag", "drop-member"]),
    anywhere,  # where in it
    anywhere,  # a second position (end of a deleted or duplicated run)
    st.one_of(fuzz_text, st.sampled_from(ATTRIBUTE_VALUES),
              st.sampled_from(["c", "row", "v", "f", "is", "t", "sheet", "mergeCell", "x"])),
), min_size=1, max_size=3)


def apply_xml_edits(data: bytes, edits: list[Edit]) -> bytes:
    """Re-zip `data` with structural edits to the XML of its members."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(n for n in archive.namelist() if n.endswith((".xml", ".rels")))
        parts = {n: archive.read(n).decode("utf-8", "replace") for n in names}
    changed: dict[str, bytes] = {}
    for which, kind, where, until, value in edits:
        name = names[which % len(names)]
        xml = parts[name]
        starts = [m.start() for m in re.finditer(r"<[A-Za-z]", xml)] or [0]
        at = starts[where % len(starts)]
        if kind == "drop-member":
            xml = ""
        elif kind == "text":
            close, opening = xml.find(">", at), xml.find("<", xml.find(">", at) + 1)
            if close != -1 and opening != -1:
                text = value.replace("&", "&amp;").replace("<", "&lt;")
                xml = xml[:close + 1] + text + xml[opening:]
        elif kind == "attribute":
            attributes = list(re.finditer(r'="[^"]*"', xml))
            if attributes:
                match = attributes[where % len(attributes)]
                xml = xml[:match.start()] + '="' + value.replace('"', "&quot;") + '"' + \
                    xml[match.end():]
        elif kind in ("delete", "duplicate"):
            later = [s for s in starts if s > at] or [len(xml)]
            end = later[until % len(later)]
            xml = xml[:at] + (xml[at:end] * 2 if kind == "duplicate" else "") + xml[end:]
        elif kind == "swap-tag" and re.fullmatch(r"[A-Za-z]+", value):
            xml = xml[:at + 1] + value + re.sub(r"^[A-Za-z:]+", "", xml[at + 1:])
        parts[name] = xml
        changed[name] = xml.encode("utf-8")
    return rezip(data, changed)


# ---------------------------------------------------------------- cells via openpyxl

cell_values = st.one_of(
    fuzz_text, st.integers(-10**20, 10**20), st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(), st.none(), st.just(datetime(2024, 2, 29, 12, 0)),
    st.sampled_from(["=1/0", "=B4", "=SUM(A:A)", "=Tasks!C4*2", "=#REF!", "=NA()"]),
)
cell_edits = st.lists(st.tuples(
    st.sampled_from(["input"] * 6 + ["anywhere"] * 2 + ["rename", "drop"]),
    anywhere, st.sampled_from("ABCDEFGHZ"), st.integers(1, 80), cell_values,
    st.sampled_from(["Tasks ", "tasks", "Sheet1", "X"]),
), min_size=1, max_size=6)


def apply_cell_edits(data: bytes, edits: list[Edit]) -> bytes:
    """Set cells (inputs and anything else) to odd values, or rename or drop a sheet."""
    from openpyxl import load_workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = load_workbook(io.BytesIO(data))
    inputs = input_cells()
    for kind, which, column, row, raw, new_title in edits:
        titles = workbook.sheetnames
        # openpyxl refuses control characters in cells; a file could still hold them,
        # but this depth edits what an analyst could type.
        value = ILLEGAL_CHARACTERS_RE.sub("", raw) if isinstance(raw, str) else raw
        if kind == "input":
            sheet, ref = inputs[which % len(inputs)]
            if sheet in titles:
                _set(workbook[sheet][ref], value)
        elif kind == "anywhere":
            _set(workbook[titles[which % len(titles)]][f"{column}{row}"], value)
        elif kind == "rename":
            workbook[titles[which % len(titles)]].title = new_title
        elif kind == "drop" and len(titles) > 1:
            del workbook[titles[which % len(titles)]]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _set(cell: Any, value: Any) -> None:
    """Set a cell's value; the covered cells of a merged range hold none (openpyxl refuses)."""
    if type(cell).__name__ != "MergedCell":
        cell.value = value


def input_cells() -> list[tuple[str, str]]:
    """(sheet, cell) of the canonical inputs: role, every score, the first task rows."""
    from jobzone.workbooks import layout as L

    cells = [(L.ROLE, L.cell(L.ROLE_VALUE_COLUMN, f.row)) for f in L.ROLE_FIELDS]
    for block in (L.PRINCIPLES_BLOCK, L.GROWTH_BLOCK, L.EVIDENCE_BLOCK, L.BARRIERS_BLOCK):
        cells += [(block.sheet, L.cell(block.score_column, row)) for row in block.rows()]
    tc = L.TASK_COLUMNS
    for row in list(L.task_rows())[:8]:
        cells += [(L.TASKS, f"{column}{row}")
                  for column in (tc.name, tc.time_share, tc.score, tc.label, tc.rationale)]
    cells += [(L.OVERRIDE, L.cell(L.OVERRIDE_VALUE_COLUMN, row))
              for row in (L.OVERRIDE_ZONE_ROW, L.OVERRIDE_REASON_ROW)]
    return cells


# ---------------------------------------------------------------- lines of text

line_edits = st.lists(st.tuples(
    st.sampled_from(["delete", "duplicate", "swap", "rewrite", "cell", "insert"]),
    anywhere, anywhere,
    st.one_of(fuzz_text, st.sampled_from(["| a | b |", "|", "| --- |", "||||", "Zone:",
                                          "Assessor override: Red — x", "Task | Time"])),
), min_size=1, max_size=6)
line_endings = st.sampled_from(["", "\n", "\r\n", "\x00"])


def apply_line_edits(text: str, edits: list[Edit], ending: str = "") -> str:
    """Delete, duplicate, swap or rewrite lines; rewrite one cell of a pipe-table row."""
    lines = text.splitlines()
    for kind, where, other, value in edits:
        if not lines:
            lines = [value]
        index = where % len(lines)
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "swap":
            swap = other % len(lines)
            lines[index], lines[swap] = lines[swap], lines[index]
        elif kind == "rewrite":
            lines[index] = value
        elif kind == "insert":
            lines.insert(index, value)
        elif kind == "cell":
            cells = lines[index].split("|")
            if len(cells) > 2:
                cells[1 + other % (len(cells) - 2)] = f" {value.replace('|', '/')} "
                lines[index] = "|".join(cells)
    return "\n".join(lines) + ending
