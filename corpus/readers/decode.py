"""Raw input: open a file, read it whole within a size limit or stream it line by line, and decode
its bytes to text (UTF-8, UTF-16 with or without a BOM, or Arabic Windows cp1256)."""
from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
import zipfile
import zlib
from typing import BinaryIO, Iterator

from corpus.document import ReadError

MiB = 1 << 20


def _limit_from_env() -> int:
    try:
        return int(float(os.environ.get("CORPUS_MAX_FILE_MB", "32")) * MiB)
    except ValueError:
        return 32 * MiB


MAX_FILE_BYTES = _limit_from_env()  # a file read whole (.json, .txt, a zip member of those); also the longest line streamed
SNIFF_BYTES = 8192              # NUL bytes in this prefix mean binary
SAMPLE_CHARS = 65536            # how much of a cp1256 candidate is checked
SAMPLE_BYTES = 65536            # how much of a streamed file decides its encoding
CHUNK_BYTES = 1 * MiB           # streamed files are read in chunks of this size
MIN_TEXT_SHARE = 0.7            # letters and spaces among all characters
MIN_ARABIC_SHARE = 0.3          # Arabic letters among all letters
MAX_CONTROL_SHARE = 0.01        # control characters tolerated before calling it binary
MIN_UTF16_NUL_SHARE = 0.1       # UTF-16 without a BOM: code units with a NUL half (ASCII, spaces, digits)
NUL_LINE = "NUL bytes (binary data) in the line"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LETTER_OR_SPACE = re.compile(r"[^\W\d_]|\s")
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC = re.compile(r"[\u0621-\u064a]")
_ESCAPED = re.compile("[\udc80-\udcff]")     # undecodable bytes, kept by the surrogateescape handler

# What reading a file or a zip member can raise besides ReadError.
READ_ERRORS = (OSError, EOFError, zlib.error, zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError)


def size_error(what: str, size: int, limit: int) -> ReadError:
    return ReadError(f"{what} ({size / MiB:.1f} MB > {limit / MiB:g} MB limit)")


