from __future__ import annotations

import pytest

from engine.text_safety import inert_csv, slug


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
