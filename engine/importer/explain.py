"""`jobzone import --explain SOURCE`: what the reader recognised in a source, and where.

For each source: every block found (tasks, principles, evidence, barriers, growth, long
format, labelled values) with its cell range and the alias each header or label matched,
the rule that decided a reading where a cell could mean two things, what was kept as
unmapped, and whether the source imports (its score) or why not. Nothing is written: an
analyst reads it to write a `--mapping` entry for a header the alias table lacks.
"""

from __future__ import annotations

from jobzone.engine.core.errors import WorkbookError
from jobzone.engine.importer.job import ReadJob, ReadOutcome, _read, aliases_for, read_source
from jobzone.workbooks.legacy.draft import Block, Imported


def _matched(block: Block) -> str:
    return ", ".join(f"{text!r} -> {field}" for text, field in block.matched)


def explain(job: ReadJob) -> tuple[list[str], bool]:
    """The lines `--explain` prints for one source, and whether it imports."""
    lines = [job.source]
    try:
        imported = _read(job, aliases_for(job.mapping))
    except WorkbookError as exc:
        return [*lines, f"  cannot be read: {exc.code} {exc}"], False
    except Exception as exc:  # untrusted bytes: a reader library failing is the file's problem
        return [*lines, f"  cannot be read: JZ508 {type(exc).__name__}: {exc}"], False
    outcome = read_source(job)
    if imported.parts:
        each = "sheet" if imported.parts[0][0].startswith("sheet ") else "row"
        lines.append(f"  holds {len(imported.parts)} assessments (one per {each})")
        for (label, part), part_outcome in zip(imported.parts, outcome.parts, strict=True):
            lines.append(f"  [{label}]")
            lines += ["  " + line for line in _described(part, part_outcome)]
        return lines, not any(p.failed for p in outcome.parts)
    return [*lines, *_described(imported, outcome)], not outcome.failed


def _described(imported: Imported, outcome: ReadOutcome) -> list[str]:
    lines = []
    width = max((len(b.where) for b in imported.blocks), default=0)
    for block in imported.blocks:
        rule = f"   [rule: {block.rule}]" if block.rule else ""
        lines.append(f"  {block.kind:<12} {block.where:<{width}}  {_matched(block)}{rule}")
    if not imported.blocks:
        lines.append("  no block recognised: no header row or label the alias table knows")
    for unmapped in imported.unmapped:
        shown = unmapped.text if len(unmapped.text) <= 60 else unmapped.text[:57] + "..."
        lines.append(f"  {'not mapped':<12} {unmapped.where:<{width}}  {shown!r}")
    if outcome.failed:
        lines += [f"  fails: {f.code} {f.where}: {f.message}" for f in outcome.findings
                  if f.severity == "error"]
    else:
        lines.append(f"  imports: {outcome.score} {outcome.sub_label}")
    return lines
