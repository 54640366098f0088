from __future__ import annotations

import pytest

from jobzone.engine.core.text_safety import MAX_CELL_TEXT, html_text, inert_csv, slug, xlsx_text


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"])
def test_formula_like_text_is_disarmed(text: str) -> None:
    assert inert_csv(text) == "'" + text


def test_plain_text_is_unchanged() -> None:
    assert inert_csv("LLMOps Engineer") == "LLMOps Engineer"


@pytest.mark.parametrize(("text", "expected"), [
    ("LLMOps Engineer — Mid-level", "llmops-engineer-mid-level"),
    ("../../etc/passwd", "etc-passwd"),
    ("CON", "assessment-con"),
    ("", "assessment"),
    ("...", "assessment"),
    ("Ingénieur / Senior", "ingenieur-senior"),
])
def test_slugs_are_safe_file_names(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_slugs_are_bounded() -> None:
    assert len(slug("a" * 500)) <= 80


def test_html_text_escapes_markup_and_quotes() -> None:
    assert html_text('<script>alert("x")</script> & \'q\'') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;")


def test_control_characters_become_visible_replacements() -> None:
    assert html_text("a\x00b\x1bc\td\ne") == "a\ufffdb\ufffdc\td\ne"
    assert xlsx_text("bell\x07") == "bell\ufffd"


def test_xlsx_text_is_bounded_and_otherwise_verbatim() -> None:
    assert xlsx_text("=HYPERLINK(\"http://x\")") == "=HYPERLINK(\"http://x\")"
    long = xlsx_text("x" * (MAX_CELL_TEXT + 10))
    assert len(long) == MAX_CELL_TEXT and long.endswith("…")
    assert xlsx_text("y" * MAX_CELL_TEXT) == "y" * MAX_CELL_TEXT
