"""Portfolio reports: one row per workbook, rendered as HTML, XLSX, CSV or JSON.

`collect` turns files into rows (the only step that reads workbooks), `summary`
aggregates them, and each `render_*` module turns the same Portfolio into one
format; `write` picks the renderer by the output's extension and writes atomically.
"""
