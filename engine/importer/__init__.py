"""`jobzone import`: legacy sources to canonical workbooks, on the shared runner.

`job` turns one source's bytes into a workbook's bytes and a report record (read with
`jobzone.workbooks.legacy`, validated, scored, checked); `run` plans the sources and writes
outputs atomically; `report` writes the import report; `output_names` names outputs;
`published` compares the figures a source printed with the recomputed ones. A sibling
of `report`: neither imports the other.
"""
