"""The portfolio as one JSON document, shaped like `jobzone check --format json`.

`files` holds each role's file record, the one every command prints (file, role,
findings, `result` with every intermediate, or null when the file could not be
scored), with the report's own facts beside it (number, status, time by score, the
derivation), so a pipeline reads one shape whichever command produced it.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from jobzone.engine.check.render_json import SCHEMA_VERSION, finding_json
from jobzone.engine.report.comparison import Comparison, compare
from jobzone.engine.report.rows import Portfolio, RoleRow, Status
from jobzone.engine.report.summary import summarise


def role_json(row: RoleRow, task_scores: tuple[int, ...], ruleset: str) -> dict[str, Any]:
    name, version, digest = row.ruleset or (ruleset, "", "")
    return {
        "file": row.file,
        "readable": row.status is not Status.unreadable,
        "ruleset": name,
        "ruleset_version": version or None,
        "ruleset_hash": digest or None,
        "role": row.role,
        "findings": [finding_json(f) for f in row.findings],
        "result": row.result,
        "number": row.number,
        "status": row.status.value,
        "time_by_score": ({str(score): float(row.share_at(score)) for score in task_scores}
                          if row.time_by_score else None),
        "derivation": row.derivation,
        **({"scenario": dataclasses.asdict(row.scenario)} if row.scenario else {}),
    }


def comparison_json(c: Comparison) -> dict[str, Any]:
    return {
        "name": c.scenario, "compared": c.compared, "zone_changes": c.zone_changes,
        "sub_label_changes": c.sub_label_changes,
        "matrix": [{"from": a, "to": b, "roles": c.matrix.get((a, b), 0)}
                   for a in c.zones for b in c.zones],
        "movers": [{"number": m.row.number, "file": m.row.file, "title": m.row.title,
                    "score": m.before, "scenario_score": m.after, "change": m.delta,
                    "final_zone": m.zone_before, "scenario_final_zone": m.zone_after,
                    "sub_label": m.sub_label_before, "scenario_sub_label": m.sub_label_after}
                   for m in c.movers],
        "refused": [{"number": row.number, "file": row.file, "reason": reason}
                    for row, reason in c.refused],
    }


def render_json(p: Portfolio) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "command": "report",
        "report": {"title": p.title, "ruleset": p.ruleset, "generated_at": p.generated_at,
                   "rulesets": [{"name": n, "version": v or None, "hash": d or None}
                                for n, v, d in p.rulesets]},
        "summary": summarise(p).to_json(),
        "files": [role_json(row, p.task_scores, p.ruleset) for row in p.rows],
        "skipped": list(p.skipped),
        "rule_coverage": [{"ruleset": c.ruleset, "roles": c.roles,
                           "rows": [dataclasses.asdict(r) for r in c.rows]}
                          for c in p.coverage],
    }
    comparison = compare(p)
    if comparison is not None:
        document["scenario"] = comparison_json(comparison)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
