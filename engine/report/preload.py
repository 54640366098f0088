"""What a report's worker processes import before their first file: the check's, and the
report's own row builder.

Kept apart from `jobzone.engine.report.collect` (which imports the check) so the CLI's early
pool start can name it without importing it; tests/test_preloads.py proves every name resolves.
"""

from jobzone.engine.check.preload import PRELOAD as CHECK_PRELOAD

PRELOAD = ("jobzone.engine.report.collect", *CHECK_PRELOAD)
