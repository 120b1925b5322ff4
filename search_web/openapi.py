"""The OpenAPI 3.0 description of the JSON API (served at /api/openapi.json)."""
from __future__ import annotations

from corpus.fields import FACET_REGISTRY, FACETS
from corpus.messages import MESSAGES
from corpus.request import MAX_SPLIT
from corpus.search import MAX_PAGE, MAX_SIZE, SORTS
from search_web import params
from search_web.responses import CODES

FACET_HELP = {f.name: f.help for f in FACET_REGISTRY}

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


def research_paths(filters: list, errors: dict) -> dict:
    """/api/concordance and /api/collocations (search_web/research.py)."""
    from corpus.research import collocations as coll, concordance as conc
    common = [
        _q("q", "The word(s) to look at (query syntax as for search).",
           {"type": "string", "minLength": 1, "maxLength": params.MAX_QUERY_CHARS}, required=True),
        _q("op", "and or or (as for search).", {"type": "string", "enum": ["and", "or"], "default": "and"}),
        _q("exact", "1: only the exact (normalised) forms; 0: every form with the same stem.",
           {"type": "string", "enum": ["0", "1"], "default": "0"}),
        *filters,
        _q("since", "From this date (inclusive).", {"type": "string", "format": "date"}),
        _q("until", "Up to this date (inclusive).", {"type": "string", "format": "date"}),
    ]
    words = {"type": "array", "items": {"type": "string"}}
    line = {"type": "object", "properties": {
        "doc_id": {"type": "string"}, "title": {"type": "string"},
        "date": {"type": "string", "nullable": True}, "source": {"type": "string"},
        "lang": {"type": "string"}, "left": {"type": "string"}, "keyword": {"type": "string"},
        "right": {"type": "string"}, "start": {"type": "integer"}}}
    word_row = {"type": "object", "properties": {
        "word": {"type": "string"}, "stem": {"type": "string"}, "together": {"type": "integer"},
        "total": {"type": "integer"}, "fg_docs": {"type": "integer"}, "bg_docs": {"type": "integer"},
        "score": {"type": "number"}}}
    bad = {k: errors[k] for k in ("400", "405", "500", "503")}
    return {
        "/api/concordance": {"get": {
            "operationId": "concordance",
            "summary": "KWIC: every occurrence of the query's words with words of context",
            "parameters": common + [
                _q("width", "Words of context either side.",
                   {"type": "integer", "minimum": 1, "maximum": conc.MAX_WIDTH, "default": 8}),
                _q("sort", "position: in ranking order; left / right: by the first word "
                           "before / after the keyword.",
                   {"type": "string", "enum": list(conc.SORTS), "default": "position"}),
                _q("page", "Page of lines.", {"type": "integer", "minimum": 1, "maximum": conc.MAX_PAGE, "default": 1}),
                _q("size", "Lines per page.", {"type": "integer", "minimum": 1, "maximum": conc.MAX_SIZE, "default": 100}),
                _q("format", "json, or csv: the lines (up to 5,000) with a link to each document.",
                   {"type": "string", "enum": ["json", "csv"], "default": "json"}),
            ],
            "responses": {"200": {"description": "Lines", "content": {
                "application/json": {"schema": {"type": "object", "properties": {
                    "query": {"type": "string"}, "documents": {"type": "integer"},
                    "read_documents": {"type": "integer"}, "more": {"type": "boolean"},
                    "complete": {"type": "boolean"}, "words": words, "notices": words,
                    "lines": {"type": "array", "items": line}}}},
                "text/csv": {"schema": {"type": "string"}}}}, **bad},
        }},
        "/api/collocations": {"get": {
            "operationId": "collocations",
            "summary": "Words near the query (log-likelihood) and key terms of its results (JLH)",
            "parameters": common + [
                _q("window", "Words either side counted as near.",
                   {"type": "integer", "minimum": 1, "maximum": coll.MAX_WINDOW, "default": 5}),
                _q("docs", "Read the first this many matching documents (ranking order).",
                   {"type": "integer", "minimum": 1, "maximum": coll.MAX_DOCS, "default": 500}),
                _q("top", "Rows of each list.", {"type": "integer", "minimum": 1, "maximum": coll.MAX_TOP, "default": 50}),
                _q("format", "json only.", {"type": "string", "enum": ["json"], "default": "json"}),
            ],
            "responses": {"200": {"description": "Collocates and key terms", "content": {
                "application/json": {"schema": {"type": "object", "properties": {
                    "query": {"type": "string"}, "documents": {"type": "integer"},
                    "read_documents": {"type": "integer"}, "corpus_documents": {"type": "integer"},
                    "collocates": {"type": "array", "items": word_row},
                    "key_terms": {"type": "array", "items": word_row}, "notices": words}}}}}, **bad},
        }},
    }


