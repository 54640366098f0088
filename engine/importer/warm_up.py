"""Imported by an import's fork server, last of its preload: every worker is born with
the default ruleset's template built, its formula model compiled and the alias table
loaded, instead of each worker paying for them in its first batches.

Measured before (bench/import.py, 1,000 sources, --jobs 2): a worker's first build
batch took 1.76 s of CPU against 0.40-0.46 s for later ones (the model's compile), its
first read batch 1.01 s against 0.31-0.35 s. Paid once here, the two workers fork with
it done; on two cores that share their caches, two compiles side by side are slower
than one alone. A module, not a function, because a fork server runs only imports.

The work is the very calls a worker's first batch makes (the same per-process caches),
so nothing a worker computes differs; an import under another ruleset builds that
template in its workers, as before. Nothing here may stop the server from starting:
whatever fails, the formula time limit included (a BaseException), is left to the
worker, which meets it again and reports it.

The server must fork with no thread but its own: the compile starts tqdm's monitor
thread, stopped here (`jobzone.engine.runtime.fork_safety`; found by review,
`tests/test_import_warm_up.py`).
"""

from __future__ import annotations

import contextlib

from jobzone.engine.recalc.time_limit import TimeLimitExceeded
from jobzone.engine.runtime.fork_safety import stop_tqdm_monitor


def _warm() -> None:
    from jobzone.engine.core.ruleset import AIJRI_1
    from jobzone.engine.importer.job import aliases_for
    from jobzone.engine.recalc.template_package import warm_template

    aliases_for(None)
    warm_template(AIJRI_1)


with contextlib.suppress(Exception, TimeLimitExceeded):  # left to the worker (docstring)
    _warm()
stop_tqdm_monitor()
