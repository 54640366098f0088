"""Resource limits for untrusted input: one explicit object, safe defaults, env overrides.

Workbooks, legacy files and write-ups come from many hands. Every size jobzone
will accept is named here, so a hostile file meets a documented ceiling instead
of exhausting the machine. The defaults are far above what a real assessment
needs (the canonical workbook is ~30 KB, ~100 KB uncompressed, ~1,500 cells) and
far below what would hurt a 2-core machine. `SECURITY.md` lists each limit with
its environment variable; `Limits.from_env` is the only place those are read,
and callers pass the resulting object down explicitly (no module state).
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass

MIB = 1024 * 1024
ENV_PREFIX = "JOBZONE_"


class LimitsError(ValueError):
    """An environment variable sets a limit to something that is not a positive number."""


@dataclass(frozen=True)
class Limits:
    """Ceilings applied before and while an untrusted file is read.

    Sizes are bytes; counts are per workbook unless the name says per sheet.
    """

    max_file_bytes: int = 20 * MIB
    """Size of any input file on disk: a workbook's archive, a CSV, a write-up."""
    max_uncompressed_bytes: int = 64 * MIB
    """Sum of the declared uncompressed sizes of every archive entry."""
    max_compression_ratio: int = 100
    """Uncompressed / compressed size of any entry bigger than `ratio_exempt_bytes`."""
    ratio_exempt_bytes: int = 1 * MIB
    """Entries smaller than this cannot be bombs, so their ratio is not checked."""
    max_zip_entries: int = 1_000
    """Members of the archive (the canonical workbook has about 20)."""
    max_sheets: int = 64
    """Worksheets and chartsheets in one workbook."""
    max_rows: int = 100_000
    """Highest row number any sheet may use."""
    max_columns: int = 1_024
    """Highest column number any sheet may use."""
    max_cells: int = 500_000
    """Cells (including merged and hyperlinked ranges openpyxl expands) and shared strings."""
    max_drawing_objects: int = 1_000
    """Charts and pictures in drawings (openpyxl parses a chart part once per anchor)."""
    max_string_length: int = 32_767
    """Characters in one cell: Excel's own limit, so no genuine workbook exceeds it."""
    formula_seconds: float = 10.0
    """CPU time (of the evaluating thread) allowed to compile and evaluate one workbook's
    formulas; a wall-clock guard 10 times as long (at least 60 s) is the last resort."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults overridden by `JOBZONE_<FIELD>` variables (e.g. JOBZONE_MAX_CELLS=10000).

        Read for every file of a bulk run, so the parsing is remembered by the
        variables' raw values (a frozen Limits can be shared); the variables themselves
        are read each time, so a changed environment is seen at once.
        """
        env = os.environ if environ is None else environ
        return _limits_of(tuple(env.get(name) for name in _VARIABLE_NAMES))

    @staticmethod
    def variables() -> dict[str, str]:
        """Each environment variable and the field it sets, for documentation and errors."""
        return {ENV_PREFIX + f.name.upper(): f.name for f in dataclasses.fields(Limits)}


def _positive(name: str, raw: str, kind: type[int] | type[float]) -> int | float:
    text = raw.strip().replace("_", "")
    try:
        value = kind(text)
    except ValueError:
        raise LimitsError(f"{name}={raw!r}: expected a positive "
                          f"{'number' if kind is float else 'whole number'}") from None
    if not value > 0 or value != value or value == float("inf"):
        raise LimitsError(f"{name}={raw!r}: must be a positive finite number")
    return value


_VARIABLE_NAMES = tuple(Limits.variables())


@functools.lru_cache(maxsize=32)
def _limits_of(raws: tuple[str | None, ...]) -> Limits:
    changes: dict[str, int | float] = {}
    for spec, name, raw in zip(dataclasses.fields(Limits), _VARIABLE_NAMES, raws, strict=True):
        if raw is None or not raw.strip():
            continue
        changes[spec.name] = _positive(name, raw, float if spec.type == "float" else int)
    return Limits(**changes)  # type: ignore[arg-type]
