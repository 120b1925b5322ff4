"""Searching an OpenSearch index (an alias): the same Results as the Whoosh engine.

Facets are filter aggregations with post-filter semantics (each facet counts the query and
the *other* filters; the hits pass all of them); totals are exact (track_total_hits, or on a
page a filter aggregation beside the facets);
ranking uses the global term statistics (dfs_query_then_fetch), so a 3-shard index ranks as
one; pages past the cluster's result window are reached with search_after. Snippets are
cut by the shared snippet code from the stored text, so both engines show the same ones.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import orjson

from corpus import querylang as ql, translate as translation
from corpus.budget import WorkBudget
from corpus.analysis.analyzer import TOKEN, analyze_word
from corpus.analysis.normalize import normalize_apart
from corpus.engines import forgiving
from corpus.engines.memo import META_AGE
from corpus.engines.opensearch import client as os_client, histogram as os_histogram
from corpus.engines.opensearch.compile import (CLAUSE_BUDGET, clauses, compile_tree, positive_stems,
                                               with_proximity)
from corpus.engines.opensearch import lookahead, research, semantic, storycounts, vocabulary
from corpus.stories import needs_rebuild_message
from corpus.errors import IndexProblem, QueryError
from corpus.fields import EXPORT_FIELDS, HIT_FIELDS, facet_key, stored_values
from corpus.request import MAX_SPLIT, SearchRequest, facet_values
from corpus.results import Hit, Results
from corpus.highlight import mark, snippet
from corpus.messages import Notice

WINDOW = 10_000              # index.max_result_window: from + size beyond it use search_after
SHARD_SIZE = 1_000           # terms buckets per shard of a sharded index: exact counts for the facets shown
EXPORT_BATCH = 1_000
IDS_BATCH = WINDOW      # hits a page when only their ids are fetched
_TOTAL = "_total"       # _page: the aggregation counting the hits (no facet has this name)
_BESIDE = ThreadPoolExecutor(8, thread_name_prefix="os-aggs")    # _page: aggregations beside the hits


def _sort(sort: str) -> list:
    if sort == "relevance":
        return [{"_score": "desc"}, {"id": "asc"}]
    order = "asc" if sort == "date" else "desc"
    return [{"date": {"order": order, "missing": "_last"}}, {"id": "asc"}]


def _filter_clause(name: str, values) -> dict:
    return {"terms": {f"{name}_key": sorted({facet_key(v) for v in values})}}


def _values(terms: dict, story_threshold: int | None) -> dict:
    """A facet's terms aggregation: document counts, or distinct stories (count=stories)."""
    return storycounts.terms_by_story(terms, story_threshold) if story_threshold else {"terms": terms}


def _buckets(res: dict, facets, filters: dict | None = None) -> dict[str, list]:
    """facet -> its buckets in an answer: the top values, then the chosen ones not among them.
    (A multi facet's chosen-values aggregation also counts the other values its documents
    hold, over those documents only: only the top values' buckets count for them. A facet
    counting the query's documents alone is its terms aggregation, no filter around it.)"""
    out = {}
    for f in facets:
        agg = res["aggregations"][f]
        top = agg["values"]["buckets"] if "values" in agg else agg["buckets"]
        seen = {b["key"] for b in top}
        chosen = {facet_key(v) for v in (filters or {}).get(f, ())}
        out[f] = top + [b for b in agg.get("chosen", {}).get("values", {}).get("buckets", [])
                        if b["key"] not in seen and (filters is None or facet_key(b["key"]) in chosen)]
    return out


def spans_in(text: str, stems: set[str], prefixes: list[str]) -> list[tuple[int, int]]:
    """(start, end) of the tokens of `text` whose stem is wanted or starts with a prefix."""
    if not stems and not prefixes:
        return []
    starts = tuple(prefixes)
    parts = (*stems, *prefixes)
    wanted = set()
    for chunk in set(text.split()):
        if chunk not in _CHUNK_STEMS and _cannot_hold(chunk, parts):
            continue
        for w, stem in _chunk_stems(chunk):
            if stem in stems or (starts and stem.startswith(starts)):
                wanted.add(w)
    if not wanted:
        return []
    # only where a wanted word occurs: at a token's start, the whole token one of them
    out = []
    for m in re.finditer("|".join(map(re.escape, sorted(wanted, key=len, reverse=True))), text):
        s = m.start()
        if s and (text[s - 1] in "'’" or _joined(TOKEN.match(text, s - 1, s + 1), s)):
            continue            # inside a longer token
        t = TOKEN.match(text, s)
        if t is not None and t.group() in wanted:
            out.append(t.span())
    return out


