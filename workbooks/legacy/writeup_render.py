"""An assessment as a write-up in the published format (the inverse of the write-up importer).

Tables and derived lines are laid out as the reference write-up lays them out,
with every derived figure recomputed; narrative sections go where the reference
puts sections of that title, in their stored order. Rendering the reference
workbook gives the reference text, and importing any rendered write-up gives back
the assessment it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jobzone.engine.core.derivation import fixed, percent
from jobzone.engine.core.model import Assessment, NarrativeSection
from jobzone.engine.core.result import Result
from jobzone.engine.core.ruleset import BARRIER_NAMES, PRINCIPLE_NAMES, Bounds, Ruleset
from jobzone.workbooks.legacy.aliases import Aliases
from jobzone.workbooks.legacy.writeup import default_aliases, escape_cell

# Where a narrative section of a known title goes: after which block (0 role .. 5 end).
SLOTS = {"Quick screen result": 1, "Reinstatement check (Acemoglu)": 2,
         "Reframed question": 3, "AI Growth Correlation Check": 4}
END_SLOT = 5


def _row(*cells: str) -> str:
    return "|" + "".join(f" {escape_cell(c)} |" if c else " |" for c in cells)


def _table(header: tuple[str, ...], rows: Sequence[Sequence[str]]) -> list[str]:
    return [_row(*header), "|" + "---|" * len(header), *(_row(*r) for r in rows)]


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value}"


def zone_legend(rules: Ruleset) -> str:
    """'Green >=48, Yellow 25-47, Red <25' from the zone table."""
    parts: list[str] = []
    previous: Decimal | None = None
    for rule in rules.zones:
        if rule.min_score is None:
            parts.append(f"{rule.zone} <{_number(previous or Decimal(0))}")
        elif previous is None:
            parts.append(f"{rule.zone} >={_number(rule.min_score)}")
        else:
            parts.append(f"{rule.zone} {_number(rule.min_score)}-{_number(previous - 1)}")
        previous = rule.min_score
    return ", ".join(parts)


def _zone_range(zone: str, rules: Ruleset) -> str:
    legend = dict(part.split(" ", 1) for part in zone_legend(rules).split(", "))
    return f"AIJRI {legend.get(zone, '')}".strip()


def sub_label_reason(r: Result, rules: Ruleset) -> str:
    """Why the sub-label fired: 'AIJRI 25-47 AND >=40% of task time scores 3+'."""
    rule = rules.sub_labels[r.sub_label_row - 1]
    parts = [_zone_range(rule.zone, rules)]
    share, growth, high = rule.share_3_plus, rule.growth, rules.constants.high_automation_score
    if share.low is not None:
        parts.append(f">={percent(share.low * 100)} of task time scores {high}+")
    if share.high is not None:
        parts.append(f"<={percent(share.high * 100)} of task time scores {high}+")
    parts.extend(_growth(growth))
    return " AND ".join(parts)


def _growth(bounds: Bounds) -> list[str]:
    out = []
    if bounds.low is not None:
        out.append(f"growth >={'+' if bounds.low > 0 else ''}{_number(bounds.low)}")
    if bounds.high is not None:
        out.append(f"growth <={'+' if bounds.high > 0 else ''}{_number(bounds.high)}")
    return out


def _section(section: NarrativeSection, aliases: Aliases) -> list[str]:
    title, text = section.title, section.text
    if title in aliases.line_sections and "\n" not in text:
        return [f"{title}: {text}"]
    head = title if title in aliases.narrative_titles else f"## {title}"
    return [head, *text.split("\n")] if text else [head]


def ruleset_line(rules: Ruleset) -> str:
    """The write-up's last line: the ruleset it was scored under, as every output that
    carries a score names it (name, version, content hash); read back on import."""
    parts = (rules.name, rules.version, f"({rules.digest})" if rules.digest else "")
    return "Ruleset: " + " ".join(part for part in parts if part)


def render_writeup(a: Assessment, r: Result, rules: Ruleset,
                   aliases: Aliases | None = None, provenance: bool = True) -> str:
    """The write-up of `a` scored as `r` under `rules`; the published format line for
    line, then (`provenance`) a last line naming the ruleset (`ruleset_line`)."""
    aliases = aliases or default_aliases()
    c = rules.constants
    blocks: list[list[str]] = [[] for _ in range(END_SLOT + 1)]
    role = a.role
    blocks[0] = ["Role Definition", *_table(("Field", "Value"), [
        ("Job Title", role.job_title), ("Seniority Level", role.seniority),
        ("Primary Function", role.primary_function), ("What This Role Is NOT", role.role_is_not),
        ("Typical Experience", role.typical_experience)])]
    if role.seniority_note:
        blocks[0].append(f"Seniority note: {role.seniority_note}")
    s = rules.scales  # the published format's headers name each scale: "Score (0-3)"
    protective_max = len(PRINCIPLE_NAMES) * s.principle.high
    blocks[1] = ["Protective Principles + AI Growth Correlation", *_table(
        ("Principle", f"Score ({s.principle.low}-{s.principle.high})", "Rationale"),
        [(p.name, str(p.score), p.rationale) for p in a.principles]
        + [("Protective Total", f"{r.protective_total}/{protective_max}", ""),
           (a.growth.name, str(a.growth.score), a.growth.rationale)])]
    split = r.label_split
    blocks[2] = ["Task Decomposition (Agentic AI Scoring)", *_table(
        ("Task", "Time %", f"Score ({s.task.low}-{s.task.high})", "Weighted", "Aug/Disp",
         "Rationale"),
        [(t.name, percent(t.time_share), str(t.score), fixed(w, 2), t.label, t.rationale)
         for t, w in zip(a.tasks, r.weighted, strict=True)]),
        _row("Total", percent(r.shares_total), fixed(r.weighted_sum, 2)),
        f"Task Resistance Score: {fixed(c.task_resistance_base, 2)} - "
        f"{fixed(r.weighted_sum, 2)} = {fixed(r.task_resistance, 2)}/"
        f"{fixed(c.task_resistance_base - s.task.low, 1)}",
        f"Displacement/Augmentation split: {percent(split.displacement)} displacement, "
        f"{percent(split.augmentation)} augmentation, {percent(split.not_involved)} not involved."]
    blocks[3] = ["Evidence Score", *_table(
        ("Dimension", f"Score ({s.evidence.low} to {s.evidence.high})", "Evidence"),
        [(e.name, str(e.score), e.rationale) for e in a.evidence]),
        _row("Total", str(r.evidence_total)), "Barrier Assessment"]
    barrier_max = len(BARRIER_NAMES) * s.barrier.high
    blocks[4] = [*_table(("Barrier", f"Score ({s.barrier.low}-{s.barrier.high})", "Rationale"),
                         [(b.name, str(b.score), b.rationale) for b in a.barriers]),
                 _row("Total", f"{r.barrier_total}/{barrier_max}")]
    override = "None" if a.override.zone is None else f"{a.override.zone} (from {r.zone})"
    blocks[5] = [*_composite(r, rules), f"Assessor override: {override} — {a.override.reason}"]
    placed = _place(a.narrative, aliases)
    lines: list[str] = []
    for slot, block in enumerate(blocks):
        lines.extend(block)
        for section in placed[slot]:
            lines.extend(_section(section, aliases))
    if provenance:
        lines.append(ruleset_line(rules))
    return "\n".join(lines)


def _composite(r: Result, rules: Ruleset) -> list[str]:
    c = rules.constants
    base = fixed(c.modifier_base, 1)
    return ["JobZone Composite Score (AIJRI)", *_table(("Input", "Value"), [
        ("Task Resistance Score", f"{fixed(r.task_resistance, 2)}/"
                                  f"{fixed(c.task_resistance_base - rules.scales.task.low, 1)}"),
        ("Evidence Modifier", f"{base} + ({r.evidence_total} x {fixed(c.evidence_weight, 2)}) = "
                              f"{fixed(r.evidence_modifier, 2)}"),
        ("Barrier Modifier", f"{base} + ({r.barrier_total} x {fixed(c.barrier_weight, 2)}) = "
                             f"{fixed(r.barrier_modifier, 2)}"),
        ("Growth Modifier", f"{base} + ({r.growth_correlation} x {fixed(c.growth_weight, 2)}) = "
                            f"{fixed(r.growth_modifier, 2)}")]),
        f"Raw: {fixed(r.task_resistance, 2)} x {fixed(r.evidence_modifier, 2)} x "
        f"{fixed(r.barrier_modifier, 2)} x {fixed(r.growth_modifier, 2)} = {fixed(r.raw, 4)}",
        f"JobZone Score: ({fixed(r.raw, 4)} - {fixed(c.raw_floor, 2)}) / {fixed(c.raw_range, 2)}"
        f" x {c.score_scale.normalize():f} = {fixed(r.score, c.score_decimals)}/"
        f"{c.score_scale.normalize():f}",
        f"Zone: {r.zone.upper()} ({zone_legend(rules)})",
        "Sub-Label Determination", *_table(("Metric", "Value"), [
            (f"% of task time scoring {c.high_automation_score}+",
             percent(r.share_scoring_3_plus)),
            ("AI Growth Correlation", str(r.growth_correlation)),
            ("Sub-label", f"{r.sub_label} — {sub_label_reason(r, rules)}")])]


def _place(sections: tuple[NarrativeSection, ...],
           aliases: Aliases) -> list[list[NarrativeSection]]:
    """Each section's block, in stored order: a section never goes before an earlier one."""
    placed: list[list[NarrativeSection]] = [[] for _ in range(END_SLOT + 1)]
    slot = 0
    for index, section in enumerate(sections):
        preferred = SLOTS.get(section.title, END_SLOT if section.title in
                              aliases.narrative_titles or index == 0 else slot)
        slot = max(slot, preferred)
        placed[slot].append(section)
    return placed
