"""An archive member inflated straight from the archive's bytes, as `zipfile` reads it.

`ZipFile.read` opens a file-like view per member (a shared handle, a lock, a seek, a
reader object) before it inflates a byte: about half the cost of reading a canonical
workbook's 21 members. The archive guard reads every member of every file, so this
reads each one from the bytes already in memory instead: the same local-header
checks, the same output (inflated up to the size the central directory declares),
the same CRC check, and the same exceptions for the same faults (a truncated member
is refused outright). `tests/test_zip_members.py` holds it to `ZipFile.read`.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
LOCAL_SIGNATURE = b"PK\x03\x04"
UTF8_NAME, PATCHED, STRONG_ENCRYPTION, ENCRYPTED = 0x800, 0x20, 0x40, 0x1


def read_member(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The member `info` of the archive `data` (its central-directory entry), inflated."""
    offset = info.header_offset
    header = data[offset:offset + LOCAL_HEADER.size]
    if len(header) != LOCAL_HEADER.size:
        raise zipfile.BadZipFile("Truncated file header")
    fields = LOCAL_HEADER.unpack(header)
    if fields[0] != LOCAL_SIGNATURE:
        raise zipfile.BadZipFile("Bad magic number for file header")
    local_flags, name_length, extra_length = fields[3], fields[10], fields[11]
    name_start = offset + LOCAL_HEADER.size
    name = data[name_start:name_start + name_length]
    if info.flag_bits & PATCHED:
        raise NotImplementedError("compressed patched data (flag bit 5)")
    if info.flag_bits & STRONG_ENCRYPTION:
        raise NotImplementedError("strong encryption (flag bit 6)")
    if info.flag_bits & ENCRYPTED:
        raise RuntimeError(f"File {info.filename!r} is encrypted, password required for "
                           "extraction")
    text = name.decode("utf-8") if local_flags & UTF8_NAME else name.decode("cp437")
    if text != info.orig_filename:
        raise zipfile.BadZipFile(f"File name in directory {info.orig_filename!r} and header "
                                 f"{name!r} differ.")
    start = name_start + name_length + extra_length
    raw = data[start:start + info.compress_size]
    if len(raw) < info.compress_size:
        raise EOFError
    if info.compress_type == zipfile.ZIP_STORED:
        inflated = raw[:info.file_size]
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflated = zlib.decompressobj(-15).decompress(raw, info.file_size) \
            if info.file_size else b""
    else:
        raise NotImplementedError(f"compression method {info.compress_type}")
    if zlib.crc32(inflated) != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
    return inflated
