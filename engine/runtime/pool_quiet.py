"""Keep a pool's half-born workers quiet when the run that asked for them was interrupted.

A pool worker is forked by multiprocessing's fork server, and its first act is to read
its instructions from the process that asked for it. When that process is interrupted
(Ctrl-C) between asking and writing, the read ends with EOFError and the fork server
hands the exception to `sys.excepthook`, which prints a multiprocessing traceback onto
the terminal, under the command's own one-line "interrupted" message. And a Ctrl-C
reaches every process of the terminal's group: a worker not yet past its start-up, where
multiprocessing restores Python's SIGINT handler, dies printing a KeyboardInterrupt.

`install` runs in the fork server before it forks anything
(`jobzone.engine.runtime.pool_server_setup`,
first of its preload), so every worker is born with both settled: SIGINT ignored (the
run's own process decides what a Ctrl-C means, and stops its workers), and a hook that
silences only the parent gone while `multiprocessing.spawn._main` reads: the pipe at its
end or broken (EOFError, OSError), or the run's semaphores already removed with it
(FileNotFoundError). A task that fails to unpickle (ImportError, AttributeError, ...),
or any error once the worker runs, still reaches the previous hook; and the pool itself
reports a worker that died starting.
"""

from __future__ import annotations

import signal
import sys
from multiprocessing import spawn
from types import TracebackType

_previous_hook = sys.excepthook


def parent_gone_while_starting(kind: type[BaseException], traceback: TracebackType | None) -> bool:
    """The exception is a worker finding its parent gone before it sent the worker's task."""
    if not issubclass(kind, (EOFError, OSError)):  # the pipe's end, the run's semaphores gone
        return False
    while traceback is not None:
        if traceback.tb_frame.f_code is spawn._main.__code__:
            return True
        traceback = traceback.tb_next
    return False


def quiet_hook(kind: type[BaseException], error: BaseException,
               traceback: TracebackType | None) -> None:
    if parent_gone_while_starting(kind, traceback):
        return
    _previous_hook(kind, error, traceback)


def install() -> None:
    """For the fork server only: its handlers when it forks are its workers' at birth."""
    global _previous_hook
    if sys.excepthook is not quiet_hook:
        _previous_hook = sys.excepthook
        sys.excepthook = quiet_hook
    signal.signal(signal.SIGINT, signal.SIG_IGN)
