"""What a bulk check's worker processes import before their first file.

Kept apart from `jobzone.engine.check.bulk` (which imports openpyxl and the check's stages), so
`jobzone check` can start its pool's fork server importing these before the command
imports them itself. Names, not imports (tests/test_preloads.py proves each resolves).
"""

PRELOAD = ("jobzone.engine.check.bulk", "jobzone.engine.check.pipeline",
           "jobzone.engine.check.stages.agreement", "jobzone.engine.check.stages.integrity",
           "jobzone.engine.check.stages.rules_drift", "jobzone.engine.check.stages.method_rules",
           "jobzone.engine.core.evaluate", "jobzone.schemas.validate", "jobzone.schemas.batch",
           "jobzone.schemas.sheet_frames", "jobzone.workbooks.reader",
           "jobzone.workbooks.fastload.cells_load", "jobzone.workbooks.cached_values", "openpyxl",
           "python_calamine")