@contextlib.contextmanager
def open_file(path: str) -> Iterator[tuple[BinaryIO, int]]:
    """Open a regular, non-empty file for binary reading: (file, size). Size limits are the readers'."""
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise ReadError("is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise ReadError("not a regular file")
        if st.st_size == 0:
            raise ReadError("empty file")
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
        yield f, st.st_size


def read_some(f: BinaryIO, n: int) -> bytes:
    try:
        return f.read(n)
    except OSError as e:
        raise ReadError(f"cannot read file ({e.strerror or e})") from None
    except READ_ERRORS as e:            # zlib.error, BadZipFile (bad CRC), EOFError ... from a zip member
        raise ReadError(f"corrupt or unsupported data ({e})") from None


def read_whole(f: BinaryIO, size: int | None, limit: int | None = None, what: str = "file too large") -> bytes:
    """All of a file that must be held in memory, within `limit` (default MAX_FILE_BYTES)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    if size is not None and size > limit:
        raise size_error(what, size, limit)
    data = read_some(f, limit + 1)          # bounded: declared sizes are not trusted alone
    if len(data) > limit:
        raise size_error(what, len(data), limit)
    return data


def decode(data: bytes) -> str:
    """UTF-8 (BOM stripped), UTF-16 with a BOM or with the NULs of one (_utf16_without_bom), else
    Arabic Windows cp1256 if the result reads as Arabic text."""
    if not data.strip():
        raise ReadError("empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):     # before the NUL test: UTF-16 is full of NULs
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError("invalid UTF-16 text") from None
        _not_binary(text)                   # UTF-32 also starts with the UTF-16 LE BOM
    elif b"\0" in data[:SNIFF_BYTES]:
        encoding = _utf16_without_bom(data, True)
        if not encoding:
            raise ReadError("binary file, not text")
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise ReadError("invalid UTF-16 text") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # UTF-8 with a few stray bytes (U+FFFD for them), before cp1256: UTF-8 Arabic also "looks" cp1256
            text = data.decode("utf-8-sig", "replace") if _mostly_utf8(data, True) else _cp1256(data)
    if not text.strip():
        raise ReadError("empty file")
    return text


def _not_binary(text: str) -> None:
    sample = text[:SAMPLE_CHARS]
    if len(_CONTROL.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        raise ReadError("binary file, not text")


def _cp1256(data: bytes) -> str:
    text = data.decode("cp1256")        # cp1256 maps every byte, so the result is judged by its look
    _not_binary(text)
    sample = text[:SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    if (len(_LETTER_OR_SPACE.findall(sample)) < MIN_TEXT_SHARE * len(sample)
            or len(_ARABIC.findall(sample)) < MIN_ARABIC_SHARE * max(letters, 1)):
        raise ReadError("not UTF-8 or cp1256 text")
    return text


def _utf16_without_bom(sample: bytes, complete: bool) -> str | None:
    """utf-16-le / utf-16-be when NULs fall on one side of the code units only (the high byte of
    ASCII, spaces and digits; Arabic letters have 0x06 there) and the text has no control characters."""
    sample = sample[:SAMPLE_BYTES]
    units = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for encoding, nuls, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if units and nuls >= MIN_UTF16_NUL_SHARE * units and others <= MAX_CONTROL_SHARE * units:
            try:
                _not_binary(codecs.getincrementaldecoder(encoding)().decode(sample, complete))
            except (UnicodeDecodeError, ReadError):
                return None
            return encoding
    return None


def _without_nul_lines(sample: bytes) -> bytes:
    """The lines of a streamed sample without NULs (text_lines skips the others); binary if
    there are more lines with NULs than without."""
    lines = sample.split(b"\n")
    good = [ln for ln in lines if b"\0" not in ln]
    if len(lines) - len(good) > sum(1 for ln in good if ln.strip()):
        raise ReadError("binary file, not text")
    return b"\n".join(good)


def sniff(sample: bytes, complete: bool) -> str:
    """The encoding of a streamed file from its first bytes (`complete`: the sample is the whole file)."""
    if complete and not sample.strip():
        raise ReadError("empty file")
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            _not_binary(codecs.getincrementaldecoder("utf-16")().decode(sample, complete))
        except UnicodeDecodeError:
            raise ReadError("invalid UTF-16 text") from None
        return "utf-16"
    if b"\0" in sample:                     # the whole sample: its NUL lines are left out below
        encoding = _utf16_without_bom(sample, complete)
        if encoding:
            return encoding
        sample = _without_nul_lines(sample)     # a few bad lines: skipped, the rest judged
    if _mostly_utf8(sample, complete):       # the lines with stray bytes are skipped
        return "utf-8-sig"
    _cp1256(sample)
    return "cp1256"


def _mostly_utf8(data: bytes, complete: bool) -> bool:
    """UTF-8, but for at most 1% stray bytes (a cut last character is fine), and not binary."""
    text = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode(data[:SAMPLE_BYTES], complete)
    if len(_ESCAPED.findall(text)) > MAX_CONTROL_SHARE * len(text):
        return False
    _not_binary(text)
    return True


def text_lines(f: BinaryIO) -> Iterator[tuple[int, str, str]]:
    """A text file streamed as (line number, line with its "\\n", problem) in bounded memory.

    The encoding is decided from the first SAMPLE_BYTES (ReadError if it is not text). Lines are
    split at "\\n" only (JSON strings may hold U+2028). `problem` is "" for a good line, else the
    reason it is unusable (then the line is ""): bytes that are not UTF-8 in a UTF-8 file, NUL
    bytes, or a line longer than MAX_FILE_BYTES characters."""
    chunk = read_some(f, SAMPLE_BYTES)
    while len(chunk) < SAMPLE_BYTES and (more := read_some(f, SAMPLE_BYTES - len(chunk))):
        chunk += more       # a zip member or pipe may return less than asked
    encoding = sniff(chunk, len(chunk) < SAMPLE_BYTES)
    utf8 = encoding == "utf-8-sig"
    decoder = codecs.getincrementaldecoder(encoding)("surrogateescape" if utf8 else "strict")
    limit = MAX_FILE_BYTES
    n, carry, carry_len, too_long = 0, [], 0, False
    while True:
        final = not chunk
        try:
            text = decoder.decode(chunk, final)
        except UnicodeDecodeError:
            raise ReadError(f"invalid {encoding.upper()} text after line {n}") from None
        parts = text.split("\n")
        for part in parts[:-1]:
            n += 1
            if too_long or carry_len + len(part) > limit:
                yield n, "", f"line longer than {limit / MiB:g} MB"
            else:
                line = "".join(carry) + part + "\n"
                bad = _line_problem(line, utf8)
                yield n, "" if bad else line, bad
            carry, carry_len, too_long = [], 0, False
        last = parts[-1]
        if not too_long and last:
            if carry_len + len(last) > limit:
                carry, carry_len, too_long = [], 0, True
            else:
                carry.append(last)
                carry_len += len(last)
        if final:
            break
        chunk = read_some(f, CHUNK_BYTES)
    if carry or too_long:
        n += 1
        line = "".join(carry)
        if too_long:
            yield n, "", f"line longer than {limit / MiB:g} MB"
        else:
            bad = _line_problem(line, utf8)
            yield n, "" if bad else line, bad


def _line_problem(line: str, utf8: bool) -> str:
    if "\0" in line:
        return NUL_LINE
    return "not valid UTF-8 text" if utf8 and _ESCAPED.search(line) else ""
