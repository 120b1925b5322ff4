"""Connecting to OpenSearch: $CORPUS_OPENSEARCH_URL, one URL or several separated by commas
(the client fails over between them), with user:password in the URL or
$CORPUS_OPENSEARCH_USER / $CORPUS_OPENSEARCH_PASSWORD; TLS is verified unless
$CORPUS_OPENSEARCH_VERIFY=0 (or names a CA bundle file); $CORPUS_OPENSEARCH_COMPRESS=1
gzips requests (for a cluster across a slow network).

When a node goes down, the client marks it dead and sends the request to another node
(retried again after DEAD_SECONDS, doubling while it stays down); a 502/503/504 is tried on
another node. `complete()` rides out what the cluster answers while it reorganises (shards
whose node just left, a cluster manager being elected) and never returns a partial answer:
a search that some shards failed is retried, and after RETRY_SECONDS raised as Incomplete.
"""
from __future__ import annotations

import os
import time
from urllib.parse import unquote, urlsplit

from corpus.errors import IndexProblem

DEFAULT_URL = "http://127.0.0.1:9200"
DEAD_SECONDS = 5.0           # a node that refused a connection is tried again after this
RETRY_SECONDS = 5.0          # how long complete() retries failed shards / a reorganising cluster
RETRY_STATUS = (502, 503, 504)
# Failures of a node or shard copy that a retry (on the surviving copies) gets past.
TRANSIENT = {
    "node_closed_exception", "node_disconnected_exception", "node_not_connected_exception",
    "connect_transport_exception", "send_request_transport_exception", "transport_exception",
    "receive_timeout_transport_exception", "no_shard_available_action_exception",
    "shard_not_found_exception", "illegal_index_shard_state_exception",
    "index_shard_closed_exception", "unavailable_shards_exception", "cluster_block_exception",
    "cluster_manager_not_discovered_exception", "master_not_discovered_exception",
    "search_context_missing_exception", "already_closed_exception", "task_cancelled_exception",
}


# Limits on what one query may ask (cluster and index settings) -> what to do instead. The
# cluster answers these with 400, 500 or 503; none passes on a retry.
LIMITS = {      # the cluster's error type -> the QueryError code (corpus/messages.py)
    "too_many_clauses": "too_many_clauses",
    "too_many_nested_clauses": "too_many_clauses",
    "too_complex_to_determinize_exception": "wildcard_too_complex",
    "too_many_buckets_exception": "too_many_buckets",
}


class Incomplete(Exception):
    """Some shards did not answer (the message says how many, and why)."""


def _urls(url: str | None) -> list[str]:
    return [u.strip() for u in (url or os.environ.get("CORPUS_OPENSEARCH_URL") or DEFAULT_URL).split(",") if u.strip()]


def connect(url: str | None = None, timeout: float = 30.0):
    from opensearchpy import OpenSearch      # imported here: the Whoosh engine needs no client

    hosts, kwargs = [], {}
    verify = os.environ.get("CORPUS_OPENSEARCH_VERIFY", "1").lower()
    for u in _urls(url):
        parts = urlsplit(u)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise IndexProblem(f"CORPUS_OPENSEARCH_URL must be http(s) URLs, got {u!r}")
        user = unquote(parts.username or "") or os.environ.get("CORPUS_OPENSEARCH_USER")
        password = unquote(parts.password or "") or os.environ.get("CORPUS_OPENSEARCH_PASSWORD")
        if user:
            kwargs["http_auth"] = (user, password or "")
        if parts.scheme == "https":
            kwargs["use_ssl"] = True
            kwargs["verify_certs"] = verify not in ("0", "false", "no")
            if verify not in ("0", "1", "false", "true", "no", "yes"):
                kwargs["ca_certs"] = verify
        host = {"host": parts.hostname, "port": parts.port or (443 if parts.scheme == "https" else 9200)}
        if parts.path.strip("/"):
            host["url_prefix"] = parts.path
        hosts.append(host)
    # compressing bulk bodies costs more CPU than it saves on a local network: opt in
    compress = os.environ.get("CORPUS_OPENSEARCH_COMPRESS", "0") not in ("0", "", "false", "no")
    # every node once more than there are nodes: one node down never fails a request
    return OpenSearch(hosts=hosts, timeout=timeout, max_retries=max(3, len(hosts) + 1),
                      retry_on_timeout=True, retry_on_status=RETRY_STATUS,
                      dead_timeout=DEAD_SECONDS, http_compress=compress, **kwargs)


