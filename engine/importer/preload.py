"""What an import's worker processes import before their first source.

Names, not imports: the pool's fork server imports them, and the command need not
(tests/test_preloads.py proves every name resolves).
"""

PRELOAD = ("jobzone.engine.importer.job", "jobzone.engine.importer.batches",
           "jobzone.engine.core.evaluate", "jobzone.engine.check.bulk",
           "jobzone.engine.check.pipeline", "jobzone.schemas.validate", "jobzone.schemas.batch",
           "jobzone.workbooks.builder", "jobzone.workbooks.legacy.writeup",
           "jobzone.workbooks.legacy.formats", "jobzone.workbooks.legacy.spreadsheet",
           "jobzone.workbooks.template_package", "jobzone.engine.recalc.template_package",
           "jobzone.engine.recalc.compile", "formulas", "openpyxl", "xlrd", "odf.opendocument",
           "python_calamine",
           "jobzone.engine.importer.warm_up")  # last: it uses what the others import