def spec(export_limit: int = params.EXPORT_LIMIT) -> dict:
    filters = [
        _q(f, f"{FACET_HELP[f]} Repeatable (values are OR-ed; different filters are AND-ed); "
              f"at most {params.MAX_VALUES_PER_PARAM} values.",
           {"type": "array", "items": {"type": "string", "maxLength": params.MAX_VALUE_CHARS},
            "maxItems": params.MAX_VALUES_PER_PARAM}, style="form", explode=True)
        for f in FACETS
    ]
    search_params = [
        _q("q", "Query: words (all must match unless op=or), \"phrases\", OR/AND/NOT, word*, "
                "field:value (title, body, place, source, ...), date:[2019-01-01 TO 2019-12-31]. "
                "Empty or *: every document. A query that is not valid syntax is searched as "
                "plain words (see notices); a wildcard expands to at most 500 of its most "
                "frequent words.",
           {"type": "string", "maxLength": params.MAX_QUERY_CHARS}),
        _q("op", "and: all words must match; or: any word.",
           {"type": "string", "enum": ["and", "or"], "default": "and"}),
        _q("translate", "auto (default): each word also searches its translations into the other "
                        "language (English <-> Arabic: our table of news terms, FreeDict, "
                        "names transliterated and matched to the index's words), ranked below "
                        "the words as typed; off: as typed.",
           {"type": "string", "enum": ["auto", "off"], "default": "auto"}),
        _q("semantic", "auto (default): on an index built with `corpus index --embeddings`, a "
                       "query of plain words also finds the up to 100 documents closest to it in "
                       "meaning (multilingual sentence embeddings: an English query finds Arabic "
                       "articles), within the filters and dates; they join the results (total, "
                       "facets and histogram count them; see semantic in the response) and the "
                       "relevance ranking fuses both. off: words only. Not applied with "
                       "group=story, nor to exports and trends.",
           {"type": "string", "enum": ["auto", "off"], "default": "auto"}),
        _q("drop", "A translated term to leave out (as listed in translations). Repeatable.",
           {"type": "array", "items": {"type": "string", "maxLength": params.MAX_VALUE_CHARS},
            "maxItems": params.MAX_VALUES_PER_PARAM}, style="form", explode=True),
        *filters,
        _q("since", "From this date (inclusive).", {"type": "string", "format": "date"}),
        _q("until", "Up to this date (inclusive).", {"type": "string", "format": "date"}),
        _q("group", "story: one result per story (near-duplicate articles folded, their other "
                    "versions in similar/similar_count; stories counts them; at most 10,000 "
                    "stories deep); none: every article. The pages default to story.",
           {"type": "string", "enum": ["none", "story"], "default": "none"}),
        _q("count", "What facet counts count. stories: the distinct stories among the matching "
                    "articles holding each value (a story printed by five papers counts once "
                    "under each paper and once under its language), and stories the distinct "
                    "stories of all hits; documents: articles (the default; the response says "
                    "which in count). On "
                    "OpenSearch story counts are a cardinality aggregation: exact (but for rare "
                    "hash collisions) below its precision threshold, estimated above; the "
                    "threshold is 40,000 for facets of a few dozen values and lower for facets "
                    "with many (hundreds of places, thousands of authors: see the README).",
           {"type": "string", "enum": ["documents", "stories"]}),
        _q("sort", "relevance, date (oldest first) or -date (newest first). Default: relevance "
                   "with a query, -date (newest first) without one.",
           {"type": "string", "enum": list(SORTS)}),
        _q("page", "Result page (JSON format).",
           {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
        _q("size", "Results per page (JSON format). 0: counts only: total, stories, facets and "
                   "histogram without hits (results is [], pages 0), e.g. to measure many "
                   "queries cheaply.",
           {"type": "integer", "minimum": 0, "maximum": MAX_SIZE, "default": params.DEFAULT_SIZE}),
        _q("format", f"json (a page of results with facets), or csv / jsonl: a streamed download "
                     f"of all hits (no snippets), at most {export_limit:,} rows. CSV is UTF-8 "
                     f"with a BOM; cells starting with = + - @ get a leading ' (formula "
                     f"injection). An export the server cannot finish ends with an error line "
                     f"(CSV: one cell starting #ERROR; JSON Lines: {{\"error\": {{status, message, "
                     f"rows, next_offset}}}}) saying where to continue.",
           {"type": "string", "enum": list(params.FORMATS), "default": "json"}),
        _q("limit", f"Exports: at most this many rows (default and maximum {export_limit:,}); "
                    f"ignored by format=json (use size and page).",
           {"type": "integer", "minimum": 1, "maximum": export_limit, "default": export_limit}),
        _q("offset", f"Exports: skip this many hits first. An export stops at {export_limit:,} "
                     f"rows; offset=0, {export_limit}, {2 * export_limit} ... fetch every hit in "
                     "slices (the search page links them when the limit cuts).",
           {"type": "integer", "minimum": 0, "maximum": MAX_PAGE * MAX_SIZE, "default": 0}),
        _q("include", "Exports: optional columns, comma-separated: story (the story id, "
                      "shared by near-duplicates), snippet (plain text around the matches), "
                      "text (the full body). They follow the other columns in that order "
                      "(see ExportRow).",
           {"type": "string", "pattern": "^(%s)(,(%s))*$" % (("|".join(params.EXPORT_COLUMNS),) * 2)}),
        _q("interval", "The histogram's interval; auto picks day, week, month or year from the "
                       "span of the hits' dates.",
           {"type": "string", "enum": list(params.INTERVALS), "default": "auto"}),
        _q("facet_size", "Values per facet (the most frequent; chosen values always listed).",
           {"type": "integer", "minimum": 1, "maximum": params.MAX_FACET_SIZE, "default": params.FACET_SIZE}),
    ]
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
                "parameters": search_params,
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
                    _q("q", "Highlight this query's matches in title_html and body_html.",
                       {"type": "string", "maxLength": params.MAX_QUERY_CHARS}),
                    _q("op", "and or or (as for search).",
                       {"type": "string", "enum": ["and", "or"], "default": "and"}),
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
                "responses": {
                    "200": {"description": "Statistics",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Stats"}}}},
                    **{k: errors[k] for k in ("400", "405", "500", "503")},     # 400: any parameter
                },
            }},
            **research_paths(filters, errors),
            "/api/trends": {"get": {
                "operationId": "trends",
                "summary": "Several queries over time: counts and rates per 1,000 documents",
                "description": "The periods are those of every document passing the filters "
                               "(the baseline); each query is counted on them. With split=FACET "
                               f"one query gives one series per value of the facet (the {MAX_SPLIT} "
                               "values with most matches at most, most first), each rated per "
                               "1,000 of that value's own documents in the period (its documents).",
                "parameters": [
                    _q("q", "A query (repeat q to compare up to 8).",
                       {"type": "array", "items": {"type": "string", "minLength": 1,
                                                   "maxLength": params.MAX_QUERY_CHARS},
                        "minItems": 1, "maxItems": 8}, required=True, explode=True),
                    *[p for p in search_params if p["name"] in ("op", "translate", "since", "until", "interval")],
                    *filters,
                    _q("split", f"A facet: one series per value (at most {MAX_SPLIT}) of the one query, "
                                "e.g. split=source compares the sources' coverage of a subject.",
                       {"type": "string", "enum": list(FACETS)}),
                    _q("format", "json, or csv: one row per period and query (split: and value, "
                                 "in a column named after the facet).",
                       {"type": "string", "enum": ["json", "csv"], "default": "json"}),
                ],
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
                        "message": {"type": "string", "description": "The English message."}},
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
                    "translations": {
                        "type": "array", "description": "What each word (or table phrase) also "
                        "searched with translate=auto; dropped: terms left out by drop.",
                        "items": {"type": "object", "required": ["source", "terms", "dropped"],
                                  "properties": {"source": {"type": "string"},
                                                 "terms": {"type": "array", "items": {"type": "string"}},
                                                 "dropped": {"type": "array", "items": {"type": "string"}}}}},
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
                },
            },
        }},
    }
