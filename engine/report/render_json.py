"""The portfolio as one JSON document, shaped like `jobzone check --format json`.

`roles` holds each file with its status, findings and `result` (the same record
`jobzone score --format json` prints, or null when the file could not be scored),
so a pipeline reads one shape whichever command produced it.
"""

from __future__ import annotations

import json
from typing import Any

from jobzone.engine.report.rows import Portfolio, RoleRow
from jobzone.engine.report.summary import summarise


def role_json(row: RoleRow, task_scores: tuple[int, ...]) -> dict[str, Any]:
    return {
        "number": row.number,
        "file": row.file,
        "job_title": row.title,
        "seniority": row.seniority,
        "status": row.status.value,
        "findings": [f.to_json() for f in row.findings],
        "result": row.record,
        "time_by_score": ({str(score): float(share) for score, share in
                           zip(task_scores, row.time_by_score, strict=True)}
                          if row.time_by_score else None),
        "derivation": row.derivation,
    }


def render_json(p: Portfolio) -> str:
    document = {
        "report": {"title": p.title, "ruleset": p.ruleset, "generated_at": p.generated_at},
        "summary": summarise(p).to_json(),
        "roles": [role_json(row, p.task_scores) for row in p.rows],
        "skipped": list(p.skipped),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
