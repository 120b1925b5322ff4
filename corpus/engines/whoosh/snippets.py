"""Where a Whoosh hit matches: character offsets read from the stored postings (no
re-analysis), cut into snippets by corpus/highlight.py."""
from __future__ import annotations

from bisect import bisect_left

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, AndNot, Not

from corpus.analysis import analyze_word
from corpus.engines.whoosh.maxor import MaxOr

MAX_EXPANDED_TERMS = 64


def _searched_part(node) -> list | None:
    """T of the compiled ranking_only(T, hints) (querylang), else None: MaxOr([T, And([T,
    hints])]), or, where T is itself alternatives that Whoosh flattened into the outer MaxOr,
    MaxOr([t1, t2, And([MaxOr([t1, t2]), hints])]); T as a list of queries."""
    if not isinstance(node, MaxOr) or len(node.subqueries) < 2:
        return None
    *rest, last = node.subqueries
    if not (isinstance(last, And) and len(last.subqueries) == 2):
        return None
    inner = last.subqueries[0]
    if rest == [inner] or isinstance(inner, MaxOr) and list(inner.subqueries) == rest:
        return rest
    return None


def positive_terms(q, reader) -> dict[str, set[str]]:
    """field -> words that a hit may match (negated parts and ranking-only hints left out;
    prefixes expanded)."""
    out: dict[str, set[str]] = {}

    def walk(node):
        if isinstance(node, Not):
            return
        if isinstance(node, AndNot):
            walk(node.a)
            return
        if (base := _searched_part(node)) is not None:
            for part in base:
                walk(part)
            return
        if node.is_leaf():
            for field, btext in list(node.existing_terms(reader, expand=True))[:MAX_EXPANDED_TERMS]:
                words = out.setdefault(field, set())
                if len(words) < MAX_EXPANDED_TERMS:     # an expanded wildcard: its first words
                    words.add(btext.decode("utf-8") if isinstance(btext, bytes) else btext)
            return
        for child in node.children():
            walk(child)

    walk(q)
    # exact-form matches are shown on the stemmed text: their stems are in `body`/`title`
    for word in out.pop("exact", ()):
        stem = analyze_word(word)[1]
        for field in ("title", "body"):
            out.setdefault(field, set()).add(stem)
    return out


def match_spans(searcher, field: str, words: set[str], docnums: list[int],
                characters=None) -> dict[int, list[tuple[int, int]]]:
    """docnum -> sorted (start, end) character spans of `words` in `field`, for each docnum.

    `characters(field, word, sorted docnums)`, when given (fastsearch.Run.characters), finds
    the values from cached posting arrays and block offsets, or returns None. Otherwise each
    word's postings are read segment by segment, skipping whole blocks by their headers and
    decoding only the blocks that hold one of `docnums`."""
    spans: dict[int, list[tuple[int, int]]] = {d: [] for d in docnums}
    ordered = sorted(spans)
    if not words or not ordered:
        return spans
    walk = []
    for word in words:
        found = characters(field, word, ordered) if characters is not None else None
        if found is None:
            walk.append(word)
            continue
        for d, chars in found:
            spans[d].extend((s, e) for _, s, e in chars)
    for sub, offset in searcher.leaf_searchers() if walk else ():
        r = sub.reader()
        n = r.doc_count_all()
        targets = [d - offset for d in ordered if offset <= d < offset + n]
        if not targets:
            continue
        for word in walk:
            try:
                if (field, word) not in r:
                    continue
                m = r.postings(field, word)
            except Exception:       # TermNotFound: the word is not in this field at all
                continue
            if type(m) is FilterMatcher:    # deleted documents: never among `docnums`
                m = m.child
            for d, chars in _characters_at(m, targets):
                spans[d + offset].extend((s, e) for _, s, e in chars)
    for d in spans:
        spans[d].sort()
    return spans


def _characters_at(m, targets: list[int]):
    """(docnum, [(pos, start, end)]) for those of the sorted `targets` in matcher `m`."""
    if type(m) is W3LeafMatcher:
        for d in targets:
            if not m.is_active():
                return
            if m.block_max_id() < d:        # skip blocks reading their headers only
                while m.is_active() and m.block_max_id() < d:
                    m._next_block()
                if not m.is_active():
                    return
            if m._ids is None:
                m._read_ids()
            i = bisect_left(m._ids, d, m._i)
            m._i = i                        # i < block length: the block's last id is >= d
            if m._ids[i] == d:
                yield d, m.value_as("characters")
        return
    for d in targets:
        if not m.is_active():
            return
        if m.id() < d:
            m.skip_to(d)
        if m.is_active() and m.id() == d:
            yield d, m.value_as("characters")
