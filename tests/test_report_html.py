"""The HTML report: self-contained, escaped, and every role linked to its derivation."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from jobzone.engine.core.ruleset import AIJRI_1
from jobzone.engine.report.collect import portfolio
from jobzone.engine.report.render_html import common_folder, render_html
from tests.portfolio import HOSTILE_TITLES, portfolio_assessments, portfolio_rows


class Page(HTMLParser):
    """Tags, attributes and the text of the elements the tests look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.title_cells: list[str] = []
        self.raw: dict[str, str] = {}
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parent = self.tags[-1] if self.tags else ("", {})
        self.tags.append((tag, dict(attrs)))
        self.stack.append(tag)
        self.in_title = tag == "a" and parent[0] == "td" and parent[1].get("class") == "title"
        if self.in_title:
            self.title_cells.append("")

    def handle_endtag(self, tag: str) -> None:
        self.in_title = False
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_cells[-1] += data
        if self.stack and self.stack[-1] in ("style", "script"):
            self.raw[self.stack[-1]] = self.raw.get(self.stack[-1], "") + data


@pytest.fixture(scope="module")
def hostile_html() -> str:
    rows = portfolio_rows(portfolio_assessments(12, hostile_titles=True), unreadable=2)
    return render_html(portfolio(rows, AIJRI_1, "<b>Team</b> & co", "2026-01-01 09:00"))


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def test_hostile_titles_are_text_not_markup(hostile_html: str) -> None:
    page = parse(hostile_html)
    assert page.title_cells[:len(HOSTILE_TITLES)] == list(HOSTILE_TITLES)
    assert hostile_html.count("<script") == 1 and hostile_html.count("</script>") == 1
    assert "<b>" not in hostile_html and "&lt;b&gt;Team&lt;/b&gt; &amp; co" in hostile_html
    assert [tag for tag, _ in page.tags].count("script") == 1


def test_nothing_is_loaded_from_anywhere(hostile_html: str) -> None:
    page = parse(hostile_html)
    for tag, attrs in page.tags:
        assert tag not in ("img", "link", "iframe", "object", "embed", "base", "form")
        assert "src" not in attrs and not any(k.startswith("on") for k in attrs)
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    assert "@import" not in page.raw["style"] and "url(" not in page.raw["style"]


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_the_policy_pins_the_inline_style_and_script(hostile_html: str) -> None:
    page = parse(hostile_html)
    [policy] = [a["content"] for t, a in page.tags
                if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert policy is not None and "default-src 'none'" in policy
    assert f"style-src '{_hash(page.raw['style'])}'" in policy
    assert f"script-src '{_hash(page.raw['script'])}'" in policy


def test_every_role_links_to_its_derivation(hostile_html: str) -> None:
    page = parse(hostile_html)
    ids = {a["id"] for _, a in page.tags if (a.get("id") or "").startswith("role-")}
    links = {a["href"][1:] for t, a in page.tags if t == "a" and (a.get("href") or "#")[1:] in ids}
    assert ids == links == {f"role-{n}" for n in range(1, 15)}
    rows = [a for t, a in page.tags if t == "tr" and "data-zone" in a]
    assert [a["data-zone"] for a in rows][-2:] == ["none", "none"]
    assert len(rows) == 14


def test_charts_show_the_summary(hostile_html: str) -> None:
    circles = re.findall(r'<circle class="dot (zone-\w+)"', hostile_html)
    assert len(circles) == 12 and set(circles) <= {"zone-green", "zone-yellow", "zone-red"}
    assert hostile_html.count('class="zone-stat ') == 3
    for label in (r.sub_label for r in AIJRI_1.sub_labels):
        assert f">{label}</text>" in hostile_html
    assert "#C6EFCE" in hostile_html and "#9C0006" in hostile_html  # the workbook's colours


def test_a_portfolio_with_nothing_scored_says_so() -> None:
    html = render_html(portfolio(portfolio_rows([], unreadable=3), AIJRI_1, "t", "now"))
    assert "No role could be scored" in html and "<circle" not in html
    assert html.count('data-zone="none"') == 3


def test_output_is_reproducible() -> None:
    rows = portfolio_rows(portfolio_assessments(5))
    first = render_html(portfolio(rows, AIJRI_1, "t", "2026-01-01"))
    assert first == render_html(portfolio(rows, AIJRI_1, "t", "2026-01-01"))


@pytest.mark.parametrize(("files", "folder"), [
    (["/a/b/x.xlsx", "/a/b/c/y.xlsx"], "/a/b"),
    (["/a/b/x.xlsx"], "/a/b"),
    (["x.xlsx", "/a/y.xlsx"], ""),
    (["/ab/x.xlsx", "/a/y.xlsx"], ""),
    (["x.xlsx", "y.xlsx"], ""),
])
def test_the_table_names_files_under_their_common_folder(files: list[str], folder: str) -> None:
    assert common_folder(files) == folder


def test_table_rows_show_files_relative_to_the_common_folder(hostile_html: str) -> None:
    assert "Files are under <code>roles</code>." in hostile_html
    assert '<span class="file">r1.xlsx</span>' in hostile_html
