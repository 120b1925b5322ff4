"""Zip archives: each supported member is read by the reader for its suffix, within zip-bomb limits.

Members are read one after the other from the open archive (JSON Lines and CSV members are
streamed); a bad member is yielded as a Skip ("member: reason") and the others are read."""
from __future__ import annotations

import os
import zipfile
from typing import BinaryIO, Callable, Iterator

from corpus.document import Document, ReadError, Skip
from corpus.readers.decode import MiB, READ_ERRORS, size_error

Reader = Callable[[BinaryIO, "int | None", str, str], Iterator["Document | Skip"]]

MAX_TOTAL_BYTES = 512 * MiB      # all readable members together, uncompressed
MAX_RATIO = 200                  # uncompressed / compressed, for members over RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1 * MiB


def unsafe_name(name: str) -> bool:
    """An absolute member name (/x, \\x, C:x) or one with a ".." part: never a path to trust."""
    parts = name.replace("\\", "/").split("/")
    drive = name[:1].isascii() and name[:1].isalpha() and name[1:2] == ":"
    return name.startswith(("/", "\\")) or drive or ".." in parts


def _readable(info: zipfile.ZipInfo, readers: dict[str, Reader]) -> bool:
    """Not a folder, not hidden, and of a supported suffix (nested zips are not in `readers`)."""
    parts = info.filename.split("/")
    return (not info.is_dir() and not any(p.startswith(".") or p == "__MACOSX" for p in parts)
            and os.path.splitext(info.filename)[1].lower() in readers)


def read_zip(f: BinaryIO, size: int | None, path: str, name: str, readers: dict[str, Reader],
             settle: Callable[[Iterator, str], Iterator]) -> Iterator[Document | Skip]:
    """Documents of every readable member; ids fall back to f"{name}!{member}".

    `settle(items, empty)` turns a member without articles into one ReadError (its reason)."""
    try:
        z = zipfile.ZipFile(f)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, *READ_ERRORS) as e:
        raise ReadError(f"not a valid zip archive ({e})") from None
    with z:
        unsafe = [info for info in z.infolist() if unsafe_name(info.filename) and not info.is_dir()]
        members = [info for info in z.infolist() if _readable(info, readers) and info not in unsafe]
        if not members and not unsafe:
            raise ReadError("no supported files in archive")
        for info in unsafe:
            yield Skip(f"{info.filename}: unsafe member name (absolute or with ..), skipped")
        total = sum(info.file_size for info in members)     # zipfile stops a member at its declared size
        if total > MAX_TOTAL_BYTES:
            raise size_error("archive too large when unpacked", total, MAX_TOTAL_BYTES)
        for info in members:
            reader = readers[os.path.splitext(info.filename)[1].lower()]
            try:
                if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * info.compress_size:
                    raise ReadError(f"compression ratio {info.file_size // max(info.compress_size, 1)}:1 "
                                    "looks like a zip bomb")
                try:
                    member = z.open(info)
                except READ_ERRORS as e:
                    raise ReadError(f"corrupt or unsupported member ({e})") from None
                with member:
                    for item in settle(reader(member, info.file_size, path, f"{name}!{info.filename}"),
                                       "no articles found"):
                        yield Skip(f"{info.filename}: {item.reason}", item.count) if isinstance(item, Skip) else item
            except ReadError as e:
                yield Skip(f"{info.filename}: {e}")
            except READ_ERRORS as e:
                yield Skip(f"{info.filename}: corrupt or unsupported member ({e})")
