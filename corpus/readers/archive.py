"""Zip archives: each supported member is read by the reader for its suffix, within zip-bomb limits."""
from __future__ import annotations

import os
import zipfile
import zlib
from typing import Callable

from corpus.document import Document, ReadError
from corpus.readers import decode
from corpus.readers.decode import MiB, size_error

Reader = Callable[[bytes, str, str], list[Document]]

MAX_TOTAL_BYTES = 512 * MiB      # all readable members together, uncompressed
MAX_RATIO = 200                  # uncompressed / compressed, for members over RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1 * MiB

_MEMBER_ERRORS = (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError, ValueError)


def _readable(info: zipfile.ZipInfo, readers: dict[str, Reader]) -> bool:
    """Not a folder, not hidden, and of a supported suffix (nested zips are not in `readers`)."""
    parts = info.filename.split("/")
    return (not info.is_dir() and not any(p.startswith(".") or p == "__MACOSX" for p in parts)
            and os.path.splitext(info.filename)[1].lower() in readers)


def _member_bytes(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    limit = decode.MAX_FILE_BYTES
    if info.file_size > limit:
        raise size_error("file too large", info.file_size, limit)
    if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * info.compress_size:
        raise ReadError(f"compression ratio {info.file_size // max(info.compress_size, 1)}:1 looks like a zip bomb")
    try:
        with z.open(info) as f:
            data = f.read(limit + 1)        # bounded: declared sizes are not trusted alone
    except _MEMBER_ERRORS as e:
        raise ReadError(f"corrupt or unsupported member ({e})") from None
    if len(data) > limit:
        raise size_error("file too large", len(data), limit)
    return data


def read_zip(path: str, readers: dict[str, Reader]) -> list[Document]:
    """Documents of every readable member; path = the zip, ids fall back to f"{path}!{member}"."""
    with decode.open_file(path) as f:
        try:
            z = zipfile.ZipFile(f)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as e:
            raise ReadError(f"not a valid zip archive ({e})") from None
        with z:
            members = [info for info in z.infolist() if _readable(info, readers)]
            if not members:
                raise ReadError("no supported files in archive")
            total = sum(info.file_size for info in members)
            if total > MAX_TOTAL_BYTES:
                raise size_error("archive too large when unpacked", total, MAX_TOTAL_BYTES)
            docs, errors = [], []
            for info in members:
                reader = readers[os.path.splitext(info.filename)[1].lower()]
                try:
                    docs += reader(_member_bytes(z, info), path, f"{path}!{info.filename}")
                except ReadError as e:
                    errors.append(f"{info.filename}: {e}")
    if not docs:
        raise ReadError(f"no readable articles in archive ({errors[0]})")
    return docs
