"""`jobzone check`: every problem of a workbook as findings, stage by stage.

`pipeline.check_file` runs the stages on one file and returns a FileReport
(findings and the native result), never printing; the renderers turn reports
into text, JSON or SARIF. Each stage module declares the codes it raises
(`RULES`) beside its checks; `codes.all_rules` collects them for `jobzone rules`.
"""
