"""Segment files read in place from the segment's memory map, by any number of threads.

Whoosh opens each file of a compound segment (.seg) as a BufferFile over a memoryview of
the segment's mmap, and BufferFile copies that view into a BytesIO: every searcher kept
a private copy of its terms and postings files (~430 MB on the 31k-article index), and
touched its own mapping of the segment besides. SharedBufferFile reads the memoryview
without copying and keeps the read position per thread (seek/tell/read are the only
stateful calls Whoosh's readers make, always within one call), so one searcher per index
version can serve every thread (searcher.WhooshCorpus). patches.install() makes Whoosh's
CompoundStorage use it; single-threaded users (the indexer) see no difference.
"""
from __future__ import annotations

import io
import pickle
import threading

from whoosh.filedb.structfile import BufferFile

_PICKLE_CHUNK = 4096


class _Cursor:
    """A read position over a memoryview (one per thread and file)."""
    __slots__ = ("buf", "pos", "size")

    def __init__(self, buf):
        self.buf, self.pos, self.size = buf, 0, len(buf)

    def read(self, n=-1):
        start = self.pos
        end = self.size if n is None or n < 0 else min(start + n, self.size)
        self.pos = end
        return bytes(self.buf[start:end])

    def readline(self, limit=-1):
        end = self.size if limit is None or limit < 0 else min(self.pos + limit, self.size)
        start = stop = self.pos
        while stop < end:
            nxt = min(stop + 256, end)
            i = bytes(self.buf[stop:nxt]).find(b"\n")
            if i >= 0:
                stop += i + 1
                break
            stop = nxt
        self.pos = stop
        return bytes(self.buf[start:stop])

    def seek(self, offset, whence=0):
        base = (0, self.pos, self.size)[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def tell(self):
        return self.pos

    def close(self):
        pass


class SharedBufferFile(BufferFile):
    """BufferFile without the copy, with a read position per thread."""

    def __init__(self, buf, name=None, onclose=None):   # noqa: D107 -- no BytesIO(buf)
        self._buf, self._name, self.onclose = buf, name, onclose
        self.is_real, self.is_closed = False, False
        self._local = threading.local()

    @property
    def file(self) -> _Cursor:
        try:
            return self._local.cursor
        except AttributeError:
            cur = self._local.cursor = _Cursor(self._buf)
            return cur

    def read_pickle(self):
        # unpickle from a bounded copy (the C unpickler reading a Python file object would
        # call it per opcode), then advance by what was consumed
        cur, size = self.file, _PICKLE_CHUNK
        while True:
            chunk = io.BytesIO(self._buf[cur.pos:cur.pos + size])
            try:
                obj = pickle.load(chunk)
            except (EOFError, pickle.UnpicklingError):
                if cur.pos + size >= cur.size:
                    raise
                size *= 8
                continue
            cur.pos += chunk.tell()
            return obj

    def close(self):
        if not self.is_closed:
            self.is_closed = True
            if self.onclose:
                self.onclose(self)
