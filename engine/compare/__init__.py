"""Two versions of one assessment compared: `jobzone diff` and git's textconv view.

Each version is read from any source `jobzone import` reads (a canonical workbook, a
legacy spreadsheet, a CSV export, a write-up), laid out as the canonical workbook's
cells, and evaluated; the diff names each input that changed by its cell, each formula
that changed, and the effect on every intermediate and on the result. Sits above the
importer (it reads legacy sources through it) and below the API and the CLI.
"""
