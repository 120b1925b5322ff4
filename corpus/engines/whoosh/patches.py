"""Every change this engine makes to whoosh-reloaded's own classes, in one place,
installed by store.py before it opens or creates an index (idempotent).

whoosh-reloaded is pinned (pyproject.toml); tests/test_whoosh_patches.py holds the source of
each Whoosh function patched here to the fingerprint of that release, so an upgrade fails it
and these patches are looked at again.

* W3TermInfo.set_inline: 2.7.5 calls this misspelt name when it inlines short posting lists
  (fastwrite.INLINE_LIMIT); it exists as set_inlined.
* W3Codec.postings_reader: Whoosh reads an inlined list of a value-less format (ID, DATETIME:
  the writer keeps no empty values) through a ListMatcher whose value() is the str "", which
  merging segments rejects (`vbytes=''`); ours gives what a block of that format reads:
  None per posting.
* ListMatcher.copy: keeps the term info its block bounds come from.
* compound.BufferFile: compound segments open their files as sharedfile.SharedBufferFile
  (read in place from the segment's memory map, a read position per thread).
"""
from __future__ import annotations

from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.filedb import compound
from whoosh.matching import ListMatcher

from corpus.engines.whoosh.sharedfile import SharedBufferFile

STOCK_POSTINGS_READER = W3Codec.postings_reader
STOCK_LIST_COPY = ListMatcher.copy
STOCK_BUFFER_FILE = compound.BufferFile


def _postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
    m = STOCK_POSTINGS_READER(self, dbfile, terminfo, format_, term, scorer)
    if terminfo.is_inlined() and not m._values:
        m._values = (None,) * len(m._ids)
    return m


def _copy(self):
    return ListMatcher(self._ids, self._weights, self._values, self._format, self._scorer,
                       self._i, self._all_weights, self._term, self._terminfo)


def install() -> None:
    if not hasattr(W3TermInfo, "set_inline"):
        W3TermInfo.set_inline = W3TermInfo.set_inlined
    W3Codec.postings_reader = _postings_reader
    ListMatcher.copy = _copy
    compound.BufferFile = SharedBufferFile