def complete(fn, **kwargs):
    """fn(**kwargs), retried with back-off for up to RETRY_SECONDS while shards fail or the
    cluster answers a transient error; Incomplete (or the error) when that does not pass."""
    from opensearchpy import exceptions as ex
    deadline, delay = time.monotonic() + RETRY_SECONDS, 0.05
    while True:
        try:
            res = fn(**kwargs)
            problem = Incomplete(failed_shards(res)) if failed_shards(res) else None
        except ex.TransportError as e:
            if isinstance(e, ex.ConnectionError) or not transient(e):
                raise                 # every node was tried (the transport fails over) / a real error
            problem = e
        if problem is None:
            return res
        if time.monotonic() + delay > deadline:
            raise problem
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


def search_all(client, index: str, searches: list[tuple[dict, dict]]) -> list[dict]:
    """Several searches of one index sent as one _msearch, which the cluster runs side by
    side: (header, body) each, the header holding what the search API takes as parameters
    (request_cache, preference, search_type); their answers in order. An answer in error
    raises what client.search would have raised for it (complete() retries or passes it on)."""
    from opensearchpy import exceptions as ex
    lines = []
    for header, body in searches:
        lines += [{"index": index, **header}, body]
    out = []
    for answer in client.msearch(body=lines)["responses"]:
        if "error" in answer:
            status, err = answer.get("status", 500), answer["error"]
            kind = err.get("type", "error") if isinstance(err, dict) else str(err)
            raise ex.HTTP_EXCEPTIONS.get(status, ex.TransportError)(status, kind, {"error": err, "status": status})
        answer.pop("status", None)
        out.append(answer)
    return out


def failed_shards(res) -> str:
    """'1 of 3 shards failed (node_closed_exception)' when an answer is partial (of a list of
    answers: the first partial one), else ''."""
    if isinstance(res, list):
        return next((f for r in res if (f := failed_shards(r))), "")
    shards = res.get("_shards") if isinstance(res, dict) else None
    if not shards or not shards.get("failed"):
        return ""
    kinds = sorted({(f.get("reason") or {}).get("type", "?") for f in shards.get("failures", [])})
    return f"{shards['failed']} of {shards.get('total', '?')} shards failed ({', '.join(kinds) or 'no reason given'})"


def _types(e) -> set[str]:
    """The error types of an answer: the error's, its root causes', the failed shards' and
    every cause of those."""
    info = e.info if isinstance(e.info, dict) else {}
    todo = [info.get("error")]
    found = set()
    while todo:
        err = todo.pop()
        if not isinstance(err, dict):
            continue
        found.add(err.get("type"))
        todo += [err.get("caused_by"), err.get("reason"), *err.get("root_cause", ()),
                 *err.get("failed_shards", ())]
    return {t for t in found if isinstance(t, str)}


def limit_reached(e) -> str:
    """The QueryError code when the cluster refused a query for one of its LIMITS, else ''."""
    return next((LIMITS[t] for t in sorted(_types(e)) if t in LIMITS), "")


def transient(e) -> bool:
    """An error answer that a retry a moment later may not get (a node left, an election)."""
    status = e.status_code if isinstance(e.status_code, int) else 0
    if limit_reached(e):       # 503 too_many_buckets: the same query fails again
        return False
    return status in RETRY_STATUS or (status >= 500 and bool(_types(e) & TRANSIENT))


def reason(e) -> str:
    """The root cause OpenSearch gave, in one line."""
    info = e.info if isinstance(e.info, dict) else {}
    err = info.get("error", {})
    if isinstance(err, dict):
        cause = (err.get("root_cause") or [err])[0]
        return " ".join(f"{cause.get('type', e.error)}: {cause.get('reason', '')}".split()).strip(": ")
    return " ".join(str(e.error).split())


def describe(url: str | None = None) -> str:
    """The cluster's address(es) without credentials, for messages."""
    out = []
    for u in _urls(url):
        parts = urlsplit(u)
        out.append(f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else ""))
    return ",".join(out)
