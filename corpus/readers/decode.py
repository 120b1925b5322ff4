"""Raw input: open a file within the size limit and decode its bytes to text."""
from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
from typing import BinaryIO, Iterator

from corpus.document import ReadError

MiB = 1 << 20


def _limit_from_env() -> int:
    try:
        return int(float(os.environ.get("CORPUS_MAX_FILE_MB", "32")) * MiB)
    except ValueError:
        return 32 * MiB


MAX_FILE_BYTES = _limit_from_env()
SNIFF_BYTES = 8192              # NUL bytes in this prefix mean binary
SAMPLE_CHARS = 65536            # how much of a cp1256 candidate is checked
MIN_TEXT_SHARE = 0.7            # letters and spaces among all characters
MIN_ARABIC_SHARE = 0.3          # Arabic letters among all letters
MAX_CONTROL_SHARE = 0.01        # control characters tolerated before calling it binary

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LETTER_OR_SPACE = re.compile(r"[^\W\d_]|\s")
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC = re.compile(r"[\u0621-\u064a]")


def size_error(what: str, size: int, limit: int) -> ReadError:
    return ReadError(f"{what} ({size / MiB:.1f} MB > {limit / MiB:g} MB limit)")


@contextlib.contextmanager
def open_file(path: str) -> Iterator[BinaryIO]:
    """Open a regular, non-empty file no larger than MAX_FILE_BYTES for binary reading."""
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise ReadError("is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise ReadError("not a regular file")
        if st.st_size == 0:
            raise ReadError("empty file")
        if st.st_size > MAX_FILE_BYTES:
            raise size_error("file too large", st.st_size, MAX_FILE_BYTES)
        f = open(path, "rb")
    except FileNotFoundError:
        raise ReadError("file not found") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except OSError as e:
        raise ReadError(f"cannot open file ({e.strerror or e})") from None
    except ValueError:
        raise ReadError("invalid file name") from None
    with f:
        yield f


def read_bytes(path: str) -> bytes:
    with open_file(path) as f:
        try:
            data = f.read(MAX_FILE_BYTES + 1)
        except OSError as e:
            raise ReadError(f"cannot read file ({e.strerror or e})") from None
    if len(data) > MAX_FILE_BYTES:         # the file grew after stat
        raise size_error("file too large", len(data), MAX_FILE_BYTES)
    return data


def decode(data: bytes) -> str:
    """UTF-8 (BOM stripped), UTF-16 with a BOM, else Arabic Windows cp1256 if the result reads as Arabic text."""
    if not data.strip():
        raise ReadError("empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):     # before the NUL test: UTF-16 is full of NULs
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError("invalid UTF-16 text") from None
    elif b"\0" in data[:SNIFF_BYTES]:
        raise ReadError("binary file, not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _cp1256(data)
    if not text.strip():
        raise ReadError("empty file")
    return text


def _cp1256(data: bytes) -> str:
    text = data.decode("cp1256")        # cp1256 maps every byte, so the result is judged by its look
    sample = text[:SAMPLE_CHARS]
    if len(_CONTROL.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        raise ReadError("binary file, not text")
    letters = len(_LETTER.findall(sample))
    if (len(_LETTER_OR_SPACE.findall(sample)) < MIN_TEXT_SHARE * len(sample)
            or len(_ARABIC.findall(sample)) < MIN_ARABIC_SHARE * max(letters, 1)):
        raise ReadError("not UTF-8 or cp1256 text")
    return text
