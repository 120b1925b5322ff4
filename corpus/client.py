"""A Python client of the corpus's JSON API, for scripts and notebooks: the standard library
only (urllib), so it runs wherever Python does; pandas is used by .to_dataframe() when it is
installed, and is not a dependency.

    from corpus.client import Client
    api = Client("http://127.0.0.1:8000")
    api.count("النفط", source="alriyadh")                   # -> 57
    for hit in api.search("النفط", since="2015-08-01"):     # every hit, streamed
        print(hit["id"], hit["title"])
    api.trends("", split="source", interval="month").to_dataframe()   # monthly counts per source
    api.concordance("الحوثي", sort="left").rows              # every line
    api.collocations("الحوثي", ngram=2).rows

Filters are keyword arguments named as the API's (source=, lang=, agency=, place=, ...,
since=, until=); a list repeats the parameter (source=["sabq", "okaz"]). A request the API
refuses raises BadRequest (400), NotFound (404), Unavailable (503) or ApiError, each with
the API's `code` and `message`; a server that cannot be reached raises Unreachable.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Iterable, Iterator

EXPORT_CHUNK = 10_000       # rows asked per export call (the server's EXPORT_LIMIT by default)
CONCORDANCE_PAGE = 5_000    # lines asked per concordance call (the API's most)
TIMEOUT = 120.0             # seconds; research views over a large result set take a while


class ApiError(Exception):
    """A request the API answered with an error: status, code (corpus/messages.py) and message."""

    def __init__(self, status: int, code: str | None, message: str, url: str = ""):
        super().__init__(f"HTTP {status}{f' [{code}]' if code else ''}: {message}")
        self.status, self.code, self.message, self.url = status, code, message, url


class BadRequest(ApiError):
    """400: an argument the API refuses (unknown parameter, bad date, bad query ...)."""


class NotFound(ApiError):
    """404: no such document or endpoint."""


class Unavailable(ApiError):
    """503: the index cannot answer now (being rebuilt, the cluster down ...)."""


class Unreachable(ApiError):
    """No answer from the server at all (refused, timed out, name unknown)."""


_BY_STATUS = {400: BadRequest, 404: NotFound, 503: Unavailable}


class Rows(list):
    """A list of dicts (one per row) with what the API said about them in `meta`."""

    def __init__(self, rows: Iterable[dict] = (), meta: dict | None = None):
        super().__init__(rows)
        self.meta = meta or {}

    @property
    def rows(self) -> "Rows":
        return self

    def to_dataframe(self):
        return _dataframe(self)


class Hits:
    """Every hit of a search, fetched lazily as it is iterated (the export stream, or pages)."""

    def __init__(self, fetch: Iterator[dict]):
        self._fetch = fetch

    def __iter__(self) -> Iterator[dict]:
        return self._fetch

    def to_dataframe(self):
        return _dataframe(list(self._fetch))


def _dataframe(rows: list[dict]):
    try:
        import pandas
    except ImportError as e:
        raise ImportError("to_dataframe needs pandas (pip install pandas); the rows are plain "
                          "dicts without it") from e
    return pandas.DataFrame(rows)


def _pairs(params: dict) -> list[tuple[str, str]]:
    """Query parameters: None and "" left out, lists repeated, booleans as 1/0."""
    out = []
    for name, value in params.items():
        values = value if isinstance(value, (list, tuple, set)) else [value]
        for v in values:
            if v is None or v == "":
                continue
            out.append((name, str(int(v)) if isinstance(v, bool) else str(v)))
    return out


class Client:
    def __init__(self, url: str, *, timeout: float = TIMEOUT):
        """url: the server's root (http://host:port)."""
        self.url = url.rstrip("/")
        self.timeout = timeout

    # -- transport
    def _open(self, path: str, params: dict):
        query = _pairs(params)
        url = f"{self.url}{path}?{urllib.parse.urlencode(query)}" if query else f"{self.url}{path}"
        req = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            return urllib.request.urlopen(req, timeout=self.timeout)
        except urllib.error.HTTPError as e:
            raise _error(e, url) from None
        except (urllib.error.URLError, OSError) as e:
            raise Unreachable(0, None, f"cannot reach {self.url}: {getattr(e, 'reason', e)}", url) from None

    def get(self, path: str, **params) -> Any:
        """The JSON of any endpoint (e.g. get("/api/stats"))."""
        with self._open(path, params) as resp:
            return json.load(resp)

    # -- the API
    def stats(self) -> dict:
        return self.get("/api/stats")

    def document(self, doc_id: str) -> dict:
        return self.get(f"/api/documents/{urllib.parse.quote(doc_id, safe='')}")

    def count(self, q: str = "", **filters) -> int:
        """How many documents match (counts only: size=0)."""
        return self.get("/api/search", q=q, size=0, **filters)["total"]

    def counts(self, q: str = "", **filters) -> dict:
        """Total, facets and histogram of a search, without hits (size=0)."""
        return self.get("/api/search", q=q, size=0, **filters)

    def search(self, q: str = "", *, via: str = "export", page_size: int = 100, **filters) -> Hits:
        """Every hit, lazily: via="export" reads the JSON Lines export in slices of
        EXPORT_CHUNK rows (no score-ordered page limit); via="pages" reads /api/search pages."""
        if via not in ("export", "pages"):
            raise ValueError("via must be 'export' or 'pages'")
        return Hits(self._export(q, filters) if via == "export" else self._pages(q, page_size, filters))

    def _export(self, q: str, filters: dict) -> Iterator[dict]:
        offset = 0
        while True:
            n = 0
            with self._open("/api/search", {"q": q, "format": "jsonl", "limit": EXPORT_CHUNK,
                                            "offset": offset, **filters}) as resp:
                limit = int(resp.headers.get("X-Export-Limit") or EXPORT_CHUNK)
                for line in resp:
                    if line.strip():
                        row = json.loads(line)
                        if "error" in row and len(row) == 1:    # the stream broke off
                            raise ApiError(500, None, str(row["error"]))
                        n += 1
                        yield row
            if n < limit:
                return
            offset += n

    def _pages(self, q: str, size: int, filters: dict) -> Iterator[dict]:
        page = 1
        while True:
            body = self.get("/api/search", q=q, page=page, size=size, **filters)
            yield from body["results"]
            if page >= body.get("pages", 1) or not body["results"]:
                return
            page += 1

    def trends(self, *queries: str, split: str | None = None, interval: str = "auto",
               **filters) -> Rows:
        """Counts per period (and per 1,000 documents of the period): one series per query,
        or per value of `split` (a facet) for one query. No query (or "") counts every
        document passing the filters: trends("", split="source", interval="month") is the
        monthly count of each source. Rows: period_start, period_end, query, value, count,
        documents, per_1000; meta: the API's JSON."""
        if not [q for q in queries if q]:
            body = self.get("/api/search", q="", size=0, split=split, interval=interval,
                            normalize="volume", **filters)["timeline"]
        else:
            body = self.get("/api/trends", q=list(queries), split=split, interval=interval, **filters)
        rows = []
        for i, period in enumerate(body["periods"]):
            for s in body["series"]:
                docs = (s.get("documents") or [p["documents"] for p in body["periods"]])[i]
                rows.append({"period_start": period["start"], "period_end": period["end"],
                             "query": s["query"], "value": s.get("value"), "count": s["counts"][i],
                             "documents": docs, "per_1000": s["per_1000"][i]})
        return Rows(rows, body)

    def concordance(self, q: str, *, page: int | None = None, size: int = 100, **options) -> Rows:
        """The lines of a concordance (width=, sort=, per_story=, exact=, filters ...): every
        line, in the page's order, unless `page` is given (then that page of `size` lines);
        meta: the JSON without its lines (occurrences, documents, per_million, notes ...)."""
        if page is not None:
            body = self.get("/api/concordance", q=q, page=page, size=size, **options)
            return Rows(body["lines"], {k: v for k, v in body.items() if k != "lines"})
        lines, page = [], 1
        while True:
            body = self.get("/api/concordance", q=q, page=page, size=CONCORDANCE_PAGE, **options)
            lines += body["lines"]
            if not body["more"]:
                return Rows(lines, {k: v for k, v in body.items() if k != "lines"})
            page += 1

    def collocations(self, q: str, **options) -> Rows:
        """Collocates (words, pairs and triples: ngram=, window=, docs=, top=, filters ...);
        meta: the JSON (key_terms, notes: whether a sample was read ...)."""
        body = self.get("/api/collocations", q=q, **options)
        return Rows(body["collocates"], body)


def _error(e: urllib.error.HTTPError, url: str) -> ApiError:
    """The API's error body ({"error": {status, code, message}}) as a typed exception."""
    code, message = None, e.reason
    try:
        body = json.loads(e.read().decode("utf-8"))
        err = body.get("error", body)
        code, message = err.get("code"), err.get("message", message)
    except (ValueError, AttributeError):
        pass
    cls = _BY_STATUS.get(e.code, ApiError)
    return cls(e.code, code, str(message), url)
