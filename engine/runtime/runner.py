"""One runner interface for bulk work: in-process, a local process pool, or a Dask cluster.

`run(fn, items)` yields a `Done` per item as each finishes (not in input order), so
results stream to the caller and memory stays flat: at most a small window of
items is in flight. `fn` and the items must pickle (a module-level function and
plain data). A call that raises is that item's failure; a worker process that
dies is too: the process pool is rebuilt and the items that were in flight when it
broke are retried one at a time, so only the item that kills its worker fails.
On Dask, the scheduler retries a task whose worker died and finally reports it as
a `KilledWorker` (also to tasks that only shared the dying worker); such an item
is retried alone once, and fails only if its worker dies again.

A Dask client behind a `concurrent.futures.Executor` (`DaskExecutor`) lets the
local pool and the cluster share one code path (`ExecutorRunner`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from jobzone.engine.runtime.deferred_interrupts import Held, interrupts_deferred, interrupts_ignored
from jobzone.engine.runtime.result_files import (
    ThroughFiles,
    received,
    remove_folder,
    results_folder,
)

T = TypeVar("T")
R = TypeVar("R")

IN_PROCESS_MAX = 4  # up to this many items, starting workers costs more than it saves
WINDOW_PER_WORKER = 4


@dataclass(frozen=True)
class Done(Generic[T, R]):
    """One item's outcome: its value, or what went wrong (`crashed`: its worker died)."""

    item: T
    value: R | None = None
    error: str | None = None
    crashed: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


class Runner(Protocol):
    name: str
    workers: int

    def run(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Done[Any, Any]]:
        ...

    def close(self) -> None:
        ...

    def cancel(self) -> None:
        ...


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _worker_died(exc: BaseException) -> bool:
    return isinstance(exc, BrokenProcessPool) or type(exc).__name__ == "KilledWorker"


class InProcessRunner:
    """Items one after another in this process: no start-up cost, for a handful of files."""

    name = "in-process"
    workers = 1

    def run(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[Done[T, R]]:
        for item in items:
            try:
                yield Done(item, fn(item))
            except Exception as exc:  # one bad item must not stop the run
                yield Done(item, None, _describe(exc))

    def close(self) -> None:
        return None

    def cancel(self) -> None:
        return None


class ExecutorRunner:
    """Any concurrent.futures Executor, with a bounded window of items in flight."""

    def __init__(self, name: str, workers: int, make_executor: Callable[[], Executor],
                 close_hook: Callable[[], None] | None = None,
                 results_through_files: bool = False) -> None:
        """`results_through_files`: results too large for one pipe write come back
        through files (`jobzone.engine.runtime.result_files`; a local process pool's),
        in a folder made at the first submit and removed when the runner closes."""
        self.name = name
        self.workers = workers
        self._make = make_executor
        self._executor: Executor | None = None
        self._close_hook = close_hook
        self._through_files = results_through_files
        self._results_folder: str | None = None

    @property
    def executor(self) -> Executor:
        if self._executor is None:
            self._executor = self._make()
        return self._executor

    def _restart(self) -> None:
        """A fresh pool after a worker died (only a process pool breaks this way)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = None

    def cancel(self) -> None:
        """Stop at once (Ctrl-C): queued work is dropped, running work is abandoned.

        A process pool's workers are terminated: one that was starting when the
        interrupt came may never receive the pool's stop signal, and the interpreter's
        exit would wait for it forever. Then the pool's manager thread is given a
        moment to finish: on Python 3.11 the exit's wake-up of that thread races with
        the thread closing its pipe, and losing the race prints an OSError traceback
        (seen 1 run in ~30 on a loaded machine). A second Ctrl-C meanwhile is dropped:
        the run is already stopping.
        """
        with interrupts_ignored():
            if self._executor is not None:
                workers = list((getattr(self._executor, "_processes", None) or {}).values())
                manager = getattr(self._executor, "_executor_manager_thread", None)
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None
                for worker in workers:
                    if worker.is_alive():
                        worker.terminate()
                if manager is not None:
                    manager.join(timeout=MANAGER_EXIT_SECONDS)
            self._remove_results()
            if self._close_hook is not None:
                self._close_hook()
                self._close_hook = None

    def _remove_results(self) -> None:
        if self._results_folder is not None:
            remove_folder(self._results_folder)
            self._results_folder = None

    def run(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[Done[T, R]]:
        """Every touch of the executor runs with Ctrl-C held back (`interrupts_deferred`).

        A KeyboardInterrupt raised inside `submit` or `wait` can leave one of the
        pool's locks held (between a lock's acquire and the `with` that releases it),
        and the interpreter's exit then waits forever for the pool's manager thread
        (a hung Ctrl-C, seen 1 run in ~40 on a loaded machine). Held back, it is raised
        between two touches, at most `POLL_SECONDS` later; the caller's own work on each
        result stays interruptible as usual.
        """
        pending = iter(items)
        in_flight: dict[Future[R], T] = {}
        window = max(1, self.workers * WINDOW_PER_WORKER)

        def fill() -> None:
            while len(in_flight) < window:
                item = next(pending, _END)
                if item is _END:
                    return
                in_flight[self._submit(fn, item)] = item  # type: ignore[arg-type]

        with interrupts_deferred():
            fill()
        while in_flight:
            with interrupts_deferred() as held:
                finished = _wait_some(in_flight, held)
                outcomes: list[Done[T, R]] = []
                suspects: list[T] = []
                broken = False
                for future in finished:
                    item = in_flight.pop(future)
                    outcome = self._outcome(future, item)
                    if outcome is None or outcome.crashed:
                        suspects.append(item)  # the culprit or a bystander: retried alone
                        broken = broken or outcome is None
                    else:
                        outcomes.append(outcome)
                if broken:
                    suspects.extend(in_flight.values())  # a broken pool fails all of them
                    in_flight.clear()
                    self._restart()
            yield from outcomes
            if suspects:
                yield from self._isolate(fn, suspects)
            with interrupts_deferred():
                fill()

    def _submit(self, fn: Callable[[T], R], item: T) -> Future[R]:
        """Submit to the pool, first replacing it if it broke while idle (a worker killed
        between files): the futures it still held come back broken and are retried."""
        call: Callable[[T], Any] = fn
        if self._through_files:
            if self._results_folder is None:
                self._results_folder = results_folder()
            call = ThroughFiles(fn, self._results_folder)
        try:
            return self.executor.submit(call, item)
        except BrokenProcessPool:
            self._restart()
            return self.executor.submit(call, item)

    def _outcome(self, future: Future[R], item: T) -> Done[T, R] | None:
        """The item's Done, or None when the whole pool broke (the culprit is unknown)."""
        try:
            return Done(item, received(future.result()))
        except BrokenProcessPool:
            return None
        except Exception as exc:
            return Done(item, None, _describe(exc), crashed=_worker_died(exc))

    def _isolate(self, fn: Callable[[T], R], suspects: Sequence[T]) -> Iterator[Done[T, R]]:
        """Retry each item that was in flight when the pool broke, alone."""
        for item in suspects:
            with interrupts_deferred() as held:
                done = self._alone(fn, item, held)
            yield done

    def _alone(self, fn: Callable[[T], R], item: T, held: Held) -> Done[T, R]:
        try:
            future = self._submit(fn, item)
            _wait_some({future: item}, held)
            return Done(item, received(future.result()))
        except BrokenProcessPool:
            self._restart()
            return Done(item, None, "its worker process died (crashed or was killed)",
                        crashed=True)
        except Exception as exc:
            return Done(item, None, _describe(exc), crashed=_worker_died(exc))

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        self._remove_results()
        if self._close_hook is not None:
            self._close_hook()
            self._close_hook = None


