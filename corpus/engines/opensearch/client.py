"""Connecting to OpenSearch: $CORPUS_OPENSEARCH_URL (user:password in the URL, or
$CORPUS_OPENSEARCH_USER / $CORPUS_OPENSEARCH_PASSWORD), TLS verified unless
$CORPUS_OPENSEARCH_VERIFY=0 (or a CA bundle path there)."""
from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit

from corpus.errors import IndexProblem

DEFAULT_URL = "http://127.0.0.1:9200"


def connect(url: str | None = None, timeout: float = 30.0):
    from opensearchpy import OpenSearch      # imported here: the Whoosh engine needs no client

    url = url or os.environ.get("CORPUS_OPENSEARCH_URL") or DEFAULT_URL
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise IndexProblem(f"CORPUS_OPENSEARCH_URL must be an http(s) URL, got {url!r}")
    user = unquote(parts.username or "") or os.environ.get("CORPUS_OPENSEARCH_USER")
    password = unquote(parts.password or "") or os.environ.get("CORPUS_OPENSEARCH_PASSWORD")
    verify = os.environ.get("CORPUS_OPENSEARCH_VERIFY", "1")
    kwargs = {}
    if parts.scheme == "https":
        kwargs["use_ssl"] = True
        kwargs["verify_certs"] = verify not in ("0", "false", "no")
        if verify not in ("0", "1", "false", "true", "no", "yes"):
            kwargs["ca_certs"] = verify
    if user:
        kwargs["http_auth"] = (user, password or "")
    host = {"host": parts.hostname, "port": parts.port or (443 if parts.scheme == "https" else 9200)}
    if parts.path.strip("/"):
        host["url_prefix"] = parts.path
    return OpenSearch(hosts=[host], timeout=timeout, max_retries=2, retry_on_timeout=True,
                      http_compress=True, **kwargs)


def describe(url: str | None = None) -> str:
    """The cluster's address without credentials, for messages."""
    parts = urlsplit(url or os.environ.get("CORPUS_OPENSEARCH_URL") or DEFAULT_URL)
    return f"{parts.scheme}://{parts.hostname}:{parts.port or ''}".rstrip(":")
