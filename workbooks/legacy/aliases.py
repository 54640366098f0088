"""The alias table: which header, label or name in a legacy file means what.

Declared as data (`aliases.toml`, overridable with `--mapping FILE`) so an analyst
can teach the importer a new spelling without touching code. Matching is exact
after normalising case, spacing and punctuation, then again without a
parenthesised part; dimension names and labels also match by their words when
exactly one canonical name fits (a loose match the importer reports).
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULTS = Path(__file__).with_name("aliases.toml")
TOP_LEVEL = {"decoration_headers", "totals", "sections", "generic_rated_columns", "names",
             "labels", "label_from_score", "fields", "published", "csv", "writeup",
             "titles", "long_format"}
RATED_SECTIONS = ("principles", "evidence", "barriers")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORD = re.compile(r"[^0-9a-z%]+")
GENERIC_REQUIRED = ("name", "score")  # the columns a table of rated items cannot lack
WORD_SCORES_REMEMBERED = 4096  # texts per lookup whose word scores are kept


class MappingError(ValueError):
    """The --mapping file is unreadable or has a shape the importer does not know."""


def normalise(text: object) -> str:
    """Case, spacing and punctuation folded: 'Time (%)  ', 'time %' and 'Time%' meet."""
    return _normalised(text if isinstance(text, str) else str(text))


def bare(text: object) -> str:
    """The normalised text without parenthesised parts: 'Score (1-5)' -> 'score'."""
    return _bare(text if isinstance(text, str) else str(text))


# Reading one source asks about the same few hundred header and label texts thousands of
# times (every table kind's lookup, every row that might be a header): each text is
# folded once per process. Pure functions of a str, so a cache cannot change an answer.
@lru_cache(maxsize=1 << 16)
def _normalised(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    return _NOT_WORD.sub(" ", folded.replace("%", " % ")).strip()


@lru_cache(maxsize=1 << 16)
def _bare(text: str) -> str:
    return _normalised(_PAREN.sub(" ", text))


@dataclass(frozen=True)
class Match:
    """What a text was matched to, and whether only loosely (worth telling the user)."""

    value: str
    loose: bool = False


class Lookup:
    """Alias -> canonical value, first declaration wins (user aliases come first)."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.table: dict[str, str] = {}
        self._word_scores: dict[str, dict[str, int]] = {}
        for alias, value in pairs:
            self.table.setdefault(normalise(alias), value)

    def exact(self, text: object) -> str | None:
        key = normalise(text)
        return self.exact_folded(key, bare(text) if key else "")

    def exact_folded(self, key: str, bare_key: str) -> str | None:
        """`exact` of a text whose `normalise` and `bare` the caller made already: a header
        row is asked of every table kind's lookup, and folds each cell once for all."""
        if not key:
            return None
        return self.table.get(key) or self.table.get(bare_key)

    def find(self, text: object) -> Match | None:
        """Exact, else by words (one canonical value whose alias words all appear), else fuzzy."""
        hit = self.exact(text)
        if hit is not None:
            return Match(hit)
        words = set(normalise(text).split())
        if not words:
            return None
        best: dict[str, int] = {}
        for alias, value in self.table.items():
            alias_words = alias.split()
            if alias_words and set(alias_words) <= words and \
                    (len(alias_words) > 1 or len(alias) > 3):
                best[value] = max(best.get(value, 0), len(alias))
        if best:
            top = max(best.values())
            winners = [v for v, n in best.items() if n == top]
            if len(winners) == 1:
                return Match(winners[0], loose=True)
            return None
        close = difflib.get_close_matches(normalise(text), list(self.table), n=2, cutoff=0.84)
        values = {self.table[c] for c in close}
        return Match(values.pop(), loose=True) if len(values) == 1 else None

    def values(self) -> set[str]:
        return set(self.table.values())

    def holds(self, text: object) -> bool:
        """Is the text an alias here (as `exact` folds it), whatever it stands for?"""
        key = normalise(text)
        return bool(key) and (key in self.table or bare(text) in self.table)

    @classmethod
    def union(cls, lookups: Iterable[Lookup]) -> Lookup:
        """Every alias of `lookups` (to ask whether a text is an alias of any of them)."""
        joined = cls(())
        for lookup in lookups:
            for alias, value in lookup.table.items():
                joined.table.setdefault(alias, value)
        return joined

    def word_scores(self, normalised: str) -> dict[str, int]:
        """Each value with an alias whose words all appear in the (normalised) text, scored
        by its longest such alias; single-word aliases of three letters or fewer never
        count. Remembered per text: a source asks about the same headers again and again."""
        found = self._word_scores.get(normalised)
        if found is None:
            words = set(normalised.split())
            found = {}
            for alias, value in self.table.items():
                alias_words = alias.split()
                if not alias_words or not set(alias_words) <= words:
                    continue
                if len(alias_words) == 1 and len(alias) <= 3:
                    continue
                found[value] = max(found.get(value, 0), len(alias))
            if len(self._word_scores) >= WORD_SCORES_REMEMBERED:
                self._word_scores.clear()
            self._word_scores[normalised] = found
        return found


