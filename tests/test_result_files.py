"""A pool worker's large results come back through a file (`jobzone.engine.runtime.result_files`):
a killed worker can then never leave half a message in the pool's shared pipe, which
hung an import forever (found by tests/test_interrupted_runs.py on a full run)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from jobzone.engine.runtime.result_files import (
    INLINE_BYTES,
    ResultFile,
    ThroughFiles,
    received,
)
from jobzone.engine.runtime.runner import process_pool
from tests.runner_jobs import large, square


def test_a_large_result_leaves_as_a_file_name_and_comes_back_whole(tmp_path: Path) -> None:
    sent = ThroughFiles(large, str(tmp_path))(7)
    assert isinstance(sent, ResultFile)
    assert len(pickle.dumps(sent)) <= INLINE_BYTES  # the reply fits one atomic pipe write
    assert received(sent) == large(7)
    assert list(tmp_path.iterdir()) == []  # the parent removed the file once read


def test_a_small_result_goes_as_it_is(tmp_path: Path) -> None:
    assert ThroughFiles(square, str(tmp_path))(12) == 144
    assert list(tmp_path.iterdir()) == []


def test_a_process_pool_returns_large_results_and_leaves_no_files() -> None:
    runner = process_pool(2)
    try:
        results = {d.item: d.value for d in runner.run(large, range(6))}
        folder = runner._results_folder
        assert folder is not None and os.listdir(folder) == []
    finally:
        runner.close()
    assert results == {n: large(n) for n in range(6)}
    assert not os.path.exists(folder)
