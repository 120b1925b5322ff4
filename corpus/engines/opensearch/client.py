"""Connecting to OpenSearch: $CORPUS_OPENSEARCH_URL, one URL or several separated by commas
(the client fails over between them), with user:password in the URL or
$CORPUS_OPENSEARCH_USER / $CORPUS_OPENSEARCH_PASSWORD; TLS is verified unless
$CORPUS_OPENSEARCH_VERIFY=0 (or names a CA bundle file); $CORPUS_OPENSEARCH_COMPRESS=1
gzips requests (for a cluster across a slow network)."""
from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit

from corpus.errors import IndexProblem

DEFAULT_URL = "http://127.0.0.1:9200"


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
    return OpenSearch(hosts=hosts, timeout=timeout, max_retries=3, retry_on_timeout=True,
                      http_compress=compress, **kwargs)


def describe(url: str | None = None) -> str:
    """The cluster's address(es) without credentials, for messages."""
    out = []
    for u in _urls(url):
        parts = urlsplit(u)
        out.append(f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else ""))
    return ",".join(out)
