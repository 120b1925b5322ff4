"""Story grouping: near-duplicate articles (one wire story printed by several papers).

At index time each document gets a MinHash signature of its word shingles and LSH band
keys (stored in a keyword field, so an engine finds the candidates that share a band);
a document joins the story of its most similar candidate when their estimated Jaccard
similarity reaches THRESHOLD, else it starts a story of its own (story = its id).

    assigner = StoryAssigner(lookup)     # lookup(keys) -> [(id, story, minhash)] in the index
    assigner.assign(doc)                 # sets doc.story, doc.story_bands, doc.minhash

Incremental: documents of this run are found in memory, earlier ones through the engine.
"""
from __future__ import annotations

import base64
import hashlib
import zlib
from typing import Callable, Iterable

import numpy as np
from datasketch import MinHash

from corpus.analysis.analyzer import exact_words

SHINGLE = 3             # words per shingle (exact forms, stopwords removed)
MAX_WORDS = 400         # the head of an article is enough to recognise a wire story
MIN_SHINGLES = 8        # shorter texts are never grouped (captions, one-liners)
BANDS, ROWS = 16, 4     # LSH: 64 hash values; pairs above ~0.5 Jaccard share a band
NUM_PERM = BANDS * ROWS
THRESHOLD = 0.5         # estimated Jaccard similarity that makes two articles one story
SEED = 20240901

_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")

Lookup = Callable[[list[str]], Iterable[tuple[str, str, str]]]


def head_words(text: str, limit: int = MAX_WORDS) -> list[str]:
    """The exact forms of the first `limit` non-stopwords (the rest is never analysed)."""
    return exact_words(text, limit)


def shingles(text: str) -> set[bytes]:
    words = head_words(text)
    return {" ".join(words[i:i + SHINGLE]).encode("utf-8")
            for i in range(max(0, len(words) - SHINGLE + 1))}


def signature(text: str) -> np.ndarray | None:
    """The MinHash values of a text's shingles, or None when it is too short to group."""
    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None
    m = MinHash(num_perm=NUM_PERM, scheme="affine32", permutations=_TEMPLATE.permutations,
                hashfunc=zlib.crc32)
    m.update_batch(sh)
    return m.hashvalues


def band_keys(sig: np.ndarray) -> list[str]:
    """One key per band: the band number and a hash of its rows."""
    return [f"{b:02d}" + hashlib.blake2b(sig[b * ROWS:(b + 1) * ROWS].tobytes(),
                                         digest_size=8).hexdigest()
            for b in range(BANDS)]


def encode(sig: np.ndarray) -> str:
    return base64.b64encode(sig.astype("<u4").tobytes()).decode("ascii")


def decode(text: str) -> np.ndarray | None:
    try:
        sig = np.frombuffer(base64.b64decode(text), dtype="<u4")
    except (ValueError, TypeError):
        return None
    return sig if len(sig) == NUM_PERM else None


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def story_text(doc) -> str:
    """What is compared: the body (the title too when the body is short)."""
    return doc.body if len(doc.body) >= 200 else f"{doc.title}\n{doc.body}"


def doc_signature(doc) -> np.ndarray | None:
    return signature(story_text(doc))


def text_signatures(texts: list[str]) -> list[np.ndarray | None]:
    """Signatures of many texts (what a worker process computes for the indexer)."""
    return [signature(t) for t in texts]


class StoryAssigner:
    """Gives each document of an indexing run its story (see the module doc)."""

    def __init__(self, lookup: Lookup | None = None):
        self.lookup = lookup
        # band key -> the (id, story, signature) of this run's documents with it: one tuple
        # per document, shared by its keys; a list only where documents share a key
        self._bands: dict[str, tuple | list[tuple]] = {}

    def assign(self, doc, sig: np.ndarray | None | bool = False) -> None:
        """`sig`: the document's signature when already computed (see doc_signature)."""
        if sig is False:
            sig = doc_signature(doc)
        if sig is None:
            doc.story, doc.story_bands, doc.minhash = doc.id, (), ""
            return
        keys = band_keys(sig)
        best, best_sim = None, THRESHOLD
        for cand_id, story, cand_sig in self._candidates(keys):
            if cand_id == doc.id:
                continue        # its own earlier version
            sim = similarity(sig, cand_sig)
            if sim >= best_sim and (best is None or sim > best_sim or story < best):
                best, best_sim = story, sim
        doc.story = best or doc.id
        doc.story_bands, doc.minhash = tuple(keys), encode(sig)
        entry, bands = (doc.id, doc.story, sig), self._bands
        for k in keys:
            there = bands.setdefault(k, entry)
            if there is not entry:
                if isinstance(there, tuple):
                    bands[k] = [there, entry]
                else:
                    there.append(entry)

    def _candidates(self, keys: list[str]):
        seen = set()
        for k in keys:
            there = self._bands.get(k, ())
            for entry in (there,) if isinstance(there, tuple) and there else there:
                if entry[0] not in seen:
                    seen.add(entry[0])
                    yield entry
        if self.lookup is not None:
            for cand_id, story, text in self.lookup(keys):
                sig = decode(text) if cand_id not in seen else None
                if sig is not None:
                    seen.add(cand_id)
                    yield cand_id, story, sig


def needs_rebuild_message(where: str) -> str:
    return (f"{where} was built before story grouping (near-duplicate detection) existed; "
            f"rebuild it once with `corpus index --rebuild` (same --engine/--index)")
