"""The canonical workbook: its layout, the builder that writes it and the reader.

Everything here derives cell addresses from `jobzone.workbooks.layout`; nothing else in
the project may spell a cell address.
"""
