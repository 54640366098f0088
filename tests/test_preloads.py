"""Module names written as strings (the pool's preloads) all resolve: a move cannot
silently leave a fork server importing nothing."""

from __future__ import annotations

import importlib.util

import pytest

from jobzone.engine.check.preload import PRELOAD as CHECK
from jobzone.engine.cli.early_start import PRELOADS
from jobzone.engine.importer.preload import PRELOAD as IMPORT
from jobzone.engine.report.preload import PRELOAD as REPORT
from jobzone.engine.runtime.pool_server import SETUP


@pytest.mark.parametrize("name", sorted({*CHECK, *IMPORT, *REPORT, SETUP}))
def test_every_preloaded_module_resolves(name: str) -> None:
    assert importlib.util.find_spec(name) is not None, name


def test_the_early_start_preloads_what_each_command_uses() -> None:
    assert PRELOADS == {"check": CHECK, "report": REPORT}
    assert set(CHECK) < set(REPORT)
