"""Benchmark `jobzone report` over a generated portfolio and open the HTML in Chromium.

    python bench/report_portfolio.py [--roles 500] [--screenshot PATH] [--keep DIR]

Writes `--roles` source files (three of them broken: empty, not a workbook, shares
short of 100 %; seven roles with hostile titles), then times a cold `jobzone report`
for each format, the split between checking the files (default runner: one
worker per core) and rendering,
and, in headless Chromium, the page load and one sort and one filter of the table.
Prints one table; the screenshot is of the page as first opened.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jobzone.engine.core.ruleset import AIJRI_1  # noqa: E402
from jobzone.engine.core.scenario_file import read_scenario  # noqa: E402
from jobzone.engine.report.collect import collect_rows, portfolio  # noqa: E402
from jobzone.engine.report.preload import PRELOAD  # noqa: E402
from jobzone.engine.report.write import RENDERERS, write_report  # noqa: E402
from jobzone.engine.runtime.runner import make_runner  # noqa: E402
from jobzone.engine.runtime.sources import expand_sources  # noqa: E402
from tests.browser import browser_page, chromium_missing  # noqa: E402
from tests.portfolio import (  # noqa: E402
    portfolio_assessments,
    write_broken_files,
    write_portfolio,
)


def _generate(directory: Path, roles: int) -> float:
    started = time.perf_counter()
    write_portfolio(directory, portfolio_assessments(roles - 3, hostile_titles=True))
    write_broken_files(directory)
    return time.perf_counter() - started


def _cold_cli(directory: Path, out: Path, scenario: Path | None = None) -> tuple[float, int]:
    started = time.perf_counter()
    extra = ["--scenario", str(scenario)] if scenario else []
    done = subprocess.run([sys.executable, "-m", "jobzone", "report", str(directory), "--out",
                           str(out), *extra], capture_output=True, text=True, check=False)
    return time.perf_counter() - started, done.returncode


def _browser(html: Path, screenshot: Path | None) -> dict[str, float]:
    with browser_page(width=1366, height=1700) as page:
        started = time.perf_counter()
        page.goto(html.resolve().as_uri(), wait_until="load")
        load = time.perf_counter() - started
        if screenshot is not None:
            page.screenshot(path=str(screenshot))
            if page.locator("#scenario").count():  # the scenario comparison, on its own
                page.locator("#scenario").screenshot(
                    path=str(screenshot.with_name(screenshot.stem + "-scenario.png")))
        sort_ms = page.evaluate("""() => { const t = performance.now();
            document.querySelector('th[data-key=score] button').click();
            document.body.offsetHeight; return performance.now() - t; }""")
        filter_ms = page.evaluate("""() => { const t = performance.now();
            const box = document.getElementById('filter-text'); box.value = 'engineer';
            box.dispatchEvent(new Event('input')); document.body.offsetHeight;
            return performance.now() - t; }""")
        shown = page.text_content("#row-count")
    return {"load_s": load, "sort_ms": sort_ms, "filter_ms": filter_ms, "shown": shown}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=500)
    parser.add_argument("--screenshot", type=Path)
    parser.add_argument("--keep", type=Path, help="write the portfolio and reports here")
    parser.add_argument("--scenario", type=Path, help="compare under this scenario (TOML), "
                        "as `jobzone report --scenario`")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jobzone-report-bench-") as scratch:
        base = args.keep or Path(scratch)
        sources, outputs = base / "roles", base / "reports"
        outputs.mkdir(parents=True, exist_ok=True)
        generate_s = _generate(sources, args.roles)

        files = expand_sources([sources], {".xlsx"}).files
        started = time.perf_counter()
        runner = make_runner(len(files), None, None, PRELOAD)
        try:
            chosen = read_scenario(args.scenario) if args.scenario else None
            rows = collect_rows(files, AIJRI_1, runner, scenario=chosen)
        finally:
            runner.close()
        collect_s = time.perf_counter() - started
        p = portfolio(rows, AIJRI_1, f"Generated portfolio of {args.roles} roles",
                      "benchmark run", scenario=chosen.name if chosen else None)
        print(f"portfolio: {len(files)} files generated in {generate_s:.1f} s; checking them "
              f"({runner.name}) took {collect_s:.2f} s ({1000 * collect_s / len(files):.1f} ms "
              f"per file)\n")
        print("| format | cold `jobzone report` wall s | exit | render s (in-process) | "
              "size |\n|---|---|---|---|---|")
        for suffix in RENDERERS:
            out = outputs / f"portfolio{suffix}"
            wall, code = _cold_cli(sources, out, args.scenario)
            renders = []
            for _ in range(3):
                started = time.perf_counter()
                write_report(p, outputs / f"in-process{suffix}")
                renders.append(time.perf_counter() - started)
            print(f"| {suffix} | {wall:.2f} | {code} | {statistics.median(renders):.3f} | "
                  f"{out.stat().st_size / 1024:,.0f} KiB |")
        reason = chromium_missing()
        if reason:
            print(f"\nbrowser: skipped ({reason})")
            return
        b = _browser(outputs / "portfolio.html", args.screenshot)
        print(f"\nheadless Chromium: page load {b['load_s']:.2f} s; sort by score "
              f"{b['sort_ms']:.0f} ms; filter 'engineer' {b['filter_ms']:.0f} ms "
              f"({b['shown']})" + (f"; screenshot {args.screenshot}" if args.screenshot else ""))


if __name__ == "__main__":
    main()
