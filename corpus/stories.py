"""Story grouping: near-duplicate articles (one wire story or press release printed by several
papers, whole or cut, with small edits).

Each document gets a fingerprint of the head of its text (its dateline and footer cut, so the
same wire text under another paper's dateline or link line agrees): the ordered hashes of its word
shingles (3 words, stems, stopwords out, so spelling variants such as اموال/أموال or
رسمياً/رسميا and عبد الملك/عبدالملك agree), the hashes of its title words, its date and (16
bits of) its source. Candidates come from LSH band keys (MinHash of the head, and of its lead:
a paper that cuts a wire report keeps its lead) and a key of the title's words, stored in a
keyword field so an engine finds them. A candidate is then compared exactly:

    similarity = max(Jaccard of the shingles,
                     Jaccard of the shorter text and the longer's lead of the same length)
                 (the lead only when the titles share LEAD_TITLE of their words: a roundup
                 that opens with another article's text runs under a broader headline)
    same story when similarity >= SAME, or when the two were published within NEAR_DAYS
    days and similarity >= HALF, or within NEAR_DAYS, similarity >= CLOSE and their titles
    share TITLE_SHARE of their words, or (a release other papers print days later) from two
    sources within WINDOW_DAYS, similarity >= WINDOW_SIM and titles sharing WINDOW_TITLE.

The looser rules catch edited copies of one press release (a new lead, a cut ending)
without joining template look-alikes (cables to different presidents, statements naming
different soldiers), which are published on other days, by the same paper or under other
titles. Measured on hand-labelled hard pairs: bench/stories_eval.py.

A document joins the story of its most similar candidate, if it is a near copy of it (COPY),
or else the same story by the rules with at least half of that story's documents it was
compared with, the story's first document among them (the engine's lookup brings it): a
document that is like one member of a story only (a roundup, a template) does not chain two
stories into one. Failing that, a rewrite of one release (another paper's, within
REWRITE_DAYS, similarity >= REWRITE_SIM, each headline's words found in the other's text:
see rewrite), or one release under (nearly) one headline (two sources within REWRITE_DAYS,
headlines sharing RETITLE_SHARE of their words, a tenth of the text, the leads partly shared: see
retitled), joins a story when it is a rewrite or retitled copy, or the same story by the rules,
of every document of it compared. Otherwise it starts a story of its own (story = its id).

    assigner = StoryAssigner(lookup)     # lookup(keys) -> [(id, story, fingerprint)] in the index,
                                         # the CHECK sharing the most keys and their stories' first
    assigner.assign(doc)                 # sets doc.story, doc.story_bands, doc.minhash

Incremental: documents of this run are found in memory, earlier ones through the engine.
"""
from __future__ import annotations

import base64
import hashlib
import re
import struct
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

import numpy as np

from corpus.analysis.analyzer import TOKEN, analyze_word
from corpus.messages import Notice

# The story grouping an index was built with (its meta's "stories"; 1 before fingerprints).
VERSION = 7
SHINGLE = 3             # words per shingle
MAX_WORDS = 400         # the head of an article is enough to recognise a wire story
LEAD_WORDS = 60         # the lead a paper keeps when it cuts a report
MIN_SHINGLES = 8        # shorter texts are never grouped (captions, one-liners)
BANDS, ROWS = 32, 2     # head MinHash: a pair of Jaccard 0.3 shares a band with p ~ 0.95
LEAD_BANDS = 16         # lead MinHash: the first 32 values, also 2 rows a band
NUM_PERM = BANDS * ROWS
SAME = 0.6              # similarity that makes two articles one story on any day
HALF = 0.5              # ... within NEAR_DAYS
CLOSE = 0.3             # ... within NEAR_DAYS when the titles share TITLE_SHARE of their words
WINDOW_SIM = 0.35       # ... within WINDOW_DAYS, two sources, titles sharing WINDOW_TITLE
NEAR_DAYS = 1
WINDOW_DAYS = 4         # a release printed by other papers days later
TITLE_SHARE = 0.25
WINDOW_TITLE = 0.6
LEAD_TITLE = 0.1        # titles share this much when the shorter text is the longer's lead
OWN_TITLE = 0.6         # one paper's two texts below HALF: titles sharing this much (its templates)
CONTAIN = 0.6           # a short copy inside a longer text, the same day: this much of it there,
CONTAIN_JAC = 0.2       # ... Jaccard at least this,
CONTAIN_TITLE = 0.2     # ... and titles sharing this much of their words
REWRITE_DAYS = 2        # a rewrite of one release, two sources within this many days:
REWRITE_SIM = 0.3       # ... similarity at least this,
HEADLINE_KEPT = 0.8     # ... and each headline's words found (this share) in the other's headline or text
RETITLE_SHARE = 0.75    # one headline over two texts, two sources within REWRITE_DAYS: the headlines'
#                         words (stems) this much the same (Jaccard: quote marks, diacritics, a word
#                         or a trailing phrase apart),
RETITLE_WORDS = 5       # ... each headline at least this many words (short ones are generic),
RETITLE_SIM = 0.1       # ... the texts this similar,
RETITLE_LEAD = 30       # ... and this many shingles of each one's lead,
RETITLE_LEAD_FOUND = 0.15   # ... this share of them, found in the other text
LEAD_SLACK = 1.3        # the longer's lead is compared over 1.3 x the shorter's length
COPY = 0.8              # a near copy: joins a story through any one of its documents
BAND_KEEP = 64          # candidates kept per band key in memory (boilerplate leads repeat)
CHECK = 16              # candidates compared exactly: those sharing the most band keys
SEED = 20240901

