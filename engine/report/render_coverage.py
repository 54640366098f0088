"""The rule-coverage section of the HTML report and its sheet in the XLSX report.

Both show, per ruleset the portfolio was scored under, every decision-table row with
the number of roles it decided, and mark the rows verification proves can never fire,
so "never fires in practice" and "can never fire" stand side by side
(`jobzone.engine.report.coverage`).
"""

from __future__ import annotations

from typing import Any

from jobzone.engine.core.text_safety import html_text as esc
from jobzone.engine.report.coverage import TABLES
from jobzone.engine.report.rows import Portfolio

COVERAGE = "Rule coverage"
HEADERS = ("Ruleset", "Table", "Row", "Rule", "Roles it decided", "Can fire")
_TITLE = dict(TABLES)


def _state(fired: int, can_fire: bool) -> str:
    if not can_fire:
        return "never: earlier rows take all its inputs"
    return "yes" if fired else "yes, but no role here"


def coverage_html(p: Portfolio) -> str:
    if not p.coverage:
        return ""
    blocks = []
    for c in p.coverage:
        rows = "".join(
            f"<tr><td>{esc(_TITLE[r.table])}</td><td class=\"num\">{r.row}</td>"
            f"<td>{esc(r.rule)}</td><td class=\"num\">{r.fired}</td>"
            f"<td>{esc(_state(r.fired, r.can_fire))}</td></tr>" for r in c.rows)
        blocks.append(
            f"<h3>{esc(c.ruleset)} · {c.roles} scored role{'s' if c.roles != 1 else ''}</h3>"
            '<div class="table-wrap"><table><thead><tr><th>Table</th><th>Row</th><th>Rule</th>'
            "<th>Roles it decided</th><th>Can fire</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>")
    return ('<section class="card" id="coverage"><h2>Rule coverage</h2><p class="hint">How '
            "many roles each decision-table row decided; a row no role reaches here may "
            "still fire for others, one marked never cannot fire at all.</p>"
            + "".join(blocks) + "</section>")


def coverage_sheet(ws: Any, p: Portfolio) -> None:
    from jobzone.engine.report.render_xlsx import Kind, _header, put

    _header(ws, 1, HEADERS)
    r = 1
    for c in p.coverage:
        for row in c.rows:
            r += 1
            for column, value in enumerate((c.ruleset, _TITLE[row.table]), start=1):
                put(ws, r, column, value)
            put(ws, r, 3, row.row, Kind.whole)
            put(ws, r, 4, row.rule)
            put(ws, r, 5, row.fired, Kind.whole)
            put(ws, r, 6, _state(row.fired, row.can_fire))
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEF", (36, 14, 6, 60, 16, 36), strict=True):
        ws.column_dimensions[letter].width = width
