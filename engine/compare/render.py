"""A diff as text, markdown and JSON, and one version as git's textconv view.

The textconv view (`jobzone diff --textconv FILE`) is one line per fact, in a stable
order: every input at its cell, every formula that differs from the canonical template,
and every intermediate of the result. Git diffs two such views line by line, so
`git diff` and `git log -p` on a workbook show the inputs, formulas and results that
changed (README, "Git").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jobzone.engine.compare.diff import RESULT_LINE, Diff
from jobzone.engine.compare.versions import Version
from jobzone.engine.core.result import LabelSplit, Result, result_to_json


def shown(value: Any) -> str:
    if value is None:
        return "(blank)"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, tuple):
        return "(" + ", ".join(shown(v) for v in value) + ")"
    if isinstance(value, LabelSplit):
        return (f"{shown(value.displacement)}% displacement, {shown(value.augmentation)}% "
                f"augmentation, {shown(value.not_involved)}% not involved")
    if isinstance(value, str):
        return repr(value) if value != value.strip() or not value else value
    return str(value)


def _summary(result: Result | None) -> str:
    if result is None:
        return "not scored"
    return f"{shown(result.score)} {result.sub_label} (final zone {result.final_zone})"


def _findings(version: Version) -> list[str]:
    return [f"  {f.where}: {f.severity.value} {f.code} {f.message}" for f in version.findings
            if f.severity.value == "error"]


def diff_text(d: Diff) -> str:
    lines = [f"--- {d.old.file}: {_summary(d.old.result)}",
             f"+++ {d.new.file}: {_summary(d.new.result)}"]
    for version in (d.old, d.new):
        errors = _findings(version)
        if errors:
            lines += [f"{version.file} cannot be scored:", *errors]
    if d.unchanged:
        return "\n".join([*lines, "no change to any input, formula or result"]) + "\n"
    if d.inputs:
        lines.append(f"Inputs ({len(d.inputs)} changed)")
        width = max(len(f"{c.sheet}!{c.cell}") for c in d.inputs)
        for c in d.inputs:
            moved = f" (was at {c.old_cell})" if c.old_cell else ""
            lines.append(f"  {c.sheet + '!' + c.cell:<{width}}  {c.field}: {shown(c.old)} -> "
                         f"{shown(c.new)}{moved}")
    if d.formulas:
        lines.append(f"Formulas ({len(d.formulas)} changed)")
        for f in d.formulas:
            lines.append(f"  {f.sheet}!{f.cell}  {f.old or '(none)'} -> {f.new or '(none)'}")
    if d.effects:
        lines.append("Effect on the method (every intermediate that changed)")
        width = max(len(e.name) for e in d.effects)
        for e in d.effects:
            delta = ""
            if isinstance(e.old, Decimal) and isinstance(e.new, Decimal):
                change = e.new - e.old
                delta = f"  ({'+' if change >= 0 else ''}{shown(change)})"
            lines.append(f"  {e.name:<{width}}  {shown(e.old)} -> {shown(e.new)}{delta}")
        if not any(e.name in RESULT_LINE for e in d.effects):
            lines.append("  (the score, zone and sub-label are unchanged)")
    return "\n".join(lines) + "\n"


def _md(text: Any) -> str:
    return shown(text).replace("|", "\\|").replace("\n", " ")


def diff_markdown(d: Diff) -> str:
    out = [f"## `{d.old.file}` → `{d.new.file}`", "",
           f"**Before:** {_summary(d.old.result)}  ", f"**After:** {_summary(d.new.result)}", ""]
    if d.inputs:
        out += ["### Inputs", "", "| cell | input | before | after |", "|---|---|---|---|"]
        out += [f"| `{c.sheet}!{c.cell}` | `{c.field}` | {_md(c.old)} | {_md(c.new)} |"
                for c in d.inputs]
        out.append("")
    if d.formulas:
        out += ["### Formulas", "", "| cell | before | after |", "|---|---|---|"]
        out += [f"| `{f.sheet}!{f.cell}` | `{_md(f.old)}` | `{_md(f.new)}` |" for f in d.formulas]
        out.append("")
    if d.effects:
        out += ["### Effect", "", "| intermediate | before | after |", "|---|---|---|"]
        out += [f"| {e.name} | {_md(e.old)} | {_md(e.new)} |" for e in d.effects]
        out.append("")
    if d.unchanged:
        out += ["No change to any input, formula or result.", ""]
    return "\n".join(out)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, LabelSplit):
        return {"displacement": float(value.displacement),
                "augmentation": float(value.augmentation),
                "not_involved": float(value.not_involved)}
    return value


def diff_json(d: Diff) -> dict[str, Any]:
    from jobzone.engine.check.render_json import SCHEMA_VERSION, finding_json

    def version(v: Version) -> dict[str, Any]:
        return {"file": v.file, "result": result_to_json(v.result) if v.result else None,
                "findings": [finding_json(f) for f in v.findings]}

    return {
        "schema_version": SCHEMA_VERSION, "command": "diff",
        "old": version(d.old), "new": version(d.new),
        "inputs": [{"sheet": c.sheet, "cell": c.cell, "field": c.field, "old_cell": c.old_cell,
                    "old": _json_value(c.old), "new": _json_value(c.new)} for c in d.inputs],
        "formulas": [{"sheet": f.sheet, "cell": f.cell, "old": f.old, "new": f.new}
                     for f in d.formulas],
        "effects": [{"name": e.name, "old": _json_value(e.old), "new": _json_value(e.new)}
                    for e in d.effects],
    }


def textconv(version: Version, template: dict[tuple[str, str], str]) -> str:
    """One line per fact of one version, stable, for git to diff line by line."""
    # no file name: git hands textconv a temporary copy, whose name changes every time
    lines = ["# jobzone view: inputs, formulas that differ from the template, result"]
    lines += [f"{f.sheet or ''}{'!' + f.cell if f.cell else ''}: {f.severity.value} {f.code} "
              f"{f.message}" for f in version.findings if f.severity.value == "error"]
    lines += [f"{c.sheet}!{c.cell} {c.field} = {shown(c.value)}" for c in version.cells]
    if version.formulas is not None:
        for key in sorted(set(version.formulas) | set(template)):
            mine, theirs = version.formulas.get(key), template.get(key)
            if mine != theirs:
                if mine is None and key in version.overwritten:
                    mine = f"value {version.overwritten[key]!r}"
                lines.append(f"formula {key[0]}!{key[1]} = {mine or '(none)'}"
                             f"  [template: {theirs or '(none)'}]")
    if version.result is not None:
        lines += [f"result {name} = {shown(getattr(version.result, name))}"
                  for name in Result.__dataclass_fields__]
    else:
        lines.append("result = not scored")
    return "\n".join(lines) + "\n"
