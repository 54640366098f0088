"""The canonical workbook: its layout, the builder that writes it and the reader.

Everything here derives cell addresses from `jobzone.workbooks.layout`; nothing else in
the project may spell a cell address. Sub-packages: `guard` (hostile-file defences,
imports nothing else of workbooks), `fastload` (the one-pass xlsx reader, imports only
the guard) and `legacy` (readers of other files, with their inverse writers). May import
the core and the runtime of `jobzone.engine`, nothing above them.
"""
