"""A process that others fork from must hold no thread but its own when it forks.

`formulas` opens a tqdm progress bar while it compiles, and tqdm starts a monitor thread
that takes tqdm's locks every 10 s; a fork while it held them would leave the child's
copy held for good (a later compile in that child would hang). Both fork servers (the
import's pool, `jobzone.engine.importer.warm_up`, and the check server,
`jobzone.engine.cli.server`) stop it before they fork, so each child makes its own.
"""

from __future__ import annotations

import sys


def stop_tqdm_monitor() -> None:
    """tqdm's monitor thread stopped and its class lock dropped, if tqdm is loaded."""
    tqdm_module = sys.modules.get("tqdm")
    if tqdm_module is None:
        return
    monitor = getattr(tqdm_module.tqdm, "monitor", None)
    if monitor is not None:
        monitor.exit()
        tqdm_module.tqdm.monitor = None
    if "_lock" in vars(tqdm_module.tqdm):
        del tqdm_module.tqdm._lock