@dataclass(frozen=True)
class SectionSpec:
    """A table kind: its titles, its columns' aliases, and the columns it cannot lack."""

    key: str
    titles: Lookup
    columns: Lookup  # header alias -> field
    required: tuple[str, ...]


class Aliases:
    """The loaded alias table, with one lookup per question the importer asks."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.sections = {
            key: SectionSpec(key, Lookup((t, key) for t in spec.get("titles", [])),
                             _lookup(spec.get("columns", {})), tuple(spec.get("required", ())))
            for key, spec in data["sections"].items()
        }
        self.generic_rated = _lookup(data["generic_rated_columns"])
        self.names = {section: _lookup(table, keys_match=True)
                      for section, table in data["names"].items()}
        self.labels = _lookup(data["labels"], keys_match=True)
        self.label_from_score = {int(k): v for k, v in data["label_from_score"].items()}
        self.fields = {group: _lookup(table) for group, table in data["fields"].items()}
        self.published = _lookup(data["published"])
        self.totals = Lookup((t, "total") for t in data["totals"])
        self.decoration = [frozenset(normalise(h) for h in row)
                           for row in data["decoration_headers"]]
        titles = Lookup([(t, key) for key, spec in self.sections.items()
                         for t in data["sections"][key].get("titles", [])])
        self.section_titles = titles
        self.csv_section_words = frozenset(normalise(w) for w in data["csv"]["section_words"])
        writeup = data["writeup"]
        self.narrative_titles: tuple[str, ...] = tuple(writeup["titles"])
        self.block_titles: tuple[str, ...] = tuple(writeup["block_titles"])
        self.titles = frozenset(normalise(t) for t in data.get("titles", ()))
        long = data.get("long_format", {})
        self.long_columns = _lookup(long.get("columns", {}))
        self.long_required: tuple[str, ...] = tuple(long.get("required", ()))
        self.long_sections = _lookup(long.get("sections", {}))
        self.line_sections: tuple[str, ...] = tuple(writeup["line_sections"])
        self.narrative_lookup = Lookup((t, t) for t in (*self.narrative_titles,
                                                        *self.line_sections))
        # Every header alias of every table kind, and the fewest header cells that match
        # one which any table kind's header has: most rows of a source head nothing,
        # and `jobzone.workbooks.legacy.headers.match_header` rules them out with one
        # lookup a cell instead of one a cell and table kind.
        self.header_vocabulary = Lookup.union([*(s.columns for s in self.sections.values()),
                                               self.generic_rated, self.long_columns])
        # Every alias `label_meaning` asks about: most cells it is asked of are data.
        self.label_vocabulary = Lookup.union([
            self.fields["role"], self.fields["override"], self.narrative_lookup,
            self.published, *(self.names[s] for s in ("growth", *RATED_SECTIONS)),
            self.section_titles])
        self.header_cells_needed = min(
            [max(1, len(s.required)) for s in self.sections.values()] +
            [len(GENERIC_REQUIRED)] +
            ([len(self.long_required)] if self.long_required else []))

    def is_total(self, text: object) -> bool:
        return self.totals.exact(text) is not None

    def is_decoration(self, texts: Iterable[object]) -> bool:
        found = frozenset(normalise(t) for t in texts if normalise(t))
        return any(found == row for row in self.decoration)


def label_meaning(a: Aliases, label: str) -> tuple[str, str] | None:
    """(kind, key) a label stands for: role, override, narrative, published, growth, rated."""
    if not a.label_vocabulary.holds(label) and label.strip() not in a.block_titles:
        return None  # no lookup below holds it: one lookup instead of ten
    for kind, lookup in (("role", a.fields["role"]), ("override", a.fields["override"]),
                         ("narrative", a.narrative_lookup), ("published", a.published),
                         ("growth", a.names["growth"])):
        hit = lookup.exact(label)
        if hit is not None:
            return kind, hit
    sections = [s for s in RATED_SECTIONS if a.names[s].exact(label)]
    if len(sections) == 1:
        return f"rated:{sections[0]}", a.names[sections[0]].exact(label) or ""
    if a.section_titles.exact(label) or label.strip() in a.block_titles:
        return "title", ""
    return None


def _lookup(table: Mapping[str, Iterable[str]], keys_match: bool = False) -> Lookup:
    """{key: [aliases]} -> Lookup; a canonical name (keys_match) also matches itself."""
    return Lookup([(alias, key) for key, aliases in table.items()
                   for alias in ((key, *aliases) if keys_match else aliases)])


def _merge(user: Any, default: Any, path: str) -> Any:
    """User entries first (they win), then the defaults; shapes must agree."""
    if isinstance(default, dict):
        if not isinstance(user, dict):
            raise MappingError(f"{path or 'top level'}: expected a table")
        merged = {key: _merge(user[key], value, f"{path}.{key}".lstrip("."))
                  if key in user else value for key, value in default.items()}
        for key, value in user.items():
            if key not in default:
                if not (path.startswith("names.") or path == "labels"):
                    raise MappingError(f"{path}.{key}".lstrip(".") + ": unknown entry")
                merged[key] = value
        return merged
    if isinstance(default, list):
        if not isinstance(user, list):
            raise MappingError(f"{path}: expected a list")
        return [*user, *(item for item in default if item not in user)]
    return user


def load_aliases(mapping: Path | None = None, user: Mapping[str, Any] | None = None) -> Aliases:
    """The shipped alias table, extended by a user's TOML or JSON file (or its parsed table)."""
    with DEFAULTS.open("rb") as handle:
        data = tomllib.load(handle)
    if mapping is not None:
        user = read_mapping(mapping)
    if user:
        data = _merge(user, data, "")
    return Aliases(data)


def read_mapping(path: Path) -> dict[str, Any]:
    """A user's alias file, parsed and checked against the shipped table's shape."""
    data = _read_mapping(path)
    try:
        with DEFAULTS.open("rb") as handle:
            Aliases(_merge(data, tomllib.load(handle), ""))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        if isinstance(exc, MappingError):
            raise MappingError(f"{path}: {exc}") from None
        raise MappingError(f"{path}: unexpected shape ({type(exc).__name__}: {exc})") from None
    return data


def _read_mapping(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MappingError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(raw.decode("utf-8"))
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path}: not valid {path.suffix.lstrip('.') or 'TOML'}: {exc}") \
            from None
    if not isinstance(data, dict):
        raise MappingError(f"{path}: expected a table at the top level")
    unknown = set(data) - TOP_LEVEL
    if unknown:
        raise MappingError(f"{path}: unknown entries {', '.join(sorted(unknown))} "
                           f"(known: {', '.join(sorted(TOP_LEVEL))})")
    return data
