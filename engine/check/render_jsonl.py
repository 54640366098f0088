"""Findings as JSON Lines: one object per file, written the moment the file is checked.

Each line is the `files` entry `--format json` would hold for that file (`file`,
`findings`, `result`), so a pipeline reads results while a bulk check runs and
nothing waits for the last file. Lines come in the order files finish.
"""

from __future__ import annotations

import json

from jobzone.engine.check.pipeline import FileReport
from jobzone.engine.check.render_json import report_json


def jsonl_line(report: FileReport) -> str:
    return json.dumps(report_json(report), ensure_ascii=False, separators=(",", ":")) + "\n"
