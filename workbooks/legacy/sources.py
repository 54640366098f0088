"""Which files make one source: a workbook, a write-up, or a set of per-section CSVs.

Most sources are one file. CSV exports sometimes hold one section per file; those
are grouped by folder and the file name's stem before its section word
(`baker-tasks.csv` + `baker-role.csv` -> source `baker-*.csv`), so they import as
one assessment. The grouping is a pure function of the file names, so it is the
same on every run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jobzone.workbooks.legacy.aliases import Aliases, normalise

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
WRITEUPS = (".txt", ".md", ".markdown")
SUFFIXES = (*SPREADSHEETS, ".csv", *WRITEUPS)
_STEM = re.compile(r"^(?P<stem>.*?)(?P<sep>[-_. ]*)(?P<word>[A-Za-z]+)$")


@dataclass(frozen=True)
class Source:
    """One assessment to import: a display name and the files it is read from."""

    name: str
    files: tuple[Path, ...]

    @property
    def kind(self) -> str:
        suffix = self.files[0].suffix.lower()
        if suffix in WRITEUPS:
            return "writeup"
        return "csv" if suffix == ".csv" else "spreadsheet"


def group_sources(files: Sequence[Path], aliases: Aliases) -> list[Source]:
    """Sources in the order their first file was given; per-section CSVs grouped."""
    groups: dict[tuple[str, str], list[Path]] = {}
    separators: dict[tuple[str, str], str] = {}
    order: list[tuple[str, str] | Path] = []
    for path in files:
        if path.suffix.lower() != ".csv":
            order.append(path)
            continue
        match = _STEM.match(path.stem)
        if match and normalise(match["word"]) in aliases.csv_section_words:
            key = (str(path.parent), match["stem"])
            separators.setdefault(key, match["sep"])
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append(path)
        else:
            order.append(path)
    sources = []
    for item in order:
        if isinstance(item, Path):
            sources.append(Source(str(item), (item,)))
            continue
        members = sorted(groups[item])
        if len(members) == 1:
            sources.append(Source(str(members[0]), (members[0],)))
            continue
        stem, sep = item[1], separators[item]
        name = str(Path(item[0]) / f"{stem}{sep}*.csv") if stem else str(Path(item[0]) / "*.csv")
        sources.append(Source(name, tuple(members)))
    return sources