_CHUNK_STEMS: dict[str, tuple[tuple[str, str], ...]] = {}
_CHUNKS_KEPT = 500_000


def _chunk_stems(chunk: str) -> tuple[tuple[str, str], ...]:
    """(word, stem) of the TOKEN words of a whitespace-separated chunk of text, stopwords
    left out; analysed once per process (no word spans a space, and the vocabulary is
    Zipfian: a dict hit instead of TOKEN's scan of a body, ~0.5 ms a 1 KB body)."""
    got = _CHUNK_STEMS.get(chunk)
    if got is None:
        if len(_CHUNK_STEMS) >= _CHUNKS_KEPT:
            _CHUNK_STEMS.clear()
        got = tuple((w, stem) for w in TOKEN.findall(chunk)
                    for _, stem, stop in [analyze_word(w)] if not stop)
        _CHUNK_STEMS[chunk] = got
    return got


# a letter the Arabic stemmer does not take: the English one may change more than the ends
_OTHER_LETTER = re.compile(r"[^\W\d_\u0600-\u08ff]|\s")


_CHUNK_FORMS: dict[str, str | None] = {}


def _cannot_hold(chunk: str, parts) -> bool:
    """Whether no word of the chunk can have a stem among or starting with `parts`, told
    without stemming (the first round of a server meets thousands of unseen chunks a page):
    the Arabic stemmer only takes letters off the ends of a normalised word, a word of Arabic
    letters (digits, marks, punctuation) keeps it in the English one, and the normal form of a
    chunk that normalises letter by letter holds each of its words' normal forms."""
    norm = _CHUNK_FORMS.get(chunk, False)
    if norm is False:
        if len(_CHUNK_FORMS) >= _CHUNKS_KEPT:
            _CHUNK_FORMS.clear()
        norm = normalize_apart(chunk)
        norm = _CHUNK_FORMS[chunk] = None if norm is None or _OTHER_LETTER.search(norm) else norm
    return norm is not None and not any(p in norm for p in parts)


def _joined(m, s: int) -> bool:
    """Whether the character before position s and the one at s are one token."""
    return m is not None and m.end() == s + 1


NAMES_TTL = 60.0            # seconds words_matching answers are reused
UNTRANSLATED = Notice("untranslated")


