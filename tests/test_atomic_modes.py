"""Atomic writes keep ordinary permissions: the umask for a new file, the old mode on replace."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from jobzone.engine.runtime.atomic import write_bytes_atomically, write_text_atomically


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_output_gets_the_umask_default_not_mkstemps_private_mode(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_bytes_atomically(tmp_path / "new.xlsx", b"data")
        os.umask(0o027)
        write_text_atomically(tmp_path / "team.csv", "a,b\n")
    finally:
        os.umask(previous)
    assert mode(tmp_path / "new.xlsx") == 0o644
    assert mode(tmp_path / "team.csv") == 0o640


def test_replacing_a_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o664)
    write_text_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "new" and mode(target) == 0o664
