"""Ctrl-C held back where a split would leave a mess: a temporary file nobody removes,
or an output the import report does not name. Each test sends a real SIGINT to this
process at the worst moment and checks what is left."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

from jobzone.engine.importer import run as import_run
from jobzone.engine.importer.run import ImportPlan, run_import
from jobzone.engine.runtime import atomic
from jobzone.engine.runtime.atomic import write_bytes_atomically
from jobzone.engine.runtime.deferred_interrupts import interrupts_deferred, interrupts_ignored
from jobzone.workbooks.legacy.aliases import load_aliases
from jobzone.workbooks.legacy.sources import group_sources
from tests.hostile_corpus import WRITEUP


def ctrl_c() -> None:
    """SIGINT to this process; Python raises it at its next step unless held back."""
    os.kill(os.getpid(), signal.SIGINT)


def ctrl_c_once_the_main_thread_is_in(function: str) -> None:
    """Ctrl-C when the main thread has reached `function` (read from its stack), not
    after a guessed delay a busy machine could outlast; 600 s is a hang guard."""
    import sys
    import time

    main = threading.main_thread().ident
    hang_guard = time.monotonic() + 600
    while time.monotonic() < hang_guard:
        frame = sys._current_frames().get(main)  # type: ignore[arg-type]
        while frame is not None and frame.f_code.co_name != function:
            frame = frame.f_back
        if frame is not None:
            break
        time.sleep(0.01)
    ctrl_c()


def test_an_interrupt_inside_the_block_is_raised_when_it_ends() -> None:
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts_deferred():
            ctrl_c()
            steps.append("after the signal")
            steps.append("still in the block")
        steps.append("after the block")
    assert steps == ["after the signal", "still in the block"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_nested_blocks_raise_once_at_the_outer_end() -> None:
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt), interrupts_deferred():
        with interrupts_deferred():
            ctrl_c()
        steps.append("outer block goes on")
    assert steps == ["outer block goes on"]


def test_no_interrupt_means_no_exception_and_the_handler_back() -> None:
    with interrupts_deferred():
        pass
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_outside_the_main_thread_the_block_just_runs() -> None:
    ran: list[bool] = []

    def body() -> None:
        with interrupts_deferred():
            ran.append(True)

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    assert ran == [True]


def test_ctrl_c_as_the_temporary_file_is_created_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The interrupt lands right after mkstemp made the file, before its name is kept."""
    real_mkstemp = tempfile.mkstemp

    def mkstemp_then_ctrl_c(*args: Any, **kwargs: Any) -> tuple[int, str]:
        made = real_mkstemp(*args, **kwargs)
        ctrl_c()
        return made

    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        write_bytes_atomically(tmp_path / "out.xlsx", b"data")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_while_the_temporary_file_is_removed_still_removes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_source: Any, _target: Any) -> None:
        ctrl_c()  # arrives during the failed write's clean-up
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(KeyboardInterrupt):
        write_bytes_atomically(tmp_path / "out.xlsx", b"data")
    assert list(tmp_path.iterdir()) == []


def test_an_output_written_as_ctrl_c_arrives_is_in_the_import_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The interrupt lands just after the third output is in place: the run stops there,
    and its report names exactly the outputs on disk."""
    sources = tmp_path / "src"
    sources.mkdir()
    text = WRITEUP.read_text(encoding="utf-8")
    for i in range(5):
        (sources / f"role-{i}.txt").write_text(
            text.replace("LLMOps Engineer", f"LLMOps Engineer {i}"), encoding="utf-8")
    written: list[Path] = []

    def write_then_ctrl_c(target: Path, data: bytes) -> None:
        write_bytes_atomically(target, data)
        written.append(target)
        if len(written) == 3:
            ctrl_c()

    monkeypatch.setattr(import_run, "write_bytes_atomically", write_then_ctrl_c)
    out = tmp_path / "out"
    plan = ImportPlan(group_sources(sorted(sources.iterdir()), load_aliases()), out, jobs=1,
                      progress=False)
    run = run_import(plan, log=open(os.devnull, "w"))  # noqa: SIM115
    assert run.interrupted and run.exit_code == 130
    imported = {Path(r["output"]).name for r in run.records if r["status"] == "imported"}
    assert imported == {p.name for p in out.glob("*.xlsx")} == {p.name for p in written}
    assert len(imported) == 3
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_block_can_see_the_interrupt_and_stop_at_a_safe_point() -> None:
    with pytest.raises(KeyboardInterrupt) as raised, interrupts_deferred() as held:
        assert not held.interrupted
        ctrl_c()
        assert held.interrupted
        raise KeyboardInterrupt("stopped here")
    assert str(raised.value) == "stopped here"  # not raised a second time at the end


def test_ignored_interrupts_are_dropped() -> None:
    with interrupts_ignored():
        ctrl_c()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_during_a_pool_run_stops_it_promptly_from_a_safe_point() -> None:
    """The interrupt is raised by the runner between two waits (never inside the pool's
    locks), while every item still has minutes to go: raised at all means raised before
    any item ended, so no bound on the time it took is needed (a busy machine is slow)."""
    from jobzone.engine.runtime.runner import process_pool
    from tests.runner_jobs import stalled

    runner = process_pool(2)
    results = runner.run(stalled, range(4))
    sender = threading.Thread(target=ctrl_c_once_the_main_thread_is_in, args=("_wait_some",))
    sender.start()
    try:
        with pytest.raises(KeyboardInterrupt) as raised:
            next(results)
    finally:
        runner.cancel()
        sender.join()
    assert raised.traceback[-1].name == "_wait_some"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
