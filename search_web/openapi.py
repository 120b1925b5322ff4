"""The OpenAPI 3.0 description of the JSON API (served at /api/openapi.json).

Every route's parameters come from the one parameter table (search_web/params.py), which the
views check requests against: what is documented is what is accepted
(tests/test_param_table.py). This module adds the paths and the responses' schemas.
"""
from __future__ import annotations

from corpus.fields import FACET_REGISTRY, FACETS
from corpus.messages import MESSAGES
from corpus.request import MAX_SPLIT
from search_web import params
from search_web.responses import CODES

MISSING = " null when the document has none."
# A document's values: a missing one is null (an empty cell in CSV exports), never "".
VALUES = {
    "id": {"type": "string", "description": "Document id: a record id, URL or file path."},
    "title": {"type": "string"},
    "date": {"type": "string", "format": "date", "nullable": True, "description": "ISO date;" + MISSING},
    "lang": {"type": "string", "nullable": True, "description": "Language code;" + MISSING},
    "source": {"type": "string", "nullable": True, "description": "Source;" + MISSING},
    "agency": {"type": "string", "nullable": True,
               "description": "The agency or paper named in the byline;" + MISSING},
    "section": {"type": "string", "nullable": True, "description": "Section;" + MISSING},
    "author": {"type": "string", "nullable": True,
               "description": "The person named in the byline;" + MISSING},
    "place": {"type": "string", "nullable": True,
              "description": "A place id (Erbil) or the place as written;" + MISSING},
    "url": {"type": "string", "nullable": True, "description": "The article's address;" + MISSING},
    "score": {"type": "number", "nullable": True,
              "description": "BM25F relevance; null when sorted by date."},
}
# people, organisations and places mentioned (corpus/fields.py: the multi facets)
MENTIONS = {f.name: {"type": "array", "items": {"type": "string"},
                     "description": f"{f.help} Every value the article holds (JSON: a list, empty "
                                    "when none; CSV: the values joined by \"; \")."}
            for f in FACET_REGISTRY if f.multi}
HIT = {
    "type": "object",
    "properties": {
        **VALUES,
        "snippet": {"type": "string", "description": "HTML: escaped text, query matches in <mark>."},
        "similar": {"type": "array", "description": "group=story: a few other matching versions "
                    "of its story (id, title, source, date, lang), oldest first.",
                    "items": {"type": "object"}},
        "similar_count": {"type": "integer", "description": "group=story: other matching versions."},
    },
    "required": ["id", "title", "date", "lang", "source", "url", "score", "snippet"],
}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _q(name: str, description: str, schema: dict, **extra) -> dict:
    return {"name": name, "in": "query", "description": description, "schema": schema, **extra}


def parameters(endpoint: str, export_limit: int = params.EXPORT_LIMIT) -> list[dict]:
    """An endpoint's API parameters, from the one table (search_web/params.py)."""
    out = []
    for p in params.table(export_limit)[endpoint]:
        if p.on(api=True):
            out.append(_q(p.name, p.help, p.schema, **({"required": True} if p.required else {}),
                          **({"style": "form", "explode": True} if p.repeat else {})))
    return out


