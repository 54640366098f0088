"""Legacy importers: spreadsheets, CSV and write-ups read by their headers, not fixed cells.

A source becomes rows of cells (`grid`), tables are found by their header rows and
labelled values by their labels (`tables`, `labelled`), both through one declarative
alias table (`aliases.toml`), and everything found lands in a `Draft` that becomes
an Assessment, the figures the source published, and whatever could not be mapped.
"""
