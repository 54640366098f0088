"""The AIJRI method and everything that runs it, as layers (top to bottom).

    cli > api > importer | report > check > recalc | (jobzone.schemas) > (jobzone.workbooks)
        > core | runtime

A layer imports only layers below it; `|` marks siblings that do not import each other.
The import-linter contracts in pyproject.toml enforce this (`python -m tests.import_layers`).
Kept import-light: the CLI must start fast, so heavy libraries are imported where used.
"""