_END: Any = object()
MANAGER_EXIT_SECONDS = 5.0
POLL_SECONDS = 0.1


def _wait_some(in_flight: Iterable[Future[Any]], held: Held) -> set[Future[Any]]:
    """At least one finished future, waiting in short steps: a Ctrl-C held back
    meanwhile is raised here, between two waits, within `POLL_SECONDS`."""
    while True:
        finished, _ = wait(in_flight, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
        if finished:
            return finished
        if held.interrupted:
            raise KeyboardInterrupt


def process_pool(workers: int, preload: Sequence[str] = ()) -> ExecutorRunner:
    """A local pool; workers fork from a server that has imported `preload` once."""
    from concurrent.futures import ProcessPoolExecutor

    from jobzone.engine.runtime.pool_server import start_pool_server, start_worker

    context = start_pool_server(preload)

    def make() -> Executor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                   initializer=start_worker, initargs=(os.getpid(),))

    return ExecutorRunner(f"process pool ({workers} workers)", workers, make,
                          results_through_files=True)


class DaskExecutor(Executor):
    """A concurrent.futures Executor over a Dask client.

    distributed's own `Client.get_executor()` reads a task's outcome and then its
    status in two steps; when the worker holding a finished result dies in between,
    it reports a TypeError instead of the value (seen in the crash tests). Here the
    outcome is taken from `Future.result()`, which re-runs a lost result.
    """

    def __init__(self, client: Any) -> None:
        self.client = client
        self._live: set[Any] = set()  # distributed futures are released when dropped

    def submit(self, fn: Callable[..., R], /, *args: Any, **kwargs: Any) -> Future[R]:
        task = self.client.submit(fn, *args, pure=False, **kwargs)
        mirror: Future[R] = Future()
        mirror.set_running_or_notify_cancel()
        self._live.add(task)

        def settle(done: Any) -> None:
            try:
                mirror.set_result(done.result())
            except BaseException as exc:  # the task's own error, KilledWorker, cancellation
                mirror.set_exception(exc)
            finally:
                self._live.discard(done)

        task.add_done_callback(settle)
        return mirror

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if cancel_futures and self._live:
            self.client.cancel(list(self._live))
        self._live.clear()


DASK_MISSING = ("--scheduler needs Dask, which is not installed: in a source checkout run "
                "`pip install -e '.[dask]'`; for an installed package, "
                "`pip install 'jobzone[dask]'`")


def dask_cluster(address: str, timeout: float = 10.0) -> ExecutorRunner:
    """The workers of a running Dask scheduler (`dask scheduler` / `LocalCluster`)."""
    try:
        from distributed import Client
    except ImportError:
        raise RunnerError(DASK_MISSING) from None
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise RunnerError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    workers = max(1, sum(client.nthreads().values()))
    executor = DaskExecutor(client)
    return ExecutorRunner(f"Dask cluster at {address} ({workers} threads)", workers,
                          lambda: executor, client.close)


class RunnerError(RuntimeError):
    """The runner asked for cannot start (no Dask, scheduler unreachable, bad --jobs)."""


def make_runner(count: int, jobs: int | None = None, scheduler: str | None = None,
                preload: Sequence[str] = ()) -> Runner:
    """In-process for a handful of items or --jobs 1, Dask with --scheduler, else a pool."""
    if jobs is not None and jobs < 1:
        raise RunnerError(f"--jobs must be at least 1, got {jobs}")
    if scheduler:
        return dask_cluster(scheduler)
    if jobs == 1 or (jobs is None and count <= IN_PROCESS_MAX):
        return InProcessRunner()
    workers = min(jobs or os.cpu_count() or 1, max(count, 1))
    return InProcessRunner() if workers == 1 else process_pool(workers, preload)
