"""Untrusted text made safe for what jobzone writes: CSV/XLSX cells and file names.

Role titles, task names and rationales come from workbooks and write-ups written
by many hands. Text that a spreadsheet would run as a formula (leading `=`, `+`,
`-`, `@`, tab or carriage return) is written as inert text, and names derived from
text never escape their directory or collide with reserved device names.
"""

from __future__ import annotations

import re
import unicodedata

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                    *(f"lpt{i}" for i in range(1, 10))}
MAX_SLUG = 80


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def inert_csv(text: str) -> str:
    """A CSV field a spreadsheet opens as text: a leading quote disarms a formula (OWASP)."""
    return "'" + text if is_formula_like(text) else text


def slug(text: str, fallback: str = "assessment", max_length: int = MAX_SLUG) -> str:
    """A lowercase ASCII file-name stem: no separators, no dot files, no reserved names."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_length].strip("-")
    if not stem or stem in WINDOWS_RESERVED:
        stem = f"{fallback}-{stem}" if stem else fallback
    return stem
