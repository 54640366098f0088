"""Hostile and broken legacy sources for `jobzone import`: OpenDocument, CSV and .xls.

Part of the hostile corpus (`tests.hostile_corpus` lists the cases): repeat and span
counts that would make calamine or the importer allocate billions of cells, a
merged range over a whole .xls sheet, and a CSV assessment whose text can be made
hostile.
"""

from __future__ import annotations

import io
import zipfile

ODS_CELL = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'


def ods_document(rows_xml: str) -> bytes:
    """A minimal OpenDocument spreadsheet with one table holding `rows_xml`."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'office:version="1.2"><office:body><office:spreadsheet>'
               f'<table:table table:name="Tasks">{rows_xml}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def ods_repeat_bomb() -> bytes:
    """800 bytes that make calamine allocate 10,000 x 9,999 filled cells (12 GB, 40 s)."""
    return ods_document('<table:table-row table:number-rows-repeated="10000">'
                        '<table:table-cell table:number-columns-repeated="9999" '
                        'office:value-type="string"><text:p>x</text:p></table:table-cell>'
                        "</table:table-row>")


def ods_empty_repeats() -> bytes:
    """What LibreOffice writes after the last used cell: huge repeats of empty cells."""
    return ods_document(f"<table:table-row>{ODS_CELL}</table:table-row>"
                        '<table:table-row table:number-rows-repeated="1048575">'
                        '<table:table-cell table:number-columns-repeated="1024"/>'
                        "</table:table-row>")


CSV_ASSESSMENT = """Job Title,{title}
Seniority Level,Mid-level
Primary Function,Reporting: the core duties of the role.
What This Role Is NOT,Not a management role.
Typical Experience,2-5 years.

Principle,Score,Rationale
Embodied Physicality,0,
Deep Interpersonal Connection,1,
Goal-Setting & Moral Judgment,1,
AI Growth Correlation,0,{rationale}

Task,Time %,Score (1-5),Aug/Disp,Rationale
{task},35,4,DISPLACEMENT,{rationale}
Ad-hoc queries,30,4,DISPLACEMENT,
Explaining numbers to managers,20,3,AUGMENTATION,
Defining metrics,15,2,NOT INVOLVED,

Dimension,Score,Evidence
Job Posting Trends,-1,
Company Actions,-1,
Wage Trends,0,
AI Tool Maturity,-2,
Expert Consensus,-1,

Barrier,Score,Rationale
Regulatory/Licensing,0,
Physical Presence,0,
Union/Collective Bargaining,0,
Liability/Accountability,1,
Cultural/Ethical,0,

Override zone,None
"""


def csv_assessment(title: str = "Reporting Analyst", task: str = "Dashboard maintenance",
                   rationale: str = "") -> bytes:
    """A one-file CSV export of a whole assessment, with text fields as given (CSV-quoted)."""
    def field(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if set(text) & set(',"\r\n') else text

    return CSV_ASSESSMENT.format(title=field(title), task=field(task),
                                 rationale=field(rationale)).encode("utf-8")


def ods_span_bomb() -> bytes:
    """One cell spanning the whole sheet: the importer's grid would fill 17 billion cells."""
    span = ('<table:table-cell table:number-columns-spanned="16384" '
            'table:number-rows-spanned="1048576" office:value-type="string">'
            "<text:p>Task</text:p></table:table-cell>")
    return ods_document(f"<table:table-row>{span}</table:table-row>"
                        f"<table:table-row>{ODS_CELL}</table:table-row>")


def xls_merge_bomb() -> bytes:
    """A legacy .xls whose one merged range covers 20,000 rows x 200 columns (4M cells)."""
    import xlwt

    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("Tasks")
    sheet.write_merge(0, 1, 0, 1, "Task")
    sheet.write(3, 0, "Ad-hoc queries")
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    record = bytes.fromhex("e5000a00" "0100" "0000" "0100" "0000" "0100")  # MERGEDCELLS, A1:B2
    assert data.count(record) == 1
    return data.replace(record, bytes.fromhex("e5000a00" "0100" "0000" "1f4e" "0000" "c700"))
