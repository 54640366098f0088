"""Untrusted text made safe for what jobzone writes: CSV/XLSX cells, HTML, file names.

Role titles, task names and rationales come from workbooks and write-ups written
by many hands. Text that a spreadsheet would run as a formula (leading `=`, `+`,
`-`, `@`, tab or carriage return) is written as inert text, and names derived from
text never escape their directory or collide with reserved device names.
"""

from __future__ import annotations

import html
import re
import unicodedata

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                    *(f"lpt{i}" for i in range(1, 10))}
MAX_SLUG = 80
# Characters XML 1.0 (so XLSX) cannot hold; the same set as openpyxl's ILLEGAL_CHARACTERS_RE.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_CELL_TEXT = 32_767  # Excel's limit on the characters of one cell


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def inert_csv(text: str) -> str:
    """A CSV field a spreadsheet opens as text: a leading quote disarms a formula (OWASP)."""
    return "'" + text if is_formula_like(text) else text


def xml_text(text: str) -> str:
    """Text an XML document can carry: each control character becomes U+FFFD, visibly."""
    return XML_ILLEGAL.sub("\ufffd", text)


def xlsx_text(text: str) -> str:
    """Text an XLSX cell can hold: XML-safe and cut to Excel's limit, marked with an ellipsis.

    Whether it is formula-like is the writer's to mark (quotePrefix), so the value
    itself stays verbatim.
    """
    text = xml_text(text)
    return text if len(text) <= MAX_CELL_TEXT else text[:MAX_CELL_TEXT - 1] + "…"


def html_text(text: str) -> str:
    """Text for HTML element content or a quoted attribute value: escaped, XML-safe."""
    return html.escape(xml_text(text), quote=True)


def slug(text: str, fallback: str = "assessment", max_length: int = MAX_SLUG) -> str:
    """A lowercase ASCII file-name stem: no separators, no dot files, no reserved names."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_length].strip("-")
    if not stem or stem in WINDOWS_RESERVED:
        stem = f"{fallback}-{stem}" if stem else fallback
    return stem
