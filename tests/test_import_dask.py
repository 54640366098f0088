"""`jobzone import --scheduler` on a real Dask cluster gives what the local pool gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REFERENCE_TEXT
from tests.test_import_cli import jobzone


def _summary(out: Path) -> dict[str, tuple[object, ...]]:
    report = json.loads((out / "import-report.json").read_text())["files"]
    return {Path(r["source"]).name: (r["status"], r["score"], r["sub_label"],
                                     Path(r["output"]).name) for r in report}


@pytest.mark.slow
def test_import_on_a_local_cluster_matches_the_process_pool(tmp_path: Path) -> None:
    from distributed import LocalCluster

    sources = (str(EXAMPLES / "legacy"), str(REFERENCE_TEXT))
    pool = jobzone("import", *sources, "--out", str(tmp_path / "pool"), "--jobs", "2", "-q")
    assert pool.returncode == 0, pool.stderr
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        done = jobzone("import", *sources, "--out", str(tmp_path / "dask"), "--scheduler",
                       cluster.scheduler_address, "-q")
    assert done.returncode == 0, done.stderr
    assert _summary(tmp_path / "dask") == _summary(tmp_path / "pool")
    assert len(_summary(tmp_path / "dask")) == 6


def test_an_unreachable_scheduler_is_exit_2(tmp_path: Path) -> None:
    done = jobzone("import", str(REFERENCE_TEXT), "--out", str(tmp_path), "--scheduler",
                   "tcp://127.0.0.1:9")
    assert done.returncode == 2 and "cannot reach the Dask scheduler" in done.stderr
