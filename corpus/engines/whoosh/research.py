"""What the research views need from a Whoosh index: story candidates while indexing, story
grouping of a result list, the other versions of a story, document frequencies."""
from __future__ import annotations

from collections import defaultdict

import numpy as np
from whoosh import query

from corpus.engines.memo import memo_per_version
from corpus.errors import IndexProblem
from corpus.fields import stored_values
from corpus.stories import CHECK, needs_rebuild_message, packed_keys

SIMILAR_SHOWN = 10          # other versions listed under a story card


def has_stories(schema) -> bool:
    return "story" in schema.names()


# -- indexing
def story_lookup(ix, fresh: bool, where: str):
    """lookup(band keys) -> [(id, story, fingerprint)] of the live documents that share the
    most keys (stories.CHECK of them, ties to the lower docnum), for
    corpus.stories.StoryAssigner; None on a fresh run (nothing live to look at)."""
    if fresh:
        return None
    if not has_stories(ix.schema):
        raise IndexProblem(needs_rebuild_message(where))
    s = ix.searcher()
    if "story_keys" not in ix.schema:
        return _term_lookup(s)
    table = []          # the BandTable, read at the first lookup

    def lookup(keys):
        if not table:
            table.append(BandTable(s))
        return _with_first(s, [s.stored_fields(n) for n in table[0].best(keys, CHECK)])
    return lookup


def _term_lookup(s):
    """story_lookup on an index built when the band keys were terms (story_bands)."""
    def lookup(keys):
        # each shared key adds one to the score: the best are those sharing the most
        q = query.Or([query.ConstantScoreQuery(query.Term("story_bands", k)) for k in keys])
        return _with_first(s, [hit.fields() for hit in s.search(q, limit=CHECK)])
    return lookup


def _with_first(s, found: list[dict]) -> list[tuple[str, str, str]]:
    """(id, story, fingerprint) of the documents found and of their stories' first documents
    (a story's id is its first document's; the assigner compares a story's members)."""
    ids = {f["id"] for f in found}
    for story in dict.fromkeys(f.get("story") for f in found):
        if story and story not in ids:
            n = s.document_number(id=story)
            if n is not None:
                found.append(s.stored_fields(n))
                ids.add(story)
    return [(f["id"], f.get("story") or f["id"], f["minhash"]) for f in found if f.get("minhash")]