def research_paths(errors: dict) -> dict:
    """/api/concordance and /api/collocations (search_web/research.py)."""
    words = {"type": "array", "items": {"type": "string"}}
    line = {"type": "object", "properties": {
        "doc_id": {"type": "string"}, "title": {"type": "string"},
        "date": {"type": "string", "nullable": True}, "source": {"type": "string"},
        "lang": {"type": "string"}, "left": {"type": "string"}, "keyword": {"type": "string"},
        "right": {"type": "string"}, "start": {"type": "integer"}}}
    word_row = {"type": "object", "properties": {
        "word": {"type": "string"}, "stem": {"type": "string"}, "together": {"type": "integer"},
        "total": {"type": "integer"}, "fg_docs": {"type": "integer"}, "bg_docs": {"type": "integer"},
        "score": {"type": "number"}, "n": {"type": "integer", "description": "Words in the collocate (1-3)."},
        "per_million": {"type": "number", "nullable": True,
                        "description": "Its occurrences per million words of the texts read."}}}
    notes = {"type": "array", "description": "What the figures are: caps, samples and definitions, "
                     "in English (en) and Arabic (ar), each with a code.",
                     "items": {"type": "object", "properties": {"code": {"type": "string"},
                               "en": {"type": "string"}, "ar": {"type": "string"}}}}
    bad = {k: errors[k] for k in ("400", "405", "500", "503")}
    return {
        "/api/concordance": {"get": {
            "operationId": "concordance",
            "summary": "KWIC: every occurrence of the query's words with words of context",
            "parameters": parameters("concordance"),
            "responses": {"200": {"description": "Lines", "content": {
                "application/json": {"schema": {"type": "object", "properties": {
                    "query": {"type": "string"}, "documents": {"type": "integer"},
                    "read_documents": {"type": "integer"}, "more": {"type": "boolean"},
                    "complete": {"type": "boolean"}, "words": words, "notices": words,
                    "occurrences": {"type": "integer", "description": "Every occurrence in the bodies of "
                                    "the matching documents (all lines read; see complete)."},
                    "lines_total": {"type": "integer", "description": "Lines listed (one per story with per_story)."},
                    "documents_with_lines": {"type": "integer"}, "stories": {"type": "integer"},
                    "corpus_words": {"type": "integer", "description": "Words in the index (analysed body "
                                     "terms; stopwords and numbers left out)."},
                    "per_million": {"type": "number", "nullable": True,
                                    "description": "occurrences per million words of the index."},
                    "max_lines": {"type": "integer", "description": "The cap on lines read."},
                    "per_story": {"type": "boolean"}, "notes": notes,
                    "lines": {"type": "array", "items": line}}}},
                "text/csv": {"schema": {"type": "string"}}}}, **bad},
        }},
        "/api/collocations": {"get": {
            "operationId": "collocations",
            "summary": "Words near the query (log-likelihood) and key terms of its results (JLH)",
            "parameters": parameters("collocations"),
            "responses": {"200": {"description": "Collocates and key terms", "content": {
                "application/json": {"schema": {"type": "object", "properties": {
                    "query": {"type": "string"}, "documents": {"type": "integer"},
                    "read_documents": {"type": "integer"}, "corpus_documents": {"type": "integer"},
                    "collocates": {"type": "array", "items": word_row},
                    "key_terms": {"type": "array", "items": word_row}, "notices": words,
                    "occurrences": {"type": "integer"}, "tokens": {"type": "integer"},
                    "sample": {"type": "boolean", "description": "Fewer documents read than match."},
                    "ngram": {"type": "string"}, "corpus_words": {"type": "integer"},
                    "per_million": {"type": "number", "nullable": True,
                                    "description": "The query's occurrences per million words of the index "
                                                   "(null when a sample was read)."},
                    "max_docs": {"type": "integer"}, "notes": notes}}},
                "text/csv": {"schema": {"type": "string"}}}}, **bad},
        }},
    }


