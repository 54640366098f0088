"""pandera schemas for the canonical workbook's sheets and the cross-sheet rules.

The schemas declare; `jobzone.schemas.validate` runs them lazily and maps each failure to
the cell it came from, using the layout's addresses.
"""
