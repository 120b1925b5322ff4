"""The patches of corpus/engines/whoosh/patches.py hold for the whoosh-reloaded they were
written against: each patched Whoosh function's source has that release's fingerprint (an
upgrade fails here, and the patches are looked at again), and installing is idempotent."""
from __future__ import annotations

import hashlib
import inspect

import pytest
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.filedb import compound
from whoosh.filedb.filetables import HashWriter
from whoosh.matching import ListMatcher

from corpus.engines.whoosh import patches
from corpus.engines.whoosh.sharedfile import SharedBufferFile

# sha256 (first 16 hex digits) of inspect.getsource at whoosh-reloaded 2.7.5
FINGERPRINTS = {
    "W3Codec.postings_reader": (patches.STOCK_POSTINGS_READER, "339e62c08607b880"),
    "ListMatcher.copy": (patches.STOCK_LIST_COPY, "03f63fbd4236d2e5"),
    "compound.BufferFile": (patches.STOCK_BUFFER_FILE, "5ab15f6e9f87cde5"),
    "W3TermInfo.set_inlined": (W3TermInfo.set_inlined, "85e5ff4e1876ec7e"),
    # fastwrite._write_hashes writes the term table's hash tables as it does
    "HashWriter._write_hashes": (HashWriter._write_hashes, "3455643a570eaced"),
}


@pytest.mark.parametrize("name", FINGERPRINTS)
def test_patched_whoosh_code_is_the_release_the_patches_were_written_for(name):
    stock, expected = FINGERPRINTS[name]
    assert hashlib.sha256(inspect.getsource(stock).encode()).hexdigest()[:16] == expected, \
        f"whoosh-reloaded's {name} changed: review corpus/engines/whoosh/patches.py"


def test_install_is_idempotent_and_complete():
    patches.install()
    patches.install()
    assert W3TermInfo.set_inline is W3TermInfo.set_inlined
    assert W3Codec.postings_reader is patches._postings_reader
    assert ListMatcher.copy is patches._copy
    assert compound.BufferFile is SharedBufferFile
