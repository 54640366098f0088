"""The workbook's own formulas, evaluated with `formulas` into the native Result shape.

`evaluator` is the entry point (a formula set read from a workbook, compiled once by
`compile` into a model kept in `cell_cache`, run step by step by `executor`), with its
defences (`budget`, `sandbox`, `cycles`, `time_limit`) and every override of a `formulas`
function in `functions/`. May import the canonical workbook, the schemas' siblings and
the core; never the check, reports, import or CLI.
"""