Lookup = Callable[[list[str]], Iterable[tuple[str, str, str]]]


@dataclass
class Fingerprint:
    shingles: np.ndarray        # uint32 hashes of the head's shingles, in text order
    title: np.ndarray           # uint32 hashes of the title's words (sorted, unique)
    day: int = -1               # proleptic ordinal of the date, -1 unknown
    source: int = 0             # 16 bits of the source's hash, 0 unknown
    keys: list[str] | None = None   # its band_keys, when a worker computed them
    words: np.ndarray | None = None     # uint16: the low 16 bits of the hashes of the head's
    #                                     and the title's words (sorted, unique)

    def __post_init__(self):
        self.unique = np.unique(self.shingles)
        if self.words is None:
            self.words = np.unique(self.title.astype(np.uint16))

    def encode(self) -> str:
        head = struct.pack("<BHHHi", VERSION, len(self.title), len(self.words), self.source, self.day)
        return base64.b64encode(head + self.title.astype("<u4").tobytes()
                                + self.shingles.astype("<u4").tobytes()
                                + self.words.astype("<u2").tobytes()).decode("ascii")


_HEADER = struct.calcsize("<BHHHi")


def decode(text: str) -> Fingerprint | None:
    """A stored fingerprint, or None (unreadable, or from an older story grouping)."""
    try:
        raw = base64.b64decode(text)
        version, n_title, n_words, source, day = struct.unpack_from("<BHHHi", raw)
    except (ValueError, TypeError, struct.error):
        return None
    hashes = len(raw) - _HEADER - 2 * n_words
    if version != VERSION or hashes < 4 * n_title or hashes % 4:
        return None
    words = np.frombuffer(raw, dtype="<u4", offset=_HEADER, count=hashes // 4)
    return Fingerprint(shingles=words[n_title:], title=words[:n_title], day=day, source=source,
                       words=np.frombuffer(raw, dtype="<u2", offset=_HEADER + hashes))


# What copies of one text differ by besides the text, cut before shingling: a dateline or byline
# at the start ("عين اليوم – الرياض", "عبدالله البرقاوي- سبق- الرياض:", SPA's "بريدة 25 شوال
# 1436 هـ الموافق 10 اغسطس 2015 م واس") and a footer (a paper's link line, tags, "// انتهى //",
# a columnist's SMS line).
_DATELINE = re.compile(
    r"^\s*(?:Next Previous\s+)?(?:"
    r"(?:\S+\s+){1,3}\d{1,2}\s+\S+\s+\d{4}\s*هـ?\s*الموافق\s+\d{1,2}\s+\S+\s+\d{4}\s*م?\s*واس\b"
    r"|(?:[^\s\-–—:.،]+(?:\s+[^\s\-–—:.،]+){0,2}\s*[-–—]\s*){1,2}(?:[^\s:.،]+(?:\s+[^\s:.،]+){0,2}\s*:)?)")
_FOOTER = re.compile(r"\s*(?:رابط الخبر بصحيفة \S+\s*:.*|//\s*(?:انتهى|يتبع)\s*//.*|سمات(?:\s+\S+){1,15}"
                     r"|للتواصل مع الكاتب.*)\s*$", re.S)
FOOTER_CHARS = 600      # footers are looked for in the text's end only


def story_text(text: str) -> str:
    """The text without its dateline and footer."""
    text = _DATELINE.sub("", text, count=1)
    tail = len(text) - FOOTER_CHARS
    if tail <= 0:
        return _FOOTER.sub("", text, count=1)
    return text[:tail] + _FOOTER.sub("", text[tail:], count=1)


_HEADS: dict[str, tuple[str, str]] = {}     # a written word -> (what head_words keeps of it
#                                              or "" for nothing, its exact form)
_HEADS_LIMIT = 1_000_000
HEAD_CHARS = 6_000      # the text is cut into words this far first (then on, when that is short)
_SPACE = re.compile(r"\s")


def _head(raw: str) -> tuple[str, str]:
    exact, stem, stop = analyze_word(raw)
    head = ("", exact) if stop or not stem else (exact if exact.startswith("عبد") else stem, exact)
    if len(_HEADS) >= _HEADS_LIMIT:
        _HEADS.clear()
    _HEADS[raw] = head
    return head


def head_words(text: str, limit: int = MAX_WORDS) -> list[str]:
    """The stems of the first `limit` non-stopwords (the rest is never analysed). Names with
    عبد are kept whole (a stemmer would cut عبدالله), written apart or together."""
    words: list[str] = []
    get = _HEADS.get
    space = _SPACE.search(text, HEAD_CHARS) if len(text) > HEAD_CHARS else None
    cut = space.start() if space else len(text)     # no word holds a space: none is cut in two
    for part in (text[:cut], text[cut:]):
        for raw in TOKEN.findall(part):
            kept, exact = get(raw) or _head(raw)
            if not kept:
                continue
            if words and words[-1] == "عبد":
                words[-1] = "عبد" + exact
                continue
            words.append(kept)
            if len(words) == limit:
                return words
    return words


def _hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def fingerprint(title: str, text: str, day: int = -1) -> Fingerprint | None:
    """The fingerprint of a text, or None when it is too short to group."""
    words = head_words(story_text(text))
    crc32 = zlib.crc32      # _hash of each run of SHINGLE words, inlined (hundreds a document)
    shingles = [crc32(" ".join(run).encode()) for run in zip(*(words[i:] for i in range(SHINGLE)))]
    if len(set(shingles)) < MIN_SHINGLES:
        return None
    title_words = np.array(sorted({_hash(w) for w in head_words(title, 40)}), dtype=np.uint32)
    text_words = np.array([crc32(w.encode()) for w in set(words)], dtype=np.uint32)
    return Fingerprint(np.array(shingles, dtype=np.uint32), title_words, day,
                       words=np.union1d(text_words.astype(np.uint16), title_words.astype(np.uint16)))


def _permutations(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of datasketch's MinHash(num_perm=n, seed=seed, scheme="affine32"), drawn as it
    draws them (importing datasketch brings scipy: a third of a second at every start)."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, n, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    return a, gen.randint(0, 1 << 32, n, dtype=np.uint32)


# The permutations h -> a * fmix32(h) + b (mod 2^32), applied here to all of a text's
# shingles at once, the head's and the lead's MinHash from one product: the values
# datasketch computes (tests/test_stories.py compares them)
_A, _B = _permutations(SEED, NUM_PERM)


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (what datasketch's affine32 scheme mixes hashes with)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signatures(fp: Fingerprint) -> tuple[np.ndarray, np.ndarray]:
    """The MinHash of the head's shingles and of the lead's (datasketch's, as the test checks)."""
    permuted = _fmix32(fp.unique.astype(np.uint32)[:, None]) * _A + _B
    lead = np.searchsorted(fp.unique, np.unique(fp.shingles[:LEAD_WORDS]))
    return permuted.min(axis=0), permuted[lead].min(axis=0)


def band_keys(fp: Fingerprint) -> list[str]:
    """The LSH keys: one per band of the head's MinHash, one per band of the lead's, and the
    title's (its words' hashes; a text without a title: its head's MinHash, its own)."""
    head, lead = signatures(fp)
    title = fp.title.astype("<u4").tobytes() if fp.title.size else head.tobytes()
    # a band's key is its ROWS values themselves (8 bytes in hex), not a hash of them
    h, lead_hex, n = head.astype("<u4").tobytes().hex(), lead.astype("<u4").tobytes().hex(), ROWS * 8
    return ([f"h{b:02d}" + h[b * n:(b + 1) * n] for b in range(BANDS)] +
            [f"l{b:02d}" + lead_hex[b * n:(b + 1) * n] for b in range(LEAD_BANDS)] +
            ["t00" + hashlib.blake2b(title, digest_size=8).hexdigest()])


def packed_keys(keys: list[str]) -> bytes:
    """Band keys as 8 bytes each, in band_keys' order (a key's prefix is fixed by its place):
    how an engine without cheap terms keeps them (equal bytes at a place = equal keys)."""
    return b"".join(bytes.fromhex(k[3:]) for k in keys)


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard of two sorted arrays of distinct hashes."""
    both = np.intersect1d(a, b, assume_unique=True).size
    return both / (a.size + b.size - both) if both else 0.0


def similarity(a: Fingerprint, b: Fingerprint, title_share: float | None = None) -> float:
    """Jaccard of the shingles, or of the shorter text and the longer's lead if higher and the
    titles (when both have one) share LEAD_TITLE of their words (`title_share`, if computed)."""
    short, long_ = (a, b) if a.shingles.size <= b.shingles.size else (b, a)
    whole = _jaccard(a.unique, b.unique)
    if short.shingles.size == long_.shingles.size:
        return whole
    if a.title.size and b.title.size:
        if title_share is None:
            title_share = _jaccard(a.title, b.title)
        if title_share < LEAD_TITLE:
            return whole
    lead = np.unique(long_.shingles[:int(short.shingles.size * LEAD_SLACK) + SHINGLE])
    return max(whole, _jaccard(short.unique, lead))


def same_story(a: Fingerprint, b: Fingerprint) -> float:
    """The similarity of two fingerprints when it makes them one story, else 0."""
    titles = _jaccard(a.title, b.title)
    sim = similarity(a, b, titles)
    if sim >= SAME:
        return sim
    # a paper repeats its own templates (weather, markets, cables, local rain notes) under
    # other titles; it prints its own copy again under (nearly) the same title
    own = bool(a.source) and a.source == b.source
    if own and sim < HALF and titles < OWN_TITLE:
        return 0.0
    days = abs(a.day - b.day) if a.day >= 0 and b.day >= 0 else 0
    if days <= NEAR_DAYS and (sim >= HALF or (sim >= CLOSE and titles >= TITLE_SHARE)):
        return sim
    if days <= WINDOW_DAYS and not own and sim >= WINDOW_SIM and titles >= WINDOW_TITLE:
        return sim
    if days == 0 and titles >= CONTAIN_TITLE:
        # a short copy inside a longer version the same day (a cut release, a report with
        # the wire text and more): most of the short one is there
        short, long_ = (a, b) if a.unique.size <= b.unique.size else (b, a)
        both = np.intersect1d(short.unique, long_.unique, assume_unique=True).size
        if both >= CONTAIN * short.unique.size and both >= CONTAIN_JAC * (a.unique.size + b.unique.size - both):
            return both / (a.unique.size + b.unique.size - both)
    return 0.0


def _other_source_near(a: Fingerprint, b: Fingerprint) -> bool:
    """Two known sources, not one, and dates within REWRITE_DAYS (rewrite, retitled)."""
    return bool(a.source) and a.source != b.source and a.day >= 0 and b.day >= 0 \
        and abs(a.day - b.day) <= REWRITE_DAYS


def rewrite(a: Fingerprint, b: Fingerprint) -> float:
    """The similarity of two fingerprints when one rewrites the other's release, else 0: two
    sources within REWRITE_DAYS, REWRITE_SIM of the text, and each headline's words found in
    the other (a rewrite keeps the facts its headline names -- who, where, how many -- where a
    template look-alike, a cable to another president or another region's weather, names
    others). Looser than same_story: it joins a story only as a rewrite of all its documents
    compared (StoryAssigner)."""
    if not _other_source_near(a, b):
        return 0.0
    sim = similarity(a, b)
    return sim if sim >= REWRITE_SIM and headline_kept(a, b) >= HEADLINE_KEPT else 0.0


def retitled(a: Fingerprint, b: Fingerprint) -> float:
    """The similarity of two fingerprints when they print one release under (nearly) one
    headline, else 0: two sources within REWRITE_DAYS, headlines of RETITLE_WORDS or more
    sharing RETITLE_SHARE of their words, RETITLE_SIM of the text, and each one's lead partly
    in the other (one paper cut the release, another rewrote it; a roundup or a separate
    write-up under a like headline opens with other news). Like rewrite, it joins a story only
    when it holds, or another rule does, for all its documents compared (StoryAssigner)."""
    if not _other_source_near(a, b):
        return 0.0
    if min(a.title.size, b.title.size) < RETITLE_WORDS:
        return 0.0
    if _jaccard(a.title, b.title) < RETITLE_SHARE:
        return 0.0
    sim = similarity(a, b)
    if sim < RETITLE_SIM or min(np.isin(a.shingles[:RETITLE_LEAD], b.unique).mean(),
                                np.isin(b.shingles[:RETITLE_LEAD], a.unique).mean()) < RETITLE_LEAD_FOUND:
        return 0.0
    return sim


def headline_kept(a: Fingerprint, b: Fingerprint) -> float:
    """The smaller of the shares of each one's headline words found in the other's headline
    or text head (0 when either has no headline)."""
    if not a.title.size or not b.title.size:
        return 0.0
    found_a = np.isin(a.title.astype(np.uint16), b.words).mean()
    return min(found_a, np.isin(b.title.astype(np.uint16), a.words).mean())


def story_input(doc) -> tuple[str, str]:
    """What a worker process needs of a document to fingerprint it."""
    return doc.title, doc.body


def fingerprints(inputs: list[tuple[str, str]]) -> list[Fingerprint | None]:
    """Fingerprints of many (title, text) pairs, their band keys computed (what a worker
    computes for the indexer: the sequential assignment only compares)."""
    fps = [fingerprint(title, text) for title, text in inputs]
    for fp in fps:
        if fp is not None:
            fp.keys = band_keys(fp)
    return fps


def source_code(source: str) -> int:
    """16 bits of a source's hash, never 0 (0: unknown)."""
    return (_hash(source) & 0xFFFF) or 1 if source else 0


def _day(value) -> int:
    return value.toordinal() if isinstance(value, date) else -1


class StoryAssigner:
    """Gives each document of an indexing run its story (see the module doc)."""

    def __init__(self, lookup: Lookup | None = None):
        self.lookup = lookup
        # band key -> the (id, story, fingerprint) of this run's documents with it: one tuple
        # per document, shared by its keys; a list (the latest BAND_KEEP) only where
        # documents share a key -- most keys belong to one document
        self._bands: dict[str, tuple | list[tuple]] = {}
        self._roots: dict[str, Fingerprint] = {}     # story -> its first document's (this run)

    def assign(self, doc, fp: Fingerprint | None | bool = False) -> None:
        """`fp`: the document's fingerprint when already computed (see fingerprints)."""
        if fp is False:
            fp = fingerprint(*story_input(doc))
        if fp is None:
            doc.story, doc.story_bands, doc.minhash = doc.id, (), ""
            return
        fp.day, fp.source = _day(doc.date), source_code(doc.source)
        keys = fp.keys or band_keys(fp)
        best, best_sim = None, 0.0
        members: dict[str, dict[str, Fingerprint]] = {}     # story -> its documents compared
        for cand_id, story, cand in self._candidates(doc.id, keys):
            members.setdefault(story, {})[cand_id] = cand
        for story, found in members.items():
            if story in self._roots:     # this run's; the engine's lookup brings earlier ones
                found.setdefault(story, self._roots[story])
            sims = [same_story(fp, cand) for cand in found.values()]
            passed = sum(1 for x in sims if x)
            # a near copy of one document joins its story; a looser match must hold for half
            # the story's documents compared (its first one among them): no chain through
            # a third article; a rewrite (or retitled copy) must be one of every document compared
            sim = max(sims)
            if not passed or (sim < COPY and passed * 2 < len(sims)):
                sims = [x or rewrite(fp, cand) or retitled(fp, cand) for x, cand in zip(sims, found.values())]
                if not all(sims):
                    continue
                sim = max(sims)
            if best is None or sim > best_sim or (sim == best_sim and story < best):
                best, best_sim = story, sim
        doc.story = best or doc.id
        if best is None:
            self._roots[doc.id] = fp
        doc.story_bands, doc.minhash = tuple(keys), fp.encode()
        entry, bands = (doc.id, doc.story, fp), self._bands
        for k in keys:
            there = bands.setdefault(k, entry)
            if there is entry:
                continue
            if isinstance(there, tuple):
                bands[k] = [there, entry]
            else:
                there.append(entry)
                if len(there) > BAND_KEEP:
                    del there[0]

    def _candidates(self, own_id: str, keys: list[str]):
        """Up to CHECK documents of this run and CHECK of the index that share the most band
        keys with `keys` (the document's own earlier version left out)."""
        shared: Counter = Counter()
        entries = {}
        for k in keys:
            there = self._bands.get(k, ())
            for entry in (there,) if isinstance(there, tuple) and there else there:
                shared[entry[0]] += 1
                entries[entry[0]] = entry
        shared.pop(own_id, None)
        yield from (entries[i] for i, _ in shared.most_common(CHECK))
        if self.lookup is not None:
            for cand_id, story, text in self.lookup(keys):
                fp = decode(text) if cand_id not in entries and cand_id != own_id else None
                if fp is not None:
                    yield cand_id, story, fp


def current(meta: dict) -> bool:
    """Was the index with this meta built with this story grouping?"""
    return meta.get("stories", 1) == VERSION


REBUILD = Notice("rebuild_grouping")


def needs_rebuild_message(where: str) -> str:
    return Notice("rebuild_stories", where=where)
