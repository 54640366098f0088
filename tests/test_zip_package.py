"""The package writer writes `zipfile`'s bytes, field for field, and reuses a member's
deflated form only for the very same bytes object."""

from __future__ import annotations

import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from jobzone.workbooks import zip_package as Z

_DATE = (1980, 1, 1, 0, 0, 0)
_NAMES = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                 min_size=1, max_size=20)
_MEMBERS = st.lists(st.tuples(_NAMES, st.binary(max_size=3000) | st.text(max_size=2000).map(
    str.encode), st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]),
    st.sampled_from([0, 0o644 << 16, 0o600 << 16, 0o755 << 16 | 0x10])),
    max_size=8, unique_by=lambda m: m[0])
_DATES = st.tuples(st.integers(1980, 2107), st.integers(1, 12), st.integers(1, 28),
                   st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))


def by_zipfile(members: list[tuple[str, bytes, int, int]],
               date: tuple[int, int, int, int, int, int]) -> bytes:
    """What the package writer wrote before: `zipfile` itself."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data, kind, attr in members:
            info = zipfile.ZipInfo(name, date_time=date)
            info.compress_type = kind
            info.external_attr = attr
            target.writestr(info, data)
    return out.getvalue()


@settings(max_examples=200)
@given(_MEMBERS, _DATES)
def test_the_writer_writes_zipfiles_bytes(members: list[tuple[str, bytes, int, int]],
                                          date: tuple[int, int, int, int, int, int]) -> None:
    written = Z.zip_bytes(Z.Member(name, date, attr, Z.deflated(name, data, kind))
                          for name, data, kind, attr in members)
    assert written == by_zipfile(members, date)
    with zipfile.ZipFile(io.BytesIO(written)) as archive:
        assert archive.testzip() is None
        assert [archive.read(name) for name, *_ in members] == [m[1] for m in members]


def test_a_deflated_member_is_reused_only_for_the_same_bytes_object() -> None:
    first = b"<sheet>" + b"x" * 500 + b"</sheet>"
    equal = bytes(bytearray(first))  # equal content, another object
    one = Z.deflated("xl/worksheets/sheet1.xml", first, zipfile.ZIP_DEFLATED)
    assert Z.deflated("xl/worksheets/sheet1.xml", first, zipfile.ZIP_DEFLATED) is one
    other = Z.deflated("xl/worksheets/sheet1.xml", equal, zipfile.ZIP_DEFLATED)
    assert other is not one and other == one  # computed again, to the same result
    stored = Z.deflated("xl/worksheets/sheet1.xml", equal, zipfile.ZIP_STORED)
    assert stored.stored == equal and stored.compress_type == zipfile.ZIP_STORED
