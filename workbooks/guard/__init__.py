"""Hostile-file defences, run before any parser sees a file, with their codes (`codes`).

`archive_guard` refuses hostile archives (`part_scan`, `zip_members`), `size_limits` and
`formula_risks` refuse oversized or dangerous content. Imports nothing else of
`jobzone.workbooks` (only the core), so every reader can rely on it.
"""
