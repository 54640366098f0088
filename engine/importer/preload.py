"""What an import's worker processes import before their first source.

Names, not imports: the pool's fork server imports them, and the command need not
(tests/test_preloads.py proves every name resolves).
"""

PRELOAD = ("jobzone.engine.importer.job", "jobzone.engine.core.evaluate",
           "jobzone.engine.check.pipeline", "jobzone.schemas.validate", "jobzone.workbooks.builder",
           "jobzone.workbooks.legacy.writeup", "jobzone.workbooks.legacy.formats", "openpyxl",
           "xlrd", "python_calamine")
