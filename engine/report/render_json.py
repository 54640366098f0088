"""The portfolio as one JSON document, shaped like `jobzone check --format json`.

`files` holds each role's file record, the one every command prints (file, role,
findings, `result` with every intermediate, or null when the file could not be
scored), with the report's own facts beside it (number, status, time by score, the
derivation), so a pipeline reads one shape whichever command produced it.
"""

from __future__ import annotations

import json
from typing import Any

from jobzone.engine.check.render_json import SCHEMA_VERSION, finding_json
from jobzone.engine.report.rows import Portfolio, RoleRow, Status
from jobzone.engine.report.summary import summarise


def role_json(row: RoleRow, task_scores: tuple[int, ...], ruleset: str) -> dict[str, Any]:
    return {
        "file": row.file,
        "readable": row.status is not Status.unreadable,
        "ruleset": ruleset,
        "role": row.role,
        "findings": [finding_json(f) for f in row.findings],
        "result": row.result,
        "number": row.number,
        "status": row.status.value,
        "time_by_score": ({str(score): float(share) for score, share in
                           zip(task_scores, row.time_by_score, strict=True)}
                          if row.time_by_score else None),
        "derivation": row.derivation,
    }


def render_json(p: Portfolio) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "command": "report",
        "report": {"title": p.title, "ruleset": p.ruleset, "generated_at": p.generated_at},
        "summary": summarise(p).to_json(),
        "files": [role_json(row, p.task_scores, p.ruleset) for row in p.rows],
        "skipped": list(p.skipped),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
