"""Finding codes of `jobzone import`, each with its meaning, severity and fix, in one place.

Severity decides the status: a source with an error finding fails to import;
warnings and infos travel with the imported workbook into the report. Codes the
readers raise for the file itself (JZ0xx from the archive guard) keep their own.
"""

from __future__ import annotations

from jobzone.engine.core.findings import Rule, Severity

E, W, INFO = Severity.error, Severity.warning, Severity.info
ERROR = E.value

IMPORT_RULES = (
    Rule("JZ501", E, "a block the method needs was not found in the source",
         "An assessment needs a task table, the three principles, the growth correlation, "
         "five evidence dimensions and five barriers; tables are found by header rows.",
         "add the block, or teach the importer its header with --mapping FILE"),
    Rule("JZ502", E, "a value cannot be read as what its column holds",
         "Time shares are numbers or percentages (20, 0.2, 20%); scores whole numbers "
         "(3, 3.0, 3/5, +2).", "correct the cell in a copy of the source and import again"),
    Rule("JZ503", E, "the same input is given twice with different values",
         "Two tables or labels give one input different values; the importer will not "
         "guess which one the analyst meant.", "remove the stale one"),
    Rule("JZ504", W, "content not mapped to an input; kept in the Notes sheet",
         "Nothing is dropped: text and numbers the importer could not place are written "
         "to the output's Notes sheet and listed in the report.",
         "if it is an input, add its header or label to a --mapping file"),
    Rule("JZ505", INFO, "a name or label matched loosely; read as the canonical one",
         "A dimension or label written differently (words, spelling) was matched to "
         "the one canonical name it fits.", None),
    Rule("JZ506", INFO, "bare time shares read as fractions of 1 (0.2 = 20%)",
         "The column summed to 1, not 100, so its numbers are fractions.", None),
    Rule("JZ507", W, "a figure the source published disagrees with the recomputed one",
         "Published totals and scores are compared at the precision they were printed; "
         "a difference means the source's arithmetic or inputs were changed by hand.",
         "check the source's figure; the output carries the recomputed value"),
    Rule("JZ508", E, "the source cannot be read",
         "The file is missing, damaged, too large, or not the format its name says.",
         None),
    Rule("JZ509", W, "a task has no label; the usual label for its score is used",
         "METHODOLOGY section 8: 4-5 DISPLACEMENT, 3 AUGMENTATION, 1-2 NOT INVOLVED.",
         "give the label in the source"),
    Rule("JZ510", E, "the worker importing this source crashed",
         "The process importing the file died; the rest of the run went on.",
         "import the file alone to see the failure"),
    Rule("JZ512", E, "the output could not be written", "", None),
)
IMPORT_CODES = {rule.code: rule for rule in IMPORT_RULES}


def severity(code: str) -> str:
    """An import code's severity; any other code (a reader's refusal) is an error."""
    rule = IMPORT_CODES.get(code)
    return rule.severity.value if rule else ERROR
