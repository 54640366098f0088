"""The AIJRI method and everything that runs it.

Kept import-light on purpose: `workbooks` imports the plain model types from here,
and the CLI must start fast, so heavy libraries are imported where they are used.
"""
