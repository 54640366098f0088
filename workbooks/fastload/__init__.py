"""Fast xlsx reading: a canonical workbook's cells in one pass over members the guard
already inflated, with openpyxl's own conversions (`cells_load`, `lean_sheet`,
`sheet_cells`, `sheet_rows`; `recent` bounds what a process remembers). Imports only the
guard (and the standard library and openpyxl).
"""
