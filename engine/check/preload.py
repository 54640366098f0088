"""What a bulk check's worker processes import before their first file.

Kept apart from `engine.check.bulk` (which imports openpyxl and the check's stages), so
`jobzone check` can start its pool's fork server importing these before the command
imports them itself.
"""

PRELOAD = ("engine.check.bulk", "engine.check.pipeline", "engine.check.agreement",
           "engine.check.integrity", "engine.check.rules_drift", "engine.check.method_rules",
           "engine.evaluate", "schemas.validate", "schemas.batch", "schemas.sheet_frames",
           "workbooks.reader", "workbooks.cells_load", "workbooks.cached_values", "openpyxl",
           "python_calamine")
