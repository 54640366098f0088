"""The import pool's fork server warms itself (`jobzone.engine.importer.warm_up`) and then
forks workers: it must be left with no thread but its own, and nothing may stop it from
starting, the formula time limit included."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import threading
import jobzone.engine.importer.warm_up
from jobzone.engine.recalc.cached import shared_evaluator
from jobzone.engine.recalc.template_package import _formulas
from jobzone.workbooks.template_package import template_for
from jobzone.engine.core.ruleset import AIJRI_1
import tqdm
print(threading.active_count(), getattr(tqdm.tqdm, "monitor", None) is None,
      _formulas(template_for(AIJRI_1)).formula_set.fingerprint in shared_evaluator().cache)
"""


def _warmed(**env: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          env={**os.environ, **env}, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_warmed_server_has_no_thread_but_its_own_and_a_compiled_model() -> None:
    assert _warmed() == ["1", "True", "True"]


def test_a_compile_over_the_time_limit_leaves_the_server_starting() -> None:
    """The worker meets the limit again and reports it; the server starts regardless."""
    assert _warmed(JOBZONE_FORMULA_SECONDS="0.05") == ["1", "True", "False"]