class BandTable:
    """The band keys of the live documents (the story_keys column), sorted band by band:
    which documents share a key is a binary search, no term index needed."""

    def __init__(self, s):
        rows, docs = [], []
        for sub, offset in s.leaf_searchers():
            r = sub.reader()
            if not r.has_column("story_keys"):
                continue
            column = r.column_reader("story_keys")
            for n in r.all_doc_ids():          # deleted documents left out
                value = column[n]
                if value:
                    rows.append(value)
                    docs.append(offset + n)
        width = len(rows[0]) if rows else 0
        keep = [i for i, v in enumerate(rows) if len(v) == width]   # one grouping version
        keys = np.frombuffer(b"".join(rows[i] for i in keep), dtype=">u8").reshape(len(keep), width // 8).astype(np.uint64)
        numbers = np.array([docs[i] for i in keep], dtype=np.int64)
        self.bands = []         # per band: (its keys sorted, their docnums)
        for b in range(keys.shape[1]):
            order = np.argsort(keys[:, b], kind="stable")
            self.bands.append((keys[order, b], numbers[order]))

    def best(self, keys: list[str], limit: int) -> list[int]:
        """The `limit` docnums sharing the most of `keys`, ties to the lower docnum (what a
        search of the keys as constant-score terms returns)."""
        found = []
        for (sorted_keys, numbers), key in zip(self.bands, np.frombuffer(packed_keys(keys), dtype=">u8").astype(np.uint64)):
            lo = np.searchsorted(sorted_keys, key, "left")
            hi = np.searchsorted(sorted_keys, key, "right")
            if hi > lo:
                found.append(numbers[lo:hi])
        if not found:
            return []
        docnums, shared = np.unique(np.concatenate(found), return_counts=True)
        order = np.lexsort((docnums, -shared))[:limit]
        return docnums[order].tolist()


# -- searching
def story_column(corpus, s) -> np.ndarray:
    """A story number for every docnum (documents without a story have their own), read
    once per index version."""
    return memo_per_version(corpus, "_story_column", corpus.version(s), lambda: _stories(s))


def id_column(corpus, s) -> list[str]:
    """The id of every docnum, read once per index version."""
    return memo_per_version(corpus, "_id_column", corpus.version(s),
                            lambda: [i for sub, _ in s.leaf_searchers() for i in sub.reader().column_reader("id")])


def _stories(s) -> np.ndarray:
    stories: list[str] = []
    for sub, _ in s.leaf_searchers():
        r = sub.reader()
        ids = list(r.column_reader("id"))
        own = list(r.column_reader("story")) if r.has_column("story") else [""] * len(ids)
        stories += [st or i for st, i in zip(own, ids)]
    numbers: dict[str, int] = {}
    return np.fromiter((numbers.setdefault(st, len(numbers)) for st in stories),
                       dtype=np.int64, count=len(stories))


def grouped(corpus, s, text_q, selected: set, filtered: bool, req, plan):
    """One entry per story on the requested page: (lead docnum, score, other docnums of the
    story among `selected`), in the order of their best-ranked article; and the number of
    stories in `selected`."""
    story = story_column(corpus, s)
    docs = np.fromiter(selected, dtype=np.int64, count=len(selected))
    chosen = story[docs]
    n_stories = int(np.unique(chosen).size)
    want = req.page * req.size
    if not selected or not req.size or (req.page - 1) * req.size >= n_stories:
        return [], n_stories
    limit = min(len(selected), max(want * 2, 50))
    while True:
        ranked = corpus.ranked(s, text_q, selected, filtered, req.sort, limit, plan)
        leads: dict[int, tuple] = {}
        for docnum, score in ranked:
            leads.setdefault(int(story[docnum]), (docnum, score))
        if len(leads) >= want or limit >= len(selected):
            break
        limit = min(len(selected), limit * 4)
    page = list(leads.items())[(req.page - 1) * req.size: want]
    wanted = np.fromiter((st for st, _ in page), dtype=np.int64)
    members: dict[int, list[int]] = defaultdict(list)
    keep = np.isin(chosen, wanted)
    for d, st in zip(docs[keep].tolist(), chosen[keep].tolist()):
        members[st].append(d)
    return [(lead, score, [d for d in members[st] if d != lead]) for st, (lead, score) in page], n_stories


def version_rows(s, docnums: list[int], limit: int = SIMILAR_SHOWN, dates=None) -> list[dict]:
    """id, title, date, source, lang of the `limit` oldest documents (`dates`: the date
    column, to pick them before reading their stored fields)."""
    if dates is not None:
        docnums = sorted(docnums, key=lambda d: (dates[d], d))[:limit]
    rows = []
    for d in docnums:
        f = s.stored_fields(d)
        date = f.get("date")
        rows.append({**stored_values(f, ("source", "lang")),
                     "date": date.date().isoformat() if date else None})
    rows.sort(key=lambda r: (r["date"] or "9999", r["id"]))
    return rows[:limit]


def story_versions(s, doc_id: str, limit: int = 50) -> list[dict]:
    """The other documents of a document's story."""
    if not has_stories(s.schema):
        return []
    docnum = s.document_number(id=doc_id)
    if docnum is None:
        return []
    st = s.stored_fields(docnum).get("story") or doc_id
    others = [d for d in s.docs_for_query(query.Term("story", st)) if d != docnum]
    return version_rows(s, others, limit)


# -- statistics
def doc_frequencies(s, field: str, terms) -> dict[str, int]:
    """Documents holding each term of `field` (live documents; deletions not subtracted)."""
    r = s.reader()
    return {t: r.doc_frequency(field, t) for t in terms}


def grouped_hits(corpus, s, text_q, selected: set, filtered: bool, req, plan):
    """(the page's hits, one per story, each with its other versions; number of stories)."""
    page, n_stories = grouped(corpus, s, text_q, selected, filtered, req, plan)
    hits = corpus.hits(s, text_q, [(lead, score) for lead, score, _ in page], req.snippets,
                       corpus.characters(plan))
    for hit, (_, _, others) in zip(hits, page):
        hit.similar = version_rows(s, others, dates=corpus.columns(s)["date"])
        hit.similar_count = len(others)
    return hits, n_stories
