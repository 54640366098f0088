from __future__ import annotations

from pathlib import Path

from jobzone.engine.runtime.sources import expand_sources


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


def test_directories_are_walked_in_order_and_filtered(tmp_path: Path) -> None:
    b = _touch(tmp_path / "d" / "b.xlsx")
    a = _touch(tmp_path / "d" / "sub" / "a.XLSX")
    _touch(tmp_path / "d" / "notes.txt")
    _touch(tmp_path / "d" / "~$lock.xlsx")
    _touch(tmp_path / "d" / ".hidden.xlsx")
    out = expand_sources([tmp_path / "d"], {".xlsx"})
    assert out.files == [b, a] and not out.problems


def test_globs_files_and_duplicates(tmp_path: Path) -> None:
    a = _touch(tmp_path / "a.xlsx")
    b = _touch(tmp_path / "b.xlsx")
    out = expand_sources([str(tmp_path / "*.xlsx"), a, str(tmp_path / "none*.xlsx")], {".xlsx"})
    assert out.files == [a, b]
    assert out.problems == [f"{tmp_path / 'none*.xlsx'}: pattern matches no .xlsx files"]


def test_empty_directory_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    out = expand_sources([tmp_path / "empty"], {".xlsx"})
    assert out.files == [] and "holds no .xlsx files" in out.problems[0]


def test_symlinks_out_of_the_tree_are_not_followed(tmp_path: Path) -> None:
    outside = _touch(tmp_path / "outside" / "secret.xlsx")
    inside = _touch(tmp_path / "tree" / "ok.xlsx")
    (tmp_path / "tree" / "link.xlsx").symlink_to(outside)
    (tmp_path / "tree" / "dirlink").symlink_to(outside.parent, target_is_directory=True)
    (tmp_path / "tree" / "inner.xlsx").symlink_to(inside)
    out = expand_sources([tmp_path / "tree"], {".xlsx"})
    assert out.files == [tmp_path / "tree" / "inner.xlsx", inside]
    assert len(out.problems) == 2 and all("symlink leads out" in p for p in out.problems)
