"""Read an assessment from a write-up in the published format (pipe tables + prose).

The reference is `shared/reference/llmops-engineer.txt`: section titles on their
own lines, pipe tables under them, prose in between. Tables give the inputs;
prose becomes narrative sections, verbatim and in order; lines that only restate
derived figures (totals, the score) are returned as `published` so callers can
compare them with the recomputed values instead of trusting them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from engine.model import Assessment, NarrativeSection, Override, Rated, Role, Task
from workbooks.errors import Location, WorkbookError

ROLE_FIELDS = {
    "job title": "job_title",
    "seniority level": "seniority",
    "primary function": "primary_function",
    "what this role is not": "role_is_not",
    "typical experience": "typical_experience",
}
# Prose lines that carry a derived figure the method recomputes.
DERIVED_PREFIXES = (
    "Task Resistance Score:",
    "Displacement/Augmentation split:",
    "Raw:",
    "JobZone Score:",
    "Zone:",
)
# Prose lines "Title: text" that open a narrative section of their own.
LINE_SECTIONS = ("Quick screen result", "Reinstatement check (Acemoglu)", "Reframed question")
OVERRIDE_RE = re.compile(r"^Assessor override:\s*(?P<zone>[^—-]+?)\s*(?:\(from [^)]*\))?\s*"
                         r"(?:—|-{1,2})\s*(?P<reason>.*)$")


@dataclass
class WriteUp:
    """A parsed write-up: the assessment plus the figures it published."""

    assessment: Assessment
    published: dict[str, str] = field(default_factory=dict)


def parse_writeup(text: str, file: str = "<write-up>") -> WriteUp:
    """Parse the reference format; raises WorkbookError naming the line on bad input."""
    lines = text.splitlines()
    role: dict[str, str] = {}
    principles: list[Rated] = []
    growth: Rated | None = None
    tasks: list[Task] = []
    evidence: list[Rated] = []
    barriers: list[Rated] = []
    override = Override()
    published: dict[str, str] = {}
    narrative: list[NarrativeSection] = []
    current_title: str | None = None
    current_text: list[str] = []

    def flush() -> None:
        nonlocal current_title, current_text
        if current_title is not None and (current_text or current_title):
            body = "\n".join(current_text).strip("\n")
            if body:
                narrative.append(NarrativeSection(current_title, body))
        current_title, current_text = None, []

    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        if line.startswith("|"):
            flush()
            table, index = _table(lines, index)
            kind = table[0][0].strip().lower() if table else ""
            rows = table[1:]
            where = Location(file, None, f"line {index}")
            if kind == "field":
                for name, value, *_ in rows:
                    key = ROLE_FIELDS.get(name.strip().lower())
                    if key:
                        role[key] = value.strip()
            elif kind == "principle":
                for name, score, *rest in rows:
                    label = name.strip()
                    if label.lower().startswith("protective total"):
                        published["protective_total"] = score.strip()
                    elif label.lower() == "ai growth correlation":
                        growth = Rated(label, _int(score, where), _first(rest))
                    else:
                        principles.append(Rated(label, _int(score, where), _first(rest)))
            elif kind == "task":
                for cells in rows:
                    name = cells[0].strip()
                    if name.lower() == "total":
                        published["weighted_sum"] = cells[2].strip() if len(cells) > 2 else ""
                        continue
                    tasks.append(Task(name, _percent(cells[1], where), _int(cells[2], where),
                                      cells[4].strip(), cells[5].strip() if len(cells) > 5 else ""))
            elif kind in ("dimension", "barrier"):
                target = evidence if kind == "dimension" else barriers
                for name, score, *rest in rows:
                    if name.strip().lower() == "total":
                        published[f"{'evidence' if kind == 'dimension' else 'barrier'}_total"] = \
                            score.strip()
                        continue
                    target.append(Rated(name.strip(), _int(score, where), _first(rest)))
            elif kind in ("input", "metric"):
                for name, value, *_ in rows:
                    published[name.strip()] = value.strip()
            continue
        stripped = line.strip()
        if stripped.lower().startswith("seniority note:"):
            flush()
            role["seniority_note"] = stripped.split(":", 1)[1].strip()
        elif stripped.startswith(DERIVED_PREFIXES):
            flush()
            key, _, value = stripped.partition(":")
            published[key.strip()] = value.strip()
        elif stripped.startswith("Assessor override:"):
            flush()
            match = OVERRIDE_RE.match(stripped)
            if not match:
                raise WorkbookError(Location(file, None, f"line {index + 1}"),
                                    "cannot read the assessor override line")
            zone = match["zone"].strip()
            override = Override(None if zone.lower() == "none" else zone.title(),
                                match["reason"].strip())
        elif any(stripped.startswith(prefix + ":") for prefix in LINE_SECTIONS):
            flush()
            title, _, body = stripped.partition(":")
            narrative.append(NarrativeSection(title.strip(), body.strip()))
        elif _is_title(lines, index):
            flush()
            current_title = stripped
        elif current_title is not None:
            current_text.append(line)
        elif stripped:
            raise WorkbookError(Location(file, None, f"line {index + 1}"),
                                f"text outside any section: {stripped[:60]!r}")
        index += 1
    flush()
    if growth is None:
        raise WorkbookError(Location(file), "no 'AI Growth Correlation' row found")
    assessment = Assessment(
        role=Role(**role), principles=tuple(principles), growth=growth, tasks=tuple(tasks),
        evidence=tuple(evidence), barriers=tuple(barriers), override=override,
        narrative=tuple(narrative),
    )
    return WriteUp(assessment, published)


SECTION_TITLES = (
    "Role Definition",
    "Protective Principles + AI Growth Correlation",
    "Task Decomposition (Agentic AI Scoring)",
    "Evidence Score",
    "Barrier Assessment",
    "AI Growth Correlation Check",
    "JobZone Composite Score (AIJRI)",
    "Sub-Label Determination",
    "Assessor Commentary",
    "Score vs Reality Check",
    "What the Numbers Don't Capture",
    "Who Should Worry (and Who Shouldn't)",
    "What This Means",
)


def _is_title(lines: list[str], index: int) -> bool:
    return lines[index].strip() in SECTION_TITLES


def _table(lines: list[str], index: int) -> tuple[list[list[str]], int]:
    rows: list[list[str]] = []
    while index < len(lines) and lines[index].lstrip().startswith("|"):
        cells = [c for c in lines[index].strip().strip("|").split("|")]
        if not all(re.fullmatch(r"\s*:?-{3,}:?\s*", c) for c in cells):
            rows.append(cells)
        index += 1
    return rows, index


def _first(rest: list[str]) -> str:
    return rest[0].strip() if rest else ""


def _int(text: str, where: Location) -> int:
    cleaned = text.strip().replace("+", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise WorkbookError(where, f"expected a whole-number score, found {text.strip()!r}") \
            from None
    if value != value.to_integral_value():
        raise WorkbookError(where, f"expected a whole-number score, found {text.strip()!r}")
    return int(value)


def _percent(text: str, where: Location) -> Decimal:
    cleaned = text.strip().rstrip("%").strip()
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise WorkbookError(where, f"expected a time share like 20%, found {text.strip()!r}") \
            from None
