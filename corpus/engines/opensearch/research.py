"""What the research views need from an OpenSearch index: story candidates while indexing,
story grouping (collapse + one request for the versions), the other versions of a story, document frequencies."""
from __future__ import annotations

import time

from corpus.errors import IndexProblem
from corpus.fields import stored_values
from corpus.stories import CHECK, needs_rebuild_message

SIMILAR_SHOWN = 10          # other versions listed under a story card (as the Whoosh engine)
VERSION_FIELDS = ["id", "title", "source", "date", "lang"]
_ORDER = [{"date": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]


def has_stories(client, index: str) -> bool:
    res = client.indices.get_mapping(index=index)
    return all("story" in m["mappings"].get("properties", {}) for m in res.values())


# -- indexing
def story_lookup(client, index: str, where: str):
    """lookup(band keys) -> [(id, story, fingerprint)] of the documents already in `index`
    that share the most keys (stories.CHECK of them)."""
    if not has_stories(client, index):
        raise IndexProblem(needs_rebuild_message(where))

    def lookup(keys):
        res = client.search(index=index, body={
            # each shared key adds one to the score: the best are those sharing the most
            "query": {"bool": {"should": [{"constant_score": {"filter": {"term": {"story_bands": k}}}}
                                          for k in keys]}},
            "size": CHECK,
            "_source": ["id", "story", "minhash"]})
        found = [h["_source"] for h in res["hits"]["hits"]]
        # the stories' first documents too (a story's id is its first document's): the
        # assigner compares a story's members
        ids = {f["id"] for f in found}
        first = sorted({f["story"] for f in found if f.get("story") and f["story"] not in ids})
        if first:
            res = client.search(index=index, body={
                "query": {"terms": {"id": first}}, "size": len(first),
                "_source": ["id", "story", "minhash"]})
            found += [h["_source"] for h in res["hits"]["hits"]]
        return [(f["id"], f.get("story") or f["id"], f["minhash"]) for f in found if f.get("minhash")]
    return lookup


# -- searching
def collapse() -> dict:
    """One hit per story; `expand` brings its other matching versions and their number."""
    return {"field": "story"}


def expand(corpus, body: dict, raw_hits: list) -> None:
    """Each collapsed hit's versions as collapse inner_hits would bring them (the search's
    query and post filter within its story, the first SIMILAR_SHOWN + 1 by date, and how
    many match), from one request for the page: inner_hits sends one per hit, each running
    the whole query again (~9 ms a page on the 31k index)."""
    story = {id(h): h["fields"]["story"][0] for h in raw_hits if (h.get("fields") or {}).get("story")}
    if not story:
        return
    stories = sorted(set(story.values()))
    where = [body["query"], {"terms": {"story": stories}}, *([body["post_filter"]] if "post_filter" in body else [])]
    top = {"top_hits": {"size": SIMILAR_SHOWN + 1, "sort": _ORDER, "_source": VERSION_FIELDS}}
    res = corpus.call(corpus.client.search, index=corpus.name, body={
        "size": 0, "query": {"bool": {"filter": where}},
        "aggs": {"s": {"terms": {"field": "story", "size": len(stories)}, "aggs": {"v": top}}}})
    got = {b["key"]: b for b in res["aggregations"]["s"]["buckets"]}
    for h in raw_hits:
        b = got.get(story.get(id(h)))
        if b:
            h["inner_hits"] = {"versions": {"hits": {"total": {"value": b["doc_count"]},
                                                     "hits": b["v"]["hits"]["hits"]}}}


def stories_aggregation(filters: list[dict], cap: int | None = None) -> dict:
    """Distinct stories among the hits (the post-filter applied as a filter); cap: a smaller
    threshold tried first (storycounts.exact tells whether it counted exactly)."""
    count = {"cardinality": {"field": "story", "precision_threshold": min(40_000, cap or 40_000)}}
    return {"filter": {"bool": {"filter": filters}} if filters else {"match_all": {}},
            "aggs": {"n": count}}


def similar(hit: dict) -> tuple[list[dict], int]:
    """(the other versions shown, how many other versions match) of a collapsed hit."""
    inner = hit.get("inner_hits", {}).get("versions", {}).get("hits", {})
    rows = [version_row(h["_source"]) for h in inner.get("hits", []) if h["_id"] != hit["_id"]]
    return rows[:SIMILAR_SHOWN], max(0, inner.get("total", {}).get("value", 1) - 1)


def version_row(src: dict) -> dict:
    return {**stored_values(src, VERSION_FIELDS), "date": src.get("date") or None}


def story_versions(client, index: str, doc_id: str, limit: int = 50) -> list[dict]:
    res = client.search(index=index, body={"query": {"term": {"id": doc_id}}, "size": 1,
                                           "_source": ["story"]})
    if not res["hits"]["hits"]:
        return []
    story = res["hits"]["hits"][0]["_source"].get("story")
    if not story:
        return []
    res = client.search(index=index, body={
        "query": {"bool": {"filter": [{"term": {"story": story}}],
                           "must_not": [{"term": {"id": doc_id}}]}},
        "size": limit, "sort": _ORDER, "_source": VERSION_FIELDS})
    return [version_row(h["_source"]) for h in res["hits"]["hits"]]


# -- statistics
def field_terms(client, index: str, field: str) -> int:
    """The term occurrences of a text field in an index: the field statistics (sum_ttf) that
    term vectors report cover one shard, so they are asked once per shard (an artificial
    document routed by the id of a document that shard holds)."""
    total = 0
    for name, info in client.indices.get_settings(index=index).items():
        for shard in range(int(info["settings"]["index"]["number_of_shards"])):
            res = client.search(index=name, preference=f"_shards:{shard}",
                                body={"size": 1, "_source": False, "query": {"exists": {"field": field}}})
            hits = res["hits"]["hits"]
            if not hits:
                continue
            tv = client.termvectors(index=name, routing=hits[0].get("_routing") or hits[0]["_id"],
                                    body={"doc": {field: "x"}, "fields": [field], "field_statistics": True,
                                          "term_statistics": False, "positions": False, "offsets": False})
            total += int(tv["term_vectors"][field]["field_statistics"]["sum_ttf"])
    return total


def index_has_stories(corpus, ttl: float = 30.0) -> bool:
    """has_stories for a searcher's alias, looked up again after `ttl` seconds (a rebuild
    may switch the alias to an index with the story field)."""
    now = time.monotonic()
    checked = getattr(corpus, "_stories_checked", None)
    if checked is None or now - checked[0] > ttl:
        checked = (now, corpus.call(has_stories, client=corpus.client, index=corpus.name))
        corpus._stories_checked = checked
    return checked[1]