def entity_paths(errors: dict) -> dict:
    """/api/places (the map's data) and /api/entities/{kind}/{id} (search_web/entities.py)."""
    from corpus.research import entities as ent, places as plc
    count = {"type": "integer", "description": "Documents."}
    value_count = {"type": "object", "required": ["value", "count"],
                   "properties": {"value": {"type": "string"}, "count": count}}
    place = {"type": "object", "required": ["id", "count", "lat", "lon"], "properties": {
        "id": {"type": "string", "description": "The place's id (its English name; the "
               "mentioned_place filter's value)."},
        "count": {"type": "integer", "description": "Documents among the results whose text "
                  "mentions the place (not the dateline)."},
        "lat": {"type": "number"}, "lon": {"type": "number"}}}
    bad = {k: errors[k] for k in ("400", "405", "500", "503")}
    return {
        "/api/places": {"get": {
            "operationId": "places",
            "summary": "The places a result set mentions, with document counts and coordinates (the map's data)",
            "description": "Every search parameter that selects documents applies (q, op, translate, "
                           "semantic, drop, filters, since, until). Counts are documents whose "
                           "title or text mentions the place (the mentioned_place facet), not the "
                           "dateline (place); a document mentioning three places counts once for "
                           f"each. At most the {plc.MAX_PLACES:,} most mentioned places are read "
                           "(places_cut says when more are mentioned).",
            "parameters": parameters("places"),
            "responses": {
                "200": {"description": "Places", "content": {"application/json": {"schema": {
                    "type": "object",
                    "required": ["query", "total", "places", "unmapped", "without_mapped_place"],
                    "properties": {
                        "query": {"type": "string"},
                        "total": {"type": "integer", "description": "Documents matching."},
                        "count": {"type": "string", "enum": ["documents"]},
                        "counted": {"type": "string"},
                        "places": {"type": "array", "items": place,
                                   "description": "Mentioned places with coordinates (from the "
                                   "gazetteer), most mentioned first."},
                        "unmapped": {"type": "array", "description": "Mentioned places the "
                                     "gazetteer has no coordinates for.",
                                     "items": {"type": "object", "properties": {
                                         "id": {"type": "string"}, "count": {"type": "integer"}}}},
                        "without_mapped_place": {"type": "integer", "description": "Documents "
                                                 "among the results that mention no place of places."},
                        "places_cut": {"type": "boolean"}, "max_places": {"type": "integer"},
                        "notices": {"type": "array", "items": {"type": "string"}}}}},
                    "text/csv": {"schema": {"type": "string"}}}},
                **bad,
            },
        }},
        "/api/entities/{kind}/{id}": {"get": {
            "operationId": "entity",
            "summary": "A person, organisation or place mentioned: its documents over time, "
                       "what is mentioned with it, its sources, its latest articles",
            "description": "kind person, org or place (the facets person, org and mentioned_place); "
                           "id the facet value (any spelling the tables know). Every count is of "
                           "documents that mention the entity (and, under mentioned_with, the "
                           f"other value too); the {ent.TOP} most frequent values per kind, the "
                           f"{ent.LATEST} latest articles.",
            "parameters": [
                {"name": "kind", "in": "path", "required": True,
                 "schema": {"type": "string", "enum": list(ent.KINDS)}},
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}},
                *parameters("entity"),
            ],
            "responses": {
                "200": {"description": "The entity", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["kind", "id", "documents", "histogram",
                                                   "mentioned_with", "sources", "latest"],
                    "properties": {
                        "kind": {"type": "string"}, "id": {"type": "string"},
                        "facet": {"type": "string"},
                        "names": {"type": "object", "properties": {"ar": {"type": "string"},
                                                                    "en": {"type": "string"}}},
                        "documents": {"type": "integer", "description": "Documents that mention it."},
                        "count": {"type": "string", "enum": ["documents"]},
                        "histogram": {"$ref": "#/components/schemas/Histogram"},
                        "mentioned_with": {"type": "object", "description": "person, org, place: "
                                           "the values most often mentioned in its documents.",
                                           "additionalProperties": {"type": "array", "items": value_count}},
                        "sources": {"type": "array", "items": value_count},
                        "latest": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                        "links": {"type": "object"},
                        "notices": {"type": "array", "items": {"type": "string"}}}}}}},
                "404": _error("No such kind, or no document mentions the entity."),
                **bad,
            },
        }},
    }


