"""Hold a Ctrl-C back for the few steps that must not be split.

A KeyboardInterrupt can surface between any two Python steps: between creating a
temporary file and remembering its name (the file is left behind), between an output
landing and the run recording it (an output no report names), or between a lock's
acquire and the `with` that would release it (a process pool that never shuts down).
Inside `interrupts_deferred` a SIGINT is only noted; it is raised as soon as the block
ends, or earlier where the block itself looks (`Held.interrupted`) and stops at a safe
point, so the interrupt still stops the run, a few milliseconds later. Outside the main
thread, where Python delivers no signals, the block runs as it is.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType


class Held:
    """What a deferring block can ask: has a Ctrl-C come since it began?"""

    def __init__(self) -> None:
        self.interrupted = False

    def note(self, _signum: int, _frame: FrameType | None) -> None:
        self.interrupted = True


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[Held]:
    """Run the block whole; a SIGINT that arrives meanwhile is raised when it ends.

    A block that ends with an exception of its own (a KeyboardInterrupt it raised at a
    safe point, say) keeps that exception: the held-back interrupt is not raised twice.
    """
    held = Held()
    if threading.current_thread() is not threading.main_thread():
        yield held
        return
    previous = signal.signal(signal.SIGINT, held.note)
    try:
        yield held
    finally:
        signal.signal(signal.SIGINT, previous)
    if held.interrupted and callable(previous):
        previous(signal.SIGINT, None)  # Python's handler raises; an outer block's notes it


@contextlib.contextmanager
def interrupts_ignored() -> Iterator[None]:
    """Run the block with Ctrl-C dropped: for stopping work that is already stopping."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
