"""Expand command-line SOURCES (files, directories, globs) into the files to process.

Shared by check, import and report so every command treats paths the same way:
directories are walked in sorted order; symlinks are followed only when they
stay inside the directory being walked (a link out of the tree is reported, never
read); a pattern that matches nothing and a directory with no candidates are
problems the caller reports, not silent successes.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

GLOB_CHARS = set("*?[")


@dataclass
class Expansion:
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _walk(root: Path, suffixes: frozenset[str], out: Expansion) -> int:
    found = 0
    for directory, subdirs, names in os.walk(root, followlinks=False):
        subdirs.sort()
        base = Path(directory)
        for sub in list(subdirs):
            if (base / sub).is_symlink() and not _inside(base / sub, root):
                out.problems.append(f"{base / sub}: symlink leads out of {root}; not followed")
                subdirs.remove(sub)
        for name in sorted(names):
            path = base / name
            if name.startswith((".", "~$")) or path.suffix.lower() not in suffixes:
                continue
            if path.is_symlink() and not _inside(path, root):
                out.problems.append(f"{path}: symlink leads out of {root}; not followed")
                continue
            out.files.append(path)
            found += 1
    return found


def expand_sources(sources: Sequence[str | Path], suffixes: Iterable[str]) -> Expansion:
    """Files named, found under directories, or matched by globs, deduplicated in order."""
    wanted = frozenset(s.lower() for s in suffixes)
    out = Expansion()
    for source in sources:
        text = str(source)
        path = Path(text)
        if path.is_dir():
            if _walk(path, wanted, out) == 0:
                out.problems.append(f"{path}: directory holds no {'/'.join(sorted(wanted))} files")
        elif path.exists() or path.is_symlink():
            out.files.append(path)
        elif GLOB_CHARS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            hits = [Path(m) for m in matches
                    if Path(m).is_file() and Path(m).suffix.lower() in wanted]
            if not hits:
                out.problems.append(f"{text}: pattern matches no {'/'.join(sorted(wanted))} files")
            out.files.extend(hits)
        else:
            out.files.append(path)  # let the reader report "no such file" with its own code
    seen: set[str] = set()
    unique = []
    for file in out.files:
        key = os.path.normpath(str(file))
        if key not in seen:
            seen.add(key)
            unique.append(file)
    out.files = unique
    return out