def spec(export_limit: int = params.EXPORT_LIMIT) -> dict:
    errors = {
        "400": _error("Bad parameter (unknown sort or parameter, page out of range, size > 100, "
                      "bad date, too long q, too many values)."),
        "404": _error("Not found."),
        "405": _error("Method not allowed (the API is read-only: GET)."),
        "500": _error("Internal error (no details are returned)."),
        "503": _error("No index is available, or the search cluster cannot answer now (a "
                      "Retry-After header says in how many seconds to ask again)."),
    }
    row_props = {k: v for k, v in VALUES.items() if k != "score"}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Bilingual news corpus API",
            "version": "1.0.0",
            "description": "Search an Arabic/English news corpus: ranked hits with highlighted "
                           "snippets, facet counts (each facet counts the documents matching "
                           "the query and the *other* filters), single documents, statistics "
                           f"and CSV/JSONL exports of up to {export_limit:,} hits. Every "
                           "error is JSON: {\"error\": {\"status\", \"code\", \"message\"}}.",
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/search": {"get": {
                "operationId": "search",
                "summary": "Search; or export all hits with format=csv|jsonl",
                "parameters": parameters("search", export_limit),
                "responses": {
                    "200": {"description": "Results (format=json), or a streamed attachment",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}},
                                "text/csv": {"schema": {"type": "string"}},
                                "application/x-ndjson": {"schema": {"$ref": "#/components/schemas/ExportRow"}},
                            }},
                    **{k: errors[k] for k in ("400", "405", "500", "503")},
                },
            }},
            "/api/documents/{id}": {"get": {
                "operationId": "document",
                "summary": "One document with its full text",
                "description": "Ids may contain / and : (they are file paths or URLs); "
                               "percent-encode other reserved characters (? # %).",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"},
                     "description": "Document id (slashes allowed)."},
                    *parameters("document"),
                ],
                "responses": {
                    "200": {"description": "The document",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}},
                    **{k: errors[k] for k in ("400", "404", "405", "500", "503")},
                },
            }},
            "/api/stats": {"get": {
                "operationId": "stats",
                "summary": "Document counts per language, source and year (each with a "
                           "'(unknown)' row, so that it adds up to documents); index size",
                "parameters": parameters("stats"),
                "responses": {
                    "200": {"description": "Statistics",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Stats"}}}},
                    **{k: errors[k] for k in ("400", "405", "500", "503")},     # 400: any other parameter
                },
            }},
            **research_paths(errors),
            **entity_paths(errors),
            "/api/trends": {"get": {
                "operationId": "trends",
                "summary": "Several queries over time: counts and rates per 1,000 documents",
                "description": "The periods are those of every document passing the filters "
                               "(the baseline); each query is counted on them. With split=FACET "
                               f"one query gives one series per value of the facet (the {MAX_SPLIT} "
                               "values with most matches at most, most first), each rated per "
                               "1,000 of that value's own documents in the period (its documents).",
                "parameters": parameters("trends"),
                "responses": {
                    "200": {"description": "Trends", "content": {
                        "application/json": {"schema": {"type": "object", "properties": {
                            "interval": {"type": "string"},
                            "split": {"type": "string", "nullable": True,
                                      "description": "The facet split by; null without split."},
                            "periods": {"type": "array", "items": {"type": "object", "properties": {
                                "start": {"type": "string"}, "end": {"type": "string"},
                                "documents": {"type": "integer"}}}},
                            "series": {"type": "array", "items": {"type": "object", "properties": {
                                "query": {"type": "string"}, "total": {"type": "integer"},
                                "value": {"type": "string", "nullable": True,
                                          "description": "split: the facet value counted."},
                                "documents": {"type": "array", "nullable": True,
                                              "items": {"type": "integer"},
                                              "description": "split: the value's own documents "
                                              "per period (the rates' denominators)."},
                                "counts": {"type": "array", "items": {"type": "integer"}},
                                "per_1000": {"type": "array", "items": {"type": "number", "nullable": True}},
                                "notices": {"type": "array", "items": {"type": "string"}}}}}}}},
                        "text/csv": {"schema": {"type": "string"}}}},
                    **{k: errors[k] for k in ("400", "405", "500", "503")},
                },
            }},
            "/api/openapi.json": {"get": {
                "operationId": "openapi",
                "summary": "This description",
                "responses": {"200": {"description": "OpenAPI 3.0 document",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}},
            }},
        },
        "components": {"schemas": {
            "Error": {
                "type": "object", "required": ["error"],
                "properties": {"error": {
                    "type": "object", "required": ["status", "code", "message"],
                    "properties": {
                        "status": {"type": "integer"},
                        "code": {"type": "string", "enum": [*MESSAGES, *CODES.values(), "error"],
                                 "description": "What went wrong, stable for programs: a 400's "
                                                "names the rule (the pages show its message in "
                                                "Arabic by this code); other statuses' are "
                                                "not_found, method_not_allowed, internal_error, "
                                                "unavailable, or error."},
                        "message": {"type": "string", "description": "The message: English, or "
                                    "Arabic when the request says hl=ar."}},
                }},
            },
            "Hit": HIT,
            "ExportRow": {"type": "object", "description": "A row of a CSV or JSON Lines export "
                          "(CSV: these columns in this order; a missing value is an empty cell).",
                          "properties": {
                **VALUES,
                "byline": {"type": "string", "nullable": True,
                           "description": "The author value as the source gave it;" + MISSING},
                "story": {"type": "string", "nullable": True, "description": "include=story: the "
                          "story id, shared by near-duplicate articles (versions of one wire "
                          "story); null on an index built before stories."},
                "snippet": {"type": "string", "description": "include=snippet: plain text "
                            "around the matches."},
                "text": {"type": "string", "description": "include=text: the body."},
                **MENTIONS}},
            "Histogram": {
                "type": "object", "required": ["interval", "buckets", "undated"],
                "description": "Hits over time: every period from the first to the last hit's "
                               "date, empty ones included; undated hits are counted apart.",
                "properties": {
                    "interval": {"type": "string", "enum": ["day", "week", "month", "year"]},
                    "undated": {"type": "integer"},
                    "buckets": {"type": "array", "items": {
                        "type": "object", "required": ["start", "end", "count"],
                        "properties": {"start": {"type": "string", "format": "date"},
                                       "end": {"type": "string", "format": "date",
                                               "description": "Inclusive (weeks: Monday to Sunday)."},
                                       "count": {"type": "integer"}}}}}},
            "FacetValue": {
                "type": "object", "required": ["value", "count"],
                "properties": {"value": {"type": "string"},
                               "count": {"type": "integer", "description": "Articles or distinct "
                                         "stories holding the value: see the response's count."},
                               "selected": {"type": "boolean"}},
            },
            "SearchResults": {
                "type": "object",
                "required": ["query", "total", "page", "size", "took_ms", "results", "facets"],
                "properties": {
                    "group": {"type": "string", "enum": ["none", "story"]},
                    "stories": {"type": "integer", "nullable": True,
                                "description": "Distinct stories among the hits (group=story or count=stories)."},
                    "count": {"type": "string", "enum": ["documents", "stories"],
                              "description": "What the facet counts count (stories: each story "
                                             "once per value; documents when the index predates stories)."},
                    "query": {"type": "string"}, "op": {"type": "string"}, "sort": {"type": "string"},
                    "filters": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                    "since": {"type": "string", "nullable": True},
                    "until": {"type": "string", "nullable": True},
                    "total": {"type": "integer"}, "page": {"type": "integer"},
                    "size": {"type": "integer"}, "pages": {"type": "integer"},
                    "took_ms": {"type": "number"},
                    "notices": {"type": "array", "items": {"type": "string"},
                                "description": "What the user should know: the query was searched "
                                               "as plain words, a wildcard expansion was capped."},
                    "notice_codes": {"type": "array", "items": {"type": "string", "nullable": True},
                                     "description": "Each notice's code (corpus/messages.py), in "
                                                    "the same order: stable for programs."},
                    "translations": {
                        "type": "array", "description": "What each word (or table phrase, or name "
                        "matched as a phrase in the index) also searched with translate=auto; "
                        "dropped: terms left out by drop; phrases: the terms searched as phrases "
                        "(their words adjacent and in order); written: the names searched as "
                        "written (exact: with attached و ف ب ك ل), not by stem.",
                        "items": {"type": "object", "required": ["source", "terms", "dropped", "phrases", "written"],
                                  "properties": {"source": {"type": "string"},
                                                 "terms": {"type": "array", "items": {"type": "string"}},
                                                 "dropped": {"type": "array", "items": {"type": "string"}},
                                                 "phrases": {"type": "array", "items": {"type": "string"}},
                                                 "written": {"type": "array", "items": {"type": "string"}}}}},
                    "untranslated": {
                        "type": "array", "items": {"type": "string"},
                        "description": "Query words (translate=auto) with no translation the index "
                        "holds and no document holding them as typed; within an AND of other words "
                        "they are searched as optional (a notice says so)."},
                    "semantic": {
                        "type": "object", "nullable": True, "required": ["k", "added"],
                        "description": "What the vector path did (null when it did not run: an "
                        "index without embeddings, semantic=off, a query with fields, NOT or "
                        "wildcards): k, the most neighbours it adds; added, the documents it found "
                        "that the words did not match (counted in total).",
                        "properties": {"k": {"type": "integer"}, "added": {"type": "integer"}}},
                    "suggestion": {
                        "type": "object", "nullable": True, "required": ["query", "total"],
                        "description": "Did you mean: a corrected query and its hits, only when it "
                        "finds clearly more (pages search it at once when the query finds nothing).",
                        "properties": {"query": {"type": "string"}, "total": {"type": "integer"}}},
                    "variants": {
                        "type": "array", "description": "Spellings of the same word searched too "
                        "(عبد العزيز / عبدالعزيز, البشمركة / البيشمركة).",
                        "items": {"type": "object", "required": ["word", "added"],
                                  "properties": {"word": {"type": "string"},
                                                 "added": {"type": "array", "items": {"type": "string"}}}}},
                    "histogram": {"$ref": "#/components/schemas/Histogram"},
                    "timeline": {"type": "object", "description": "With split or normalize: the trends shape "
                                 "(as /api/trends) plus normalize and gaps (periods without any document).",
                                 "properties": {"interval": {"type": "string"}, "split": {"type": "string", "nullable": True},
                                                "normalize": {"type": "string", "nullable": True},
                                                "gaps": {"type": "array", "items": {"type": "string", "format": "date"}},
                                                "periods": {"type": "array", "items": {"type": "object"}},
                                                "series": {"type": "array", "items": {"type": "object"}}}},
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                    "facets": {
                        "type": "object",
                        "description": "Per facet (" + ", ".join(FACETS) + "): the top values with counts.",
                        "additionalProperties": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
                    },
                },
            },
            "Document": {
                "type": "object", "required": ["id"],
                "properties": {**row_props, **MENTIONS, "path": {"type": "string"},
                               "body": {"type": "string"},
                               "title_html": {"type": "string", "description": "Escaped title, matches in <mark>."},
                               "body_html": {"type": "string", "description": "Escaped body, matches in <mark>."}},
            },
            "Stats": {
                "type": "object",
                "properties": {
                    "documents": {"type": "integer"},
                    "lang": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "source": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "year": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "index_bytes": {"type": "integer"},
                    "last_indexed": {"type": "string", "nullable": True},
                    "sources": {"type": "array", "items": {"type": "string"},
                                "description": "Indexed sources (file or folder names)."},
                    "coverage": {"type": "object", "description": "Documents per period per source (by day "
                                 "when the span allows, else week, month or year), zero-filled from the "
                                 "first dated document to the last; empty lists the periods with no "
                                 "documents at all, missing counts a source's periods without documents.",
                                 "properties": {"interval": {"type": "string"},
                                                "periods": {"type": "array", "items": {"type": "string"}},
                                                "documents": {"type": "array", "items": {"type": "integer"}},
                                                "empty": {"type": "array", "items": {"type": "string"}},
                                                "sources": {"type": "array", "items": {"type": "object", "properties": {
                                                    "source": {"type": "string"}, "documents": {"type": "integer"},
                                                    "counts": {"type": "array", "items": {"type": "integer"}},
                                                    "missing": {"type": "integer"}}}}}},
                },
            },
        }},
    }
