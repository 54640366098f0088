"""What an importer found in one source, gathered before it becomes an Assessment.

Every reader (spreadsheet tables, labelled cells, write-up prose) puts what it
finds here; the draft notices an input given twice with different values, keeps
content it could not map, and turns into an Assessment only when every block the
method needs is present and readable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jobzone.engine.core.errors import Location
from jobzone.engine.core.model import Assessment, NarrativeSection, Override, Rated, Role, Task
from jobzone.engine.core.ruleset import BARRIER_NAMES, EVIDENCE_NAMES, GROWTH_NAME, PRINCIPLE_NAMES
from jobzone.workbooks.legacy.codes import ERROR, severity

RATED_ORDER = {"principles": PRINCIPLE_NAMES, "evidence": EVIDENCE_NAMES,
               "barriers": BARRIER_NAMES}
UNMAPPED_TITLE = "Not mapped on import"


@dataclass(frozen=True)
class Note:
    """A finding of the import, located; severity is decided by its code."""

    code: str
    location: Location
    message: str

    @property
    def severity(self) -> str:
        return severity(self.code)


@dataclass(frozen=True)
class Published:
    """A derived figure as the source printed it, to compare with the recomputed one."""

    key: str
    text: str
    location: Location


@dataclass(frozen=True)
class Unmapped:
    where: str
    text: str


@dataclass(frozen=True)
class Block:
    """A block the reader recognised: what it read it as, where, and by which words.

    `matched` pairs each header or label text with the field it was read as, so an
    analyst sees which alias matched and can write a --mapping entry for one that did not.
    """

    kind: str  # tasks, principles, evidence, barriers, growth, narrative, long format, label
    where: str  # Sheet!A20:E24, or "line 12-20" in a write-up
    matched: tuple[tuple[str, str], ...] = ()
    rule: str = ""  # the layout rule that decided an ambiguous reading, when one did


@dataclass
class Imported:
    """One source read: its assessment (None when it cannot be built) and all it said."""

    file: str
    assessment: Assessment | None
    published: list[Published] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # where each input came from: "task:0", "principles:<name>", "growth", ...
    origins: dict[str, Location] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    # a source holding several assessments (a tracker, a sheet per role): each with the
    # row or sheet it came from; the source itself then holds none
    parts: list[tuple[str, Imported]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.assessment is None


@dataclass
class _Slot:
    value: object
    location: Location


EXPECTED = {"principles": "a header naming a principle and its score (0-3), or a row per "
                          "principle in a rated table",
            "evidence": "a header naming an evidence dimension and its score (-2 to +2)",
            "barriers": "a header naming a barrier and its score (0-2)"}


class Draft:
    """Collects inputs by meaning; `finish()` makes the Assessment."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.role: dict[str, _Slot] = {}
        self.rated: dict[str, dict[str, _Slot]] = {key: {} for key in RATED_ORDER}
        self.growth: _Slot | None = None
        self.tasks: list[Task] = []
        self.task_origins: list[Location] = []
        self.override_zone: _Slot | None = None
        self.override_reason: _Slot | None = None
        self.narrative: list[NarrativeSection] = []
        self.published: list[Published] = []
        self.unmapped: list[Unmapped] = []
        self.notes: list[Note] = []
        self.blocks: list[Block] = []

    def found(self, block: Block) -> None:
        self.blocks.append(block)

    def found_summary(self) -> str:
        """'found tasks at S!A20:E24, evidence at S!A27:C32 and 7 labelled values'."""
        tables = [f"{b.kind} at {b.where}" for b in self.blocks if b.kind != "label"]
        labels = sum(b.kind == "label" for b in self.blocks)
        parts = tables + ([f"{labels} labelled value{'s' * (labels != 1)}"] if labels else [])
        if not parts:
            return "found no table and no labelled value"
        return "found " + (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1
                           else parts[0])

    # --- findings -----------------------------------------------------------------
    def note(self, code: str, location: Location, message: str) -> None:
        self.notes.append(Note(code, location, message))

    def keep_unmapped(self, location: Location, where: str, text: str) -> None:
        self.unmapped.append(Unmapped(where, text))
        shown = text if len(text) <= 80 else text[:77] + "..."
        self.note("JZ504", location, f"not mapped, kept in Notes: {shown!r}")

    def _same(self, slot: _Slot | None, value: object, location: Location, what: str) -> bool:
        """True when the input is new; a repeat must agree with the first value."""
        if slot is None:
            return True
        if isinstance(value, Rated) and isinstance(slot.value, Rated) and \
                (value.name, value.score) == (slot.value.name, slot.value.score) and \
                "" in (value.rationale, slot.value.rationale):
            return False  # a summary table repeating the score without its rationale
        if slot.value != value:
            self.note("JZ503", location, f"{what} is given twice: {value!r} here, "
                      f"{slot.value!r} at {slot.location}")
        return False

    # --- inputs ---------------------------------------------------------------------
    def put_role(self, attribute: str, text: str, location: Location) -> None:
        if self._same(self.role.get(attribute), text, location, attribute.replace("_", " ")):
            self.role[attribute] = _Slot(text, location)

    def put_rated(self, section: str, item: Rated, location: Location) -> None:
        table = self.rated[section]
        if self._same(table.get(item.name), item, location, f"{item.name!r}"):
            table[item.name] = _Slot(item, location)

    def put_growth(self, item: Rated, location: Location) -> None:
        if self._same(self.growth, item, location, GROWTH_NAME):
            self.growth = _Slot(item, location)

    def add_task(self, task: Task, location: Location) -> None:
        self.tasks.append(task)
        self.task_origins.append(location)

    def put_override(self, zone: str | None, reason: str | None, location: Location) -> None:
        if self._same(self.override_zone, zone, location, "the override zone"):
            self.override_zone = _Slot(zone, location)
        if reason is not None:
            self.put_override_reason(reason, location)

    def put_override_reason(self, reason: str, location: Location) -> None:
        if self._same(self.override_reason, reason, location, "the override reason"):
            self.override_reason = _Slot(reason, location)

    def add_narrative(self, title: str, text: str) -> None:
        self.narrative.append(NarrativeSection(title, text))

    def publish(self, key: str, text: str, location: Location) -> None:
        self.published.append(Published(key, text, location))

    # --- the result -----------------------------------------------------------------------
    def finish(self) -> Imported:
        here = Location(self.file)
        summary = self.found_summary()
        if not self.blocks and not self.tasks and self.growth is None and \
                not any(self.rated.values()):
            self.note("JZ501", here, "not an assessment: no task table, principles, growth "
                      "correlation, evidence or barriers found (no header row or label the "
                      "alias table knows); see `jobzone import --explain`")
            return Imported(self.file, None, self.published, self.unmapped, self.notes, {}, [])
        if not self.tasks:
            self.note("JZ501", here, "no task table found: expected a header row naming the "
                      f"task, its time share and its score ({summary})")
        rated: dict[str, tuple[Rated, ...]] = {}
        for section, names in RATED_ORDER.items():
            found = self.rated[section]
            missing = [n for n in names if n not in found]
            if missing:
                what = "no table" if not found else "no row for " + \
                    ", ".join(repr(n) for n in missing)
                self.note("JZ501", here, f"{section}: {what}: expected {EXPECTED[section]} "
                          f"({summary})")
            rated[section] = tuple(found[n].value for n in names if n in found)  # type: ignore[misc]
        if self.growth is None:
            self.note("JZ501", here, f"no {GROWTH_NAME!r} score found: expected a row or label "
                      f"naming it with its score, -2 to +2 ({summary})")
        origins = {f"task:{i}": where for i, where in enumerate(self.task_origins)}
        origins.update({f"{section}:{name}": slot.location
                        for section, table in self.rated.items() for name, slot in table.items()})
        if self.growth is not None:
            origins["growth"] = self.growth.location
        if self.override_zone is not None:
            origins["override"] = self.override_zone.location
        imported = Imported(self.file, None, self.published, self.unmapped, self.notes, origins,
                            self.blocks)
        if any(n.severity == ERROR for n in self.notes):
            return imported
        unmapped = tuple(NarrativeSection(f"{UNMAPPED_TITLE}: {u.where}", u.text)
                         for u in self.unmapped)
        imported.assessment = Assessment(
            role=Role(**{k: str(v.value) for k, v in self.role.items()}),
            principles=rated["principles"],
            growth=self.growth.value,  # type: ignore[union-attr,arg-type]
            tasks=tuple(self.tasks),
            evidence=rated["evidence"],
            barriers=rated["barriers"],
            override=Override(
                self.override_zone.value if self.override_zone else None,  # type: ignore[arg-type]
                str(self.override_reason.value) if self.override_reason else ""),
            narrative=(*self.narrative, *unmapped),
        )
        return imported
