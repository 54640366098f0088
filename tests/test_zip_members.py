"""`read_member` reads what `ZipFile.read` reads, and refuses what it refuses.

Over the example, every .xlsx of the hostile corpus, and archives damaged on purpose
(a bad CRC, a local name that differs from the directory's, a truncated member, a
lying size, a zero-length member, stored members, a prefix before the archive).
"""

from __future__ import annotations

import io
import zipfile

import pytest

from jobzone.workbooks.guard.zip_members import read_member
from tests import hostile_corpus as corpus


def outcome(read: object) -> tuple[str, object]:
    try:
        return "bytes", read()  # type: ignore[operator]
    except (zipfile.BadZipFile, zlib_error(), NotImplementedError, RuntimeError, EOFError,
            ValueError) as exc:
        return "refused", type(exc).__name__


def zlib_error() -> type[Exception]:
    import zlib

    return zlib.error


def assert_same_as_zipfile(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            theirs = outcome(lambda info=info: archive.read(info))
            ours = outcome(lambda info=info: read_member(data, info))
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                # Excel writes no other method: the guard refuses them before reading (JZ013)
                assert ours == ("refused", "NotImplementedError"), info.filename
            elif theirs[0] == "bytes":
                assert ours == theirs, info.filename
            else:
                assert ours[0] == "refused", (info.filename, theirs)


def archive(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as target:
        for name, body in members.items():
            target.writestr(name, body)
    return out.getvalue()


def test_the_example_and_the_hostile_corpus() -> None:
    assert_same_as_zipfile(corpus.example_bytes())
    for case in corpus.CASES:
        if case.suffix != ".xlsx":
            continue
        data = case.build()
        try:
            zipfile.ZipFile(io.BytesIO(data)).close()
        except zipfile.BadZipFile:
            continue  # not even a directory: never reaches a member read
        assert_same_as_zipfile(data)


def test_stored_zero_length_and_prefixed_archives() -> None:
    members = {"a.xml": b"<a/>" * 100, "empty.xml": b"", "b/c.xml": "é".encode()}
    assert_same_as_zipfile(archive(members))
    assert_same_as_zipfile(archive(members, zipfile.ZIP_STORED))
    assert_same_as_zipfile(b"prefix before the archive" + archive(members))


def _damaged(data: bytes, old: bytes, new: bytes, count: int = 1) -> bytes:
    assert old in data
    return data.replace(old, new, count)


@pytest.mark.parametrize("how", ["crc", "local name", "truncated", "declared larger",
                                 "declared smaller", "bad local signature"])
def test_damaged_members_are_refused_like_zipfile(how: str) -> None:
    body = b"<worksheet>" + b"x" * 5000 + b"</worksheet>"
    data = archive({"xl/worksheets/sheet1.xml": body})
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        info = source.infolist()[0]
    if how == "crc":
        data = _damaged(data, info.CRC.to_bytes(4, "little"), b"\0\0\0\0", 2)  # both copies
    elif how == "local name":
        data = _damaged(data, b"xl/worksheets/sheet1.xml", b"xl/worksheets/sheet2.xml")
    elif how == "truncated":
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            info = source.infolist()[0]
        info.compress_size += 10_000  # claims more compressed bytes than the archive holds
        with pytest.raises(EOFError):
            read_member(data, info)
        return
    elif how in ("declared larger", "declared smaller"):
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            info = source.infolist()[0]
            info.file_size += 100 if how == "declared larger" else -100
            theirs = outcome(lambda: source.read(info))
        assert outcome(lambda: read_member(data, info)) == theirs
        return
    elif how == "bad local signature":
        data = _damaged(data, b"PK\x03\x04", b"PK\x03\x05")
    assert_same_as_zipfile(data)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        assert outcome(lambda: read_member(data, source.infolist()[0]))[0] == "refused"
