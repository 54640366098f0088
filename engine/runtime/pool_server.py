"""The local process pool's processes: the fork server they come from, and how each
worker starts (ignoring Ctrl-C, watching the process that started it).

Apart from `jobzone.engine.runtime.runner` so the early start (`jobzone.engine.cli.early_start`)
and the runner share
one server, and so the runner's module stays about running, not about processes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any

# The fork server imports it first, so every worker is born set up; named, not imported,
# because importing it installs its hooks in whichever process does.
SETUP = f"{__package__}.pool_server_setup"


def start_pool_server(preload: Sequence[str]) -> Any:
    """Start the fork server pool workers come from (once per process); its context.

    Started at once, it imports `preload` while the caller goes on with its own
    start-up, instead of after it, when the first item is submitted. A server already
    running keeps the preload it started with. `jobzone.engine.runtime.pool_server_setup` comes
    first: workers
    are born ignoring Ctrl-C, and one abandoned before it got its task exits quietly.
    """
    import multiprocessing
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([SETUP, *preload])
    forkserver.ensure_running()
    return context


PARENT_POLL_SECONDS = 0.5


def start_worker(parent: int) -> None:
    """Pool workers ignore Ctrl-C, and leave when the process that started them is gone.

    A terminal sends SIGINT to the whole process group; the run's own process decides
    what it means and stops its workers. Workers from our server are born ignoring it
    (`jobzone.engine.runtime.pool_quiet`); this says so again for a server started elsewhere. A
    worker
    whose parent dies without stopping the pool (killed, or a Ctrl-C during its
    start-up) would wait for work forever, holding the parent's stdout and stderr open
    (a `| cat` after the command would never end), so each worker also watches the
    parent and exits once it has exited.
    """
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while process_alive(parent):
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="jobzone-parent-watch", daemon=True).start()


def process_alive(pid: int) -> bool:
    """Is `pid` running? An exited process its own parent has not reaped yet is not."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except FileNotFoundError:
        return False
    except (OSError, IndexError):  # no /proc: ask the kernel whether the pid exists
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