class OpenSearchCorpus:
    """An OpenSearch alias opened for searching: a Searcher (corpus/engines/base.py);
    thread-safe (one shared client)."""

    engine = "opensearch"

    def __init__(self, index: str | None = None, url: str | None = None, client=None,
                 warm: bool = False):          # warm: nothing to warm, the cluster caches
        self.name = index or "corpus"
        self.url = url
        self.client = client or os_client.connect(url)
        self._names: dict[tuple, tuple] = {}     # words_matching: (time, words)

    # -- the request body
    def _body(self, req: SearchRequest, tree, by_story: bool = False, vector=None,
              cap: int | None = None) -> dict:
        """by_story: facets count distinct stories (count=stories on an index with stories);
        vector: a semantic.Plan whose hits join the query; cap: story count thresholds tried
        (storycounts.GUESS)."""
        query = compile_tree(tree, req.op)
        if req.sort == "relevance":
            query = with_proximity(query, tree)
        must = [vector.join(query) if vector else query]
        if req.since or req.until:
            rng = {}
            if req.since:
                rng["gte"] = req.since.isoformat()
            if req.until:
                rng["lte"] = req.until.isoformat()
            must.append({"range": {"date": rng}})
        body = {"query": {"bool": {"must": must}} if len(must) > 1 else must[0],
                "track_total_hits": True}
        filters = {f: _filter_clause(f, vs) for f, vs in req.filters.items()}
        if filters:
            body["post_filter"] = {"bool": {"filter": list(filters.values())}}
        aggs = {}
        for f in req.facets:
            others = [c for g, c in filters.items() if g != f]
            terms = {"field": f, "size": req.limit(f), "shard_size": self._shard_size(req.limit(f)),
                     "order": [{"_count": "desc"}, {"_key": "asc"}]}
            threshold = min(storycounts.precisions(self)[f], cap or storycounts.MAX_PRECISION) if by_story else None
            if not (others or f in req.filters or by_story):     # the query's documents: no filter
                aggs[f] = _values(terms, threshold)
                continue
            sub = {"values": _values(terms, threshold)}
            if f in req.filters:        # chosen values count even when not among the top
                size = len(req.filters[f]) * 4
                sub["chosen"] = {"filter": filters[f], "aggs": {"values": _values(
                    {**terms, "size": size, "shard_size": self._shard_size(size)}, threshold)}}
            aggs[f] = {"filter": {"bool": {"filter": others}} if others else {"match_all": {}},
                       "aggs": sub}
        if req.histogram:
            aggs["_histogram"] = os_histogram.aggregation(list(filters.values()))
        if req.split:
            aggs["_split"] = os_histogram.split_aggregation(
                list(filters.values()), req.split, list(req.split_values) or None, MAX_SPLIT)
        if aggs:
            body["aggs"] = aggs
        if vector:
            vector.aggregate(body)
        return body

    def _shard_size(self, size: int) -> int:
        """Terms buckets each shard sends for `size` values: on one shard the top values are
        exact as they are; several shards each send SHARD_SIZE, so that a value in the top
        overall is among every shard's (a value missing from one shard's list counts short)."""
        return size if self.shards() == 1 else max(SHARD_SIZE, size)

    def shards(self) -> int:
        """Primary shards of the index behind the alias (looked up when the alias moves)."""
        self.meta(max_age=META_AGE)
        names = self._meta_indices
        held = getattr(self, "_shards_held", None)
        if held is None or held[0] != names:
            res = self.call(self.client.indices.get_settings, index=",".join(names),
                            name="index.number_of_shards")
            held = (names, sum(int(s["settings"]["index"]["number_of_shards"]) for s in res.values()))
            self._shards_held = held
        return held[1]

    def call(self, fn, **kwargs):
        """fn(**kwargs) answered by every shard (retried while a node leaves), or IndexProblem."""
        from opensearchpy import exceptions as ex
        try:
            return os_client.complete(fn, **kwargs)
        except ex.NotFoundError:
            raise IndexProblem(f"no index {self.name!r} on {os_client.describe(self.url)}; "
                               f"build one with `corpus index --engine opensearch PATH`") from None
        except ex.ConnectionError as e:
            raise IndexProblem(f"cannot reach OpenSearch at {os_client.describe(self.url)}: "
                               f"{type(e).__name__}") from None
        except os_client.Incomplete as e:     # never counts from part of the index
            raise IndexProblem(f"OpenSearch could not search all of {self.name!r}: {e}; "
                               f"try again when the cluster has recovered") from None
        except ex.TransportError as e:
            if os_client.limit_reached(e):      # the query's fault, not the cluster's
                raise QueryError(os_client.limit_reached(e)) from None
            raise IndexProblem(f"OpenSearch answered {e.status_code}: {os_client.reason(e)}") from None

    def search(self, q: str = "", **kwargs) -> Results:
        req = kwargs.pop("request", None) or SearchRequest.build(q, **kwargs)
        if req.suggest and req.q:       # variants, did you mean (corpus/suggest)
            lookahead.count_ahead(self, req)        # their counts and the translation's at once
            return forgiving.search(self, req)
        started = time.perf_counter()
        parsed = self._parse(req)
        wants_stories = req.group == "story" or req.count == "stories"
        has_stories = wants_stories and research.index_has_stories(self)
        grouped, by_story = has_stories and req.group == "story", has_stories and req.count == "stories"
        vector = semantic.Plan(self, req)      # --embeddings: vector neighbours join
        # facet story counts with small thresholds first, exact when the matches are that
        # few; the stories of all hits alone (group=story) take the full threshold at once:
        # one cardinality costs less than searching twice
        run = (req, parsed, wants_stories, grouped, by_story, vector)
        cap = storycounts.GUESS if by_story else None
        res, raw_hits, notices, body = self._run(*run, cap=cap)
        if cap and not storycounts.exact(self, res, req.facets):
            res, raw_hits, notices, body = self._run(*run)
        if by_story and storycounts.stale(self, _buckets(res, req.facets)):    # the index grew
            res, raw_hits, notices, body = self._run(*run)
        return self._finish(req, parsed, started, res, raw_hits, notices, grouped, by_story, vector)

    def _run(self, req, parsed, wants_stories, grouped, by_story, vector, cap: int | None = None):
        """The search request: (answer, its hits, notices, the request body)."""
        body = self._body(req, parsed.tree, by_story, vector, cap)
        start = (req.page - 1) * req.size
        body["sort"] = _sort(req.sort)
        notices = list(parsed.notices)
        if grouped and req.size:     # one hit per story
            body["collapse"] = research.collapse()
        if grouped or by_story:     # the number of stories among all hits
            post = body.get("post_filter", {}).get("bool", {}).get("filter", [])
            body.setdefault("aggs", {})["_stories"] = research.stories_aggregation(post, cap)
        elif wants_stories:
            notices.append(needs_rebuild_message("this index"))
        body["_source"] = ["id", *HIT_FIELDS, "body"] if req.snippets else ["id", *HIT_FIELDS]
        expand = (lambda hits: research.expand(self, body, hits)) if grouped else None
        if vector.ranks(req.sort) and start + req.size <= WINDOW:
            res, raw_hits = semantic.fused_page(self, body, vector, start, req.size)
        elif start + req.size <= WINDOW:
            res = self._page(body, start, req.size, then=expand)
            raw_hits, expand = res["hits"]["hits"], None
        else:
            res, raw_hits = self._deep_page(body, start, req.size)
        if expand:
            expand(raw_hits)
        return res, raw_hits, notices, body

    def _page(self, body: dict, start: int, size: int, then=None) -> dict:
        """A page of hits and the aggregations, asked apart and side by side (one _msearch;
        with `then`, a step on the hits such as their stories' versions: two requests, then(hits)
        run while the aggregations are still counted): the aggregations alone (size 0, no sort
        or post_filter: what they do not depend on) are answered from the shards' request cache when the same
        search comes again (its next page, another sort, a script asking twice) until the
        index changes. The exact total is counted there too (a filter aggregation of the
        post filter: the documents the hits come from), so the hits need not count every
        match: without track_total_hits the shards skip what cannot reach the page."""
        aggs = body.get("aggs")
        if not (aggs and size):
            res = self.call(self.client.search, index=self.name, body={**body, "from": start, "size": size},
                            search_type="dfs_query_then_fetch")
            if then is not None:
                then(res["hits"]["hits"])
            return res
        counted_body = {"query": body["query"], "size": 0, "track_total_hits": False,
                        "aggs": {**aggs, _TOTAL: {"filter": body.get("post_filter") or {"match_all": {}}}}}
        # each shard copy keeps its own cache: the same search goes to the same copies
        # (`preference` a digest of it), different searches spread over them
        same_copies = hashlib.blake2b(orjson.dumps(counted_body, option=orjson.OPT_SORT_KEYS),
                                      digest_size=8).hexdigest()
        hits = {k: v for k, v in body.items() if k != "aggs"}
        searches = [({"request_cache": True, "preference": same_copies}, counted_body),
                    ({"search_type": "dfs_query_then_fetch"},
                     {**hits, "track_total_hits": False, "from": start, "size": size})]
        if then is None:
            counted, res = self.call(os_client.search_all, client=self.client, index=self.name,
                                     searches=searches)
        else:
            aggs_asked = _BESIDE.submit(self.call, os_client.search_all, client=self.client,
                                        index=self.name, searches=searches[:1])
            [res] = self.call(os_client.search_all, client=self.client, index=self.name,
                              searches=searches[1:])
            then(res["hits"]["hits"])
            [counted] = aggs_asked.result()
        aggregations = dict(counted.get("aggregations", {}))
        total = {"value": aggregations.pop(_TOTAL)["doc_count"], "relation": "eq"}
        return {**res, "hits": {**res["hits"], "total": total}, "aggregations": aggregations}

    def _finish(self, req, parsed, started, res, raw_hits, notices, grouped, by_story, vector) -> Results:
        total = res["hits"]["total"]["value"]
        vector.read(res)
        facets = {}
        for f, buckets in _buckets(res, req.facets, req.filters).items():
            counts = {b["key"]: b["stories"]["value"] if by_story else b["doc_count"] for b in buckets}
            facets[f] = facet_values(f, counts, req.filters.get(f, ()), req.limit(f))
        hist = os_histogram.read(res["aggregations"]["_histogram"], req.histogram) if req.histogram else None
        split = os_histogram.read_split(res["aggregations"]["_split"], hist.interval,
                                        list(req.split_values) or None) if req.split else None
        stems, prefixes = positive_stems(parsed.tree)
        hits = [self._hit(h, req, stems, prefixes) for h in raw_hits]
        stories = res["aggregations"]["_stories"]["n"]["value"] if grouped or by_story else None
        if grouped:
            for hit, raw in zip(hits, raw_hits):
                hit.similar, hit.similar_count = research.similar(raw)
        return Results(query=req.q, op=req.op, sort=req.sort, page=req.page, size=req.size,
                       total=total, took_ms=round((time.perf_counter() - started) * 1000, 2),
                       hits=hits, facets=facets, filters=req.filters_dict(),
                       group="story" if grouped else "none", stories=stories,
                       count="stories" if by_story else "documents",
                       since=req.since_text, until=req.until_text,
                       translations=parsed.translations, notices=notices,
                       untranslated=parsed.untranslated,
                       semantic=vector.summary(), histogram=hist, split=split)

    def _parse(self, req: SearchRequest):
        """The request's query tree, its words OR-ed with their translations unless
        translate=off (corpus/translate); `.translations`: what each word also searched."""
        parsed = ql.parse(req.q, req.op)
        work = WorkBudget()
        done = translation.translate(parsed.tree, req.translate, req.drop, self.words_matching,
                                     req.q, work, index=self)
        if done.unhinted is not None and clauses(compile_tree(done.tree, req.op)) > CLAUSE_BUDGET:
            done.tree = done.unhinted       # the ranking-only hints go first
        if done.translations and clauses(compile_tree(done.tree, req.op)) > CLAUSE_BUDGET:
            parsed.notices.append(UNTRANSLATED)
            done = translation.translate(parsed.tree, "off")
        parsed.tree, parsed.translations = done.tree, done.translations
        parsed.untranslated = done.untranslated
        parsed.notices += done.notices + work.notices()
        return parsed

    def words_matching(self, pattern, limit: int, budget: WorkBudget | None = None) -> list[tuple[str, int]]:
        """The index's words (exact forms) fitting a transliteration pattern, most frequent
        first: the cluster expands the regexp on `exact_terms` (validate with rewrite lists
        the terms), then one filters aggregation counts their documents. Cached a minute."""
        key, now = (self.name, pattern.regex, limit), time.monotonic()
        held = self._names.get(key)
        if held and now - held[0] < NAMES_TTL:
            return held[1]
        regexp = {"regexp": {"exact_terms": {"value": pattern.regex, "rewrite": "top_terms_256"}}}
        res = self.call(self.client.indices.validate_query, index=self.name, body={"query": regexp},
                        params={"rewrite": "true", "all_shards": "true"})
        words = sorted({w for e in res.get("explanations", ())
                        for w in re.findall(r"exact_terms:(\S+)", e.get("explanation", ""))})
        found = []
        if words:
            aggs = {"w": {"filters": {"filters": {w: {"term": {"exact_terms": w}} for w in words}}}}
            res = self.call(self.client.search, index=self.name, body={"size": 0, "aggs": aggs})
            counts = {w: b["doc_count"] for w, b in res["aggregations"]["w"]["buckets"].items()}
            found = sorted(((w, n) for w, n in counts.items() if n), key=lambda wn: (-wn[1], wn[0]))[:limit]
        if len(self._names) > 10_000:
            self._names.clear()
        self._names[key] = (now, found)
        return found

    def _deep_page(self, body: dict, start: int, size: int):
        """Pages past the result window: (the answer with the total and facets, the hits)."""
        first, after = self._walk_to(body, start)
        if after is None:
            return first, []
        page = {k: v for k, v in body.items() if k != "aggs"}
        page.update(size=size, search_after=after, track_total_hits=False)
        return first, self.call(self.client.search, index=self.name, body=page,
                                 search_type="dfs_query_then_fetch")["hits"]["hits"]

    def _walk_to(self, body: dict, start: int):
        """(the answer with the total and aggregations, the search_after values of hit
        `start`, None when there are not that many): a result window of sort values at a
        time, none when `start` is past the total (page 10,000 of 31k hits: 1 request, not 32)."""
        first = self.call(self.client.search, index=self.name, body={**body, "size": 0})
        if start >= first["hits"]["total"]["value"]:
            return first, None
        skip = {k: v for k, v in body.items() if k != "aggs"}
        skip.update(_source=False, stored_fields="_none_", track_total_hits=False)     # sort values only
        after, skipped = None, 0
        while skipped < start:
            page = {**skip, "size": min(WINDOW, start - skipped), **({"search_after": after} if after else {})}
            hits = self.call(self.client.search, index=self.name, body=page,
                              search_type="dfs_query_then_fetch")["hits"]["hits"]
            if not hits:
                return first, None
            skipped += len(hits)
            after = hits[-1]["sort"]
        return first, after

    def _hit(self, h: dict, req: SearchRequest, stems, prefixes) -> Hit:
        src = h["_source"]
        title = src.get("title", "")
        return Hit(**_metadata(src), score=round(h["_score"], 4) if req.sort == "relevance" and h.get("_score") is not None else None,
                   snippet=snippet(src.get("body", ""), spans_in(src.get("body", ""), stems, prefixes)) if req.snippets else "",
                   title_html=mark(title, spans_in(title, stems, prefixes)))

    def ranked_ids(self, q: str = "", limit: int = 10_000, **kwargs) -> list[str]:
        """The ids of export's hits in its order (no stored source read: the id is a sort value)."""
        return [row["id"] for row in self._export(q, limit, 0, False, False, [], IDS_BATCH, **kwargs)]

    def export(self, q: str = "", limit: int = 10_000, offset: int = 0, text: bool = False,
               snippets: bool = False, **kwargs):
        """The hits of a search from `offset` (up to `limit`) as plain dicts, in order, lazily;
        with `text` the body, with `snippets` an HTML snippet (matches in <mark>)."""
        fields = ["id", *EXPORT_FIELDS, "body"] if text or snippets else ["id", *EXPORT_FIELDS]
        return self._export(q, limit, offset, text, snippets, fields, EXPORT_BATCH, **kwargs)

    def _export(self, q, limit, offset, text, snippets, fields, batch, **kwargs):
        req = SearchRequest.build(q, page=1, size=1, facets=(), snippets=False, **kwargs)
        parsed = self._parse(req)
        body = self._body(req, parsed.tree)
        body.pop("aggs", None)
        body.update(sort=_sort(req.sort), _source=fields or False)     # none: the id is the last sort value
        if not fields:
            body["stored_fields"] = "_none_"
        stems, prefixes = positive_stems(parsed.tree) if snippets else (set(), [])
        sent, after, expected, seen = 0, None, None, set()
        if offset:
            first, after = self._walk_to(body, offset)
            expected = min(limit, max(0, first["hits"]["total"]["value"] - offset))     # the rows owed
            body["track_total_hits"] = False
        while sent < limit and not (offset and after is None):
            page = {**body, "size": min(batch, limit - sent)}
            if after is not None:
                page["search_after"] = after
            res = self.call(self.client.search, index=self.name, body=page, search_type="dfs_query_then_fetch")
            if expected is None:        # later pages need no count
                expected = min(limit, res["hits"]["total"]["value"])
                body["track_total_hits"] = False
            hits = res["hits"]["hits"]
            if not hits:
                break
            after = hits[-1]["sort"]
            for h in hits:
                if h["sort"][-1] in seen:      # the id again (a shard copy scoring it otherwise)
                    continue
                seen.add(h["sort"][-1])
                if not fields:
                    yield {"id": h["sort"][-1]}
                    sent += 1
                    continue
                src = h["_source"]
                row = {**_metadata(src, EXPORT_FIELDS),
                       "score": round(h["_score"], 4) if req.sort == "relevance" and h.get("_score") is not None else None}
                if text:
                    row["text"] = src.get("body", "")
                if snippets:
                    body_text = src.get("body", "")
                    row["snippet"] = snippet(body_text, spans_in(body_text, stems, prefixes))
                yield row
                sent += 1
            if len(hits) < page["size"]:
                break
        if expected is not None and sent < expected:     # never silently short
            raise IndexProblem(f"OpenSearch gave {sent:,} of the {expected:,} hits of {self.name!r} "
                               f"(the index changed during the export); try again")

    def document(self, doc_id: str, q: str = "", op: str = "and") -> dict | None:
        res = self.call(self.client.search, index=self.name,
                        body={"query": {"term": {"id": doc_id}}, "size": 1})
        if not res["hits"]["hits"]:
            return None
        f = dict(res["hits"]["hits"][0]["_source"])
        f.update(_metadata(f, EXPORT_FIELDS))       # missing values None
        for k in list(f):
            if k.endswith("_key") or k in ("minhash", "story_bands", "path", "hash", "vector"):   # paths stay with the CLI
                del f[k]
        stems, prefixes = positive_stems(ql.parse(q, op).tree) if q.strip() else (set(), [])
        for field in ("title", "body"):
            f[f"{field}_html"] = mark(f.get(field, ""), spans_in(f.get(field, ""), stems, prefixes))
        return f

    def word_counts(self, words) -> dict[str, int]:
        """Documents holding each word (exact, unstemmed forms), kept per index version."""
        return vocabulary.word_counts(self, words)

    def phrase_counts(self, phrases, stems: bool = False) -> dict[tuple[str, ...], int]:
        """Documents holding each phrase (exact forms, adjacent, in order; `stems`: stems in
        the body), kept per index version."""
        return vocabulary.phrase_counts(self, phrases, stems)

    def has_metadata_fields(self) -> bool:
        """Whether the index has the fields corpus/metadata fills."""
        return vocabulary.has_metadata_fields(self)

    def term_documents(self, stems) -> tuple[dict[str, int], int]:
        """(documents whose body holds each stem, documents in the index): key terms;
        kept per index version (the translation asks on every search)."""
        return vocabulary.term_documents(self, stems)

    def corpus_words(self) -> int:
        """Body terms in the index: the field statistics' sum of term frequencies, shard by shard."""
        return self.call(research.field_terms, client=self.client, index=self.name, field="body_terms")

    def coverage(self) -> dict[str, dict[str, int]]:
        """Documents per day per source: a daily date histogram split by source."""
        aggs = {"days": {"date_histogram": {"field": "date", "calendar_interval": "day",
                                            "format": "yyyy-MM-dd", "min_doc_count": 1},
                         "aggs": {"source": {"terms": {"field": "source", "size": 1000,
                                                       "missing": ""}}}}}
        res = self.call(self.client.search, index=self.name, body={"size": 0, "aggs": aggs})
        return {b["key_as_string"]: {s["key"]: s["doc_count"] for s in b["source"]["buckets"]}
                for b in res["aggregations"]["days"]["buckets"]}

    def research_dir(self) -> Path:
        """$XDG_CACHE_HOME/corpus/opensearch/<index>-<digest of the cluster's address and index>."""
        home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        where = f"{os_client.describe(self.url)}/{self.name}"
        safe = re.sub(r"[^\w.-]", "_", self.name)[:60]
        return home / "corpus" / "opensearch" / f"{safe}-{hashlib.sha1(where.encode('utf-8')).hexdigest()[:12]}"

    def story_versions(self, doc_id: str, limit: int = 50) -> list[dict]:
        """The other versions of a document's story (near-duplicates), oldest first."""
        if not research.index_has_stories(self):
            return []
        return self.call(research.story_versions, client=self.client, index=self.name,
                         doc_id=doc_id, limit=limit)

    def stats(self) -> dict:
        aggs = {f: {"terms": {"field": f, "size": 1000}} for f in ("lang", "source", "year")}
        res = self.call(self.client.search, index=self.name,
                        body={"size": 0, "track_total_hits": True, "aggs": aggs})
        per = {f: {b["key"]: b["doc_count"] for b in res["aggregations"][f]["buckets"]} for f in aggs}
        size = self.call(self.client.indices.stats, index=self.name, metric="store")
        meta = self.meta()
        return {"documents": res["hits"]["total"]["value"], "lang": per["lang"], "source": per["source"],
                "year": dict(sorted(per["year"].items())),
                "index_bytes": size["_all"]["primaries"]["store"]["size_in_bytes"],
                "last_indexed": meta.get("last_indexed"), "engine": self.engine}

    def meta(self, max_age: float = 0.0) -> dict:
        """The metadata of the index's last commit, at most `max_age` seconds old."""
        held, now = getattr(self, "_meta_held", None), time.monotonic()
        if held is not None and now - held[0] <= max_age:
            return held[1]
        res = self.call(self.client.indices.get_mapping, index=self.name)
        meta = next(iter(res.values()))["mappings"].get("_meta", {})
        self._meta_indices = tuple(sorted(res))      # the indices behind the alias
        self._meta_held = (now, meta)
        return meta


def _metadata(src: dict, names=HIT_FIELDS) -> dict:
    return {**stored_values(src, names), "date": src.get("date") or None}
