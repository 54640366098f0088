"""A package's ZIP bytes, written as `zipfile` writes them, each member deflated once.

A canonical package is mostly its template's members: theme, styles, the Rules sheet,
the chart and the parts that name jobzone as the writer are the same bytes objects
for every assessment of a ruleset. `zipfile` deflates each member each time it is
written (about 0.5 ms of a package's 3.5 ms); here a member's deflated form is kept
while the very same bytes object comes again (`is`, never equality: a sheet patched
per assessment is a new object each time, so only what the template owns is reused,
however alike two assessments are). The bytes are `zipfile`'s own, field for field
(`tests/test_zip_package.py` compares them over drawn members), so every reader sees
the package it saw before.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

# The ZIP format's records (PKWARE's APPNOTE 4.3.7, 4.3.12, 4.3.16), as zipfile packs them.
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


@dataclass(frozen=True)
class Deflated:
    """A member's data as stored: its CRC, size, and compressed bytes."""

    crc: int
    size: int
    stored: bytes
    compress_type: int


def deflate(data: bytes, compress_type: int) -> Deflated:
    """The member as `zipfile.ZipFile.writestr` stores it (default compression level)."""
    if compress_type == zipfile.ZIP_DEFLATED:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        stored = compressor.compress(data) + compressor.flush()
    elif compress_type == zipfile.ZIP_STORED:
        stored = data
    else:
        raise ValueError(f"compression {compress_type} is not written here")
    return Deflated(zlib.crc32(data), len(data), stored, compress_type)


# member name -> (the bytes object last written under it, its deflated form); holding
# the object keeps its id from being reused, so `is` cannot match a different object.
_LAST: dict[str, tuple[bytes, Deflated]] = {}


def deflated(name: str, data: bytes, compress_type: int) -> Deflated:
    """`deflate`, reused while the same bytes object is written under the same name."""
    last = _LAST.get(name)
    if last is not None and last[0] is data and last[1].compress_type == compress_type:
        return last[1]
    found = deflate(data, compress_type)
    _LAST[name] = (data, found)
    return found


@dataclass(frozen=True)
class Member:
    name: str
    date_time: tuple[int, int, int, int, int, int]
    external_attr: int
    data: Deflated


def zip_bytes(members: Iterable[Member]) -> bytes:
    """The archive `zipfile.ZipFile(out, "w")` writes for `writestr(ZipInfo(name,
    date_time), data)` of each member, with its compress type and external attributes
    (the archive small enough to need no ZIP64 records, as every package here is)."""
    out = io.BytesIO()
    central = []
    for member in members:
        name, flags = _encoded(member.name)
        attr = member.external_attr or 0o600 << 16  # as zipfile fills it in
        d = member.data
        if d.size * 1.05 > zipfile.ZIP64_LIMIT:  # where zipfile would write ZIP64 records
            raise ValueError(f"{member.name}: a member this large is not written here")
        dos_date, dos_time = _dos(member.date_time)
        offset = out.tell()
        out.write(_LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, d.compress_type, dos_time,
                              dos_date, d.crc, len(d.stored), d.size, len(name), 0))
        out.write(name)
        out.write(d.stored)
        central.append(_CENTRAL.pack(
            b"PK\x01\x02", _VERSION, _SYSTEM, _VERSION, 0, flags, d.compress_type, dos_time,
            dos_date, d.crc, len(d.stored), d.size, len(name), 0, 0, 0, 0, attr, offset) + name)
    start = out.tell()
    for record in central:
        out.write(record)
    size = out.tell() - start
    if len(central) > 0xFFFF or start > zipfile.ZIP64_LIMIT:
        raise ValueError("an archive this large needs ZIP64 records, not written here")
    out.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), size, start, 0))
    return out.getvalue()


_SYSTEM = zipfile.ZipInfo("x").create_system  # 3 (Unix) here, as zipfile records it
_VERSION = 20  # the version needed to extract a deflated member, zipfile's default


def _encoded(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), 0x800  # zipfile's flag for a UTF-8 file name


def _dos(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return (year - 1980) << 9 | month << 5 | day, hour << 11 | minute << 5 | second // 2
