"""The HTML report in a real browser: headless Debian Chromium, driven with playwright.

Opens a report of a generated portfolio (hostile titles and broken files included)
from a file:// URL, and checks what a person would: nothing logged as an error,
nothing fetched, no script from a role title run, the table sorts and filters,
links reach the derivations, and a phone-sized screen does not scroll sideways.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.browser import browser_page, chromium_missing
from tests.portfolio import portfolio_assessments, write_broken_files, write_portfolio

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(chromium_missing() is not None,
                                 reason=chromium_missing() or "")]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("browser")
    roles = root / "roles"
    write_portfolio(roles, portfolio_assessments(40, hostile_titles=True))
    write_broken_files(roles)
    outputs = {}
    for suffix in (".html", ".json"):
        out = root / f"portfolio{suffix}"
        done = subprocess.run([sys.executable, "-m", "jobzone", "report", str(roles),
                               "--out", str(out)], capture_output=True, text=True, check=False)
        assert done.returncode == 2, done.stderr  # two unreadable files among the sources
        outputs[suffix] = out
    return outputs[".html"], json.loads(outputs[".json"].read_text(encoding="utf-8"))


def _table(page: Any) -> list[tuple[int, bool]]:
    """(role number, hidden) of each table row, in the order the page shows them."""
    rows = page.eval_on_selector_all(
        "#roles-table tbody tr",
        "rows => rows.map(r => [Number(r.cells[0].textContent), r.hidden])")
    return [(number, hidden) for number, hidden in rows]


def _visible(page: Any) -> list[int]:
    return [number for number, hidden in _table(page) if not hidden]


def test_opens_cleanly_offline_and_sorts_and_filters(report: tuple[Path, dict[str, Any]],
                                                     tmp_path: Path) -> None:
    html, data = report
    roles, summary = data["files"], data["summary"]
    url = html.resolve().as_uri()
    with browser_page() as page:
        problems: list[str] = []
        requests: list[str] = []
        dialogs: list[str] = []
        page.on("console", lambda m: problems.append(f"{m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url, wait_until="load")
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot))
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000

        assert page.text_content("#row-count") == f"Showing {len(roles)} of {len(roles)} roles"
        assert page.inner_text("td.title >> nth=1").startswith("<script>alert(1)</script>")

        scored = [r for r in roles if r["result"]]
        unscored = [r["number"] for r in roles if not r["result"]]
        page.click("th[data-key=score] button")
        by_score = sorted(scored, key=lambda r: (r["result"]["score"], r["number"]))
        assert _visible(page) == [r["number"] for r in by_score] + unscored
        assert page.get_attribute("th[data-key=score]", "aria-sort") == "ascending"
        page.click("th[data-key=score] button")
        by_score = sorted(scored, key=lambda r: (-r["result"]["score"], r["number"]))
        assert _visible(page) == [r["number"] for r in by_score] + unscored
        page.click("th[data-key=task-resistance] button")
        by_tr = sorted(scored, key=lambda r: (r["result"]["task_resistance"], r["number"]))
        assert _visible(page) == [r["number"] for r in by_tr] + unscored

        page.fill("#filter-text", "engineer")
        title = {r["number"]: ((r["role"] or {}).get("job_title", "").strip()
                               or Path(r["file"]).name).lower() for r in roles}
        order = [r["number"] for r in by_tr] + unscored
        engineers = [n for n in order if "engineer" in title[n]]
        assert engineers and _visible(page) == engineers  # the sort order survives the filter
        assert page.text_content("#row-count") == \
            f"Showing {len(engineers)} of {len(roles)} roles"
        page.fill("#filter-text", "no role is called this")
        assert _visible(page) == [] and page.is_visible("#no-rows")
        page.fill("#filter-text", "")
        page.select_option("#filter-zone", "Red")
        assert len(_visible(page)) == summary["final_zones"]["Red"]
        page.select_option("#filter-zone", "none")
        assert sorted(_visible(page)) == unscored
        page.select_option("#filter-zone", "")
        page.check("#filter-findings")
        assert len(_visible(page)) == summary["roles_with_problems"] >= 3

        page.click(f"td.title a[href='#role-{unscored[0]}']")
        assert page.evaluate("location.hash") == f"#role-{unscored[0]}"
        assert page.locator(f"#role-{unscored[0]}").is_visible()
        page.locator("svg.chart a").first.click()
        assert page.evaluate("location.hash").startswith("#role-")

    assert problems == [] and dialogs == []
    assert set(requests) == {url}


def test_fits_a_phone_screen(report: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    html, _ = report
    with browser_page(width=390, height=844) as page:
        page.goto(html.resolve().as_uri(), wait_until="load")
        page.screenshot(path=str(tmp_path / "phone.png"))
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
