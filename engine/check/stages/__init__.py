"""The stages of `jobzone check`, one module per kind of problem, each with its codes.

Each module returns findings and declares the codes it raises (`RULES`) beside its
checks; `jobzone.engine.check.pipeline` runs them in order. May import recalc, schemas,
workbooks and core.
"""
