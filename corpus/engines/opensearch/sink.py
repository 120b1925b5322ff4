"""Indexing into OpenSearch: the indexer's sink (known ids and hashes, add, delete, commit).

    alias `corpus`  ->  index `corpus-g1764470000123` (the live generation)
    index `corpus-locks`, document `corpus`: the writer lock {owner, expires}

A rebuild fills a new generation and switches the alias in one `_aliases` call; an
incremental run writes into the live one (a document's _id is a hash of its id, so a
changed document is overwritten in place). Bulk requests (and refused items) retry with
back-off on 429s, connection errors and what a node leaving causes (503, unavailable
shards). The lock is held by the cluster, with an owner and an expiry that a heartbeat
extends; a lock whose owner died is taken over once it expires (at once when the owner was
a process of this machine that is gone).
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import socket
import threading
import time

import orjson

from corpus.engines.opensearch import client as os_client
from corpus.engines.opensearch.mapping import mappings, settings, source
from corpus.errors import IndexLocked, IndexProblem
from corpus.langid import detect_language
from corpus.processes import close_pool, pool

LOCKS = "corpus-locks"
LOCK_TTL = 60.0              # seconds a lock lives without a heartbeat
CHUNK = 500                  # documents per bulk request
PARALLEL_MIN_DOCS = 2000     # below this, analysing in worker processes costs more than it saves
IN_FLIGHT = 4                # batches analysed or waiting while one is sent
RETRIES = 6                  # a bulk request (or its items) refused for a passing reason: tries again
MERGE_SECONDS = 600          # a rebuilt index merged to one segment (31k: ~10-20 s)
# Primary store a shard may hold before a rebuild splits the index into more shards
# (OpenSearch's guidance: 10-50 GB a shard). One shard counts facets exactly with no
# per-shard surplus and answers in one round trip: the 31k index's result page with all
# facets ~3x faster than on 3 shards (docs/benchmarks.md); replicas still spread the load.
SHARD_BYTES = 30 << 30


def doc_key(doc_id: str) -> str:
    """The OpenSearch _id of a document id (ids may be long URLs; _id is at most 512 bytes)."""
    return hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _errors():
    from opensearchpy import exceptions
    return exceptions


class OpenSearchSink:
    """A Sink (corpus/engines/base.py) into an alias."""

    engine = "opensearch"

    def __init__(self, name: str | None = None, url: str | None = None, client=None,
                 shards: int | None = None, replicas: int | None = None, procs: int | None = None):
        self.name = name or "corpus"
        self.url = url
        self.client = client or os_client.connect(url, timeout=120)
        self.shards = shards or _env_shards()      # None: chosen by size (shards_for)
        self.replicas = replicas
        self._target = None
        self._fresh = self._rebuilt = False
        self._buffer: list = []
        self._deletes: set[str] = set()
        self._added: set[str] = set()     # since the last commit
        self._adds = 0                    # since begin (its commits included)
        self.procs = procs or os.cpu_count() or 1
        self._pool = None
        self._sender: threading.Thread | None = None      # sends the bulk requests (_enqueue)
        self._queue: queue.Queue | None = None
        self._failed: BaseException | None = None
        self._aborting = False

    def where(self) -> str:
        return f"OpenSearch index {self.name!r} on {os_client.describe(self.url)}"

    @contextlib.contextmanager
    def _calls(self, what: str):
        ex = _errors()
        try:
            yield
        except ex.ConnectionError as e:
            raise IndexProblem(f"cannot reach OpenSearch at {os_client.describe(self.url)} "
                               f"while {what} ({type(e).__name__}); the index keeps its last "
                               f"state and the next run resumes") from None
        except ex.TransportError as e:
            raise IndexProblem(f"OpenSearch refused {what}: {e.status_code} {os_client.reason(e)}") from None
        except ex.OpenSearchException as e:     # the helpers' ScanError: some shards failed
            raise IndexProblem(f"OpenSearch failed {what}: {' '.join(str(e).split())[:300]}; "
                               f"the next run resumes") from None

    # -- state
    def _live(self) -> str | None:
        """The physical index behind the alias, or None when there is none yet."""
        with self._calls("looking up the index"):
            if not self.client.indices.exists_alias(name=self.name):
                if self.client.indices.exists(index=self.name):
                    raise IndexProblem(f"{self.name!r} is an OpenSearch index, not an alias: "
                                       f"choose another --index name")
                return None
            return sorted(self.client.indices.get_alias(name=self.name))[-1]

    def exists(self) -> bool:
        return self._live() is not None

    def meta(self) -> dict:
        live = self._live()
        if live is None:
            return {}
        with self._calls("reading the index metadata"):
            return self.client.indices.get_mapping(index=live)[live]["mappings"].get("_meta", {})

    def known(self) -> dict[str, tuple[str, str]]:
        """id -> (content hash, path) of every document of the live index."""
        from opensearchpy.helpers import scan
        live = self._live()
        if live is None:
            return {}
        with self._calls("reading the indexed documents"):
            self.client.indices.refresh(index=live)     # what an interrupted run sent counts too
            return {h["_source"]["id"]: (h["_source"].get("hash", ""), h["_source"].get("path", ""))
                    for h in scan(self.client, index=live, size=2000,
                                  query={"_source": ["id", "hash", "path"], "query": {"match_all": {}}})}

    def doc_count(self) -> int:
        with self._calls("counting documents"):
            return self.client.count(index=self.name)["count"] if self.exists() else 0

    # -- the lock
    @contextlib.contextmanager
    def lock(self):
        owner = f"{socket.gethostname()}:{os.getpid()}"
        token = self._acquire(owner)
        stop = threading.Event()
        beat = threading.Thread(target=self._heartbeat, args=(owner, token, stop), daemon=True)
        beat.start()
        try:
            yield
        finally:
            stop.set()
            beat.join()
            with contextlib.suppress(Exception):
                self.client.delete(index=LOCKS, id=self.name, refresh=True)

    def _acquire(self, owner: str) -> dict:
        ex = _errors()
        body = {"owner": owner, "expires": time.time() + LOCK_TTL}
        with self._calls("taking the writer lock"):
            if not self.client.indices.exists(index=LOCKS):
                with contextlib.suppress(ex.RequestError):   # created meanwhile by another writer
                    self.client.indices.create(index=LOCKS, body={"settings": {"number_of_shards": 1}})
            try:
                r = self.client.index(index=LOCKS, id=self.name, body=body, op_type="create", refresh=True)
                return {"if_seq_no": r["_seq_no"], "if_primary_term": r["_primary_term"]}
            except ex.ConflictError:
                pass
            held = self.client.get(index=LOCKS, id=self.name)
            cur = held["_source"]
            if cur.get("expires", 0) > time.time() and not _dead_here(cur.get("owner", "")):
                raise IndexLocked(f"{self.where()} is locked by {cur.get('owner')} "
                                  f"(another `corpus index` is running; its lock expires "
                                  f"{int(cur['expires'] - time.time())} s after its last heartbeat)")
            try:        # expired or its owner died: take it over, unless someone was faster
                r = self.client.index(index=LOCKS, id=self.name, body=body, refresh=True,
                                      if_seq_no=held["_seq_no"], if_primary_term=held["_primary_term"])
            except ex.ConflictError:
                raise IndexLocked(f"{self.where()} was just locked by another `corpus index`") from None
            return {"if_seq_no": r["_seq_no"], "if_primary_term": r["_primary_term"]}

    def _heartbeat(self, owner: str, token: dict, stop: threading.Event):
        while not stop.wait(LOCK_TTL / 4):
            with contextlib.suppress(Exception):
                r = self.client.index(index=LOCKS, id=self.name, refresh=True, **token,
                                      body={"owner": owner, "expires": time.time() + LOCK_TTL})
                token.update(if_seq_no=r["_seq_no"], if_primary_term=r["_primary_term"])

    # -- writing
    def begin(self, fresh: bool) -> None:
        """Start a run: into a new generation (fresh) or the live index."""
        live = self._live()
        self._drop_leftovers(live)
        self._fresh = fresh or live is None
        self._rebuilt = self._fresh
        self._adds = 0
        if self._fresh:
            self._target = f"{self.name}-g{time.time_ns() // 1_000_000}"
            with self._calls("creating the index"):     # replicas are added at commit
                self.client.indices.create(index=self._target, body={
                    "settings": {**settings(self.shards_for(live), 0), "refresh_interval": "-1",
                                 "translog": {"durability": "async"}},    # a failed build is dropped
                    "mappings": mappings()})
        else:
            self._target = live

    def shards_for(self, live: str | None) -> int:
        """Primary shards of a new generation: as given ($CORPUS_OPENSEARCH_SHARDS), else one
        per SHARD_BYTES of the live index's primaries (one for a first build)."""
        if self.shards:
            return self.shards
        if live is None:
            return 1
        with self._calls("reading the index size"):
            size = self.client.indices.stats(index=live, metric="store")["_all"]["primaries"]["store"]["size_in_bytes"]
        return max(1, -(-size // SHARD_BYTES))

    def _drop_leftovers(self, live: str | None) -> None:
        """Generations an interrupted rebuild left behind (not behind the alias)."""
        with self._calls("cleaning up"):
            for i in self.client.indices.get(index=f"{self.name}-g*", expand_wildcards="open,closed"):
                if i != live:
                    self.client.indices.delete(index=i)

    def story_lookup(self):
        """Candidates for story grouping among the live documents (None on a fresh run)."""
        from corpus.engines.opensearch.research import story_lookup
        with self._calls("reading the mapping"):
            lookup = None if self._fresh else story_lookup(self.client, self._target, self.where())

        def guarded(keys):
            with self._calls("looking up similar stories"):
                return list(lookup(keys))
        return lookup and guarded

    def add(self, doc) -> None:
        self._buffer.append(doc)
        self._added.add(doc.id)
        self._adds += 1
        if len(self._buffer) >= CHUNK:
            self._flush()

    def delete(self, doc_id: str) -> None:
        self._deletes.add(doc_id)

    def _send(self, lines: list[tuple[bytes, bytes | None]]) -> None:
        """One bulk request of (action, source) lines, prepared by _prepare. The request, or
        the items of it, refused for back-pressure (429) or while the cluster reorganises (a
        node left: 503, unavailable shards) are sent again with back-off; any other refusal
        fails the run."""
        ex, delay = _errors(), 1.0
        for attempt in range(RETRIES + 1):
            last = attempt == RETRIES
            body = b"".join(a + b"\n" + (s + b"\n" if s is not None else b"") for a, s in lines)
            try:
                res = self.client.bulk(body=body, index=self._target)
            except ex.TransportError as e:
                if last or not (e.status_code == 429 or os_client.transient(e)):
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 30)
                continue
            if not res.get("errors"):
                return
            again = []
            for line, item in zip(lines, res["items"]):
                op = next(iter(item.values()))
                status = op.get("status", 200)
                if _retry_item(op):
                    again.append(line)
                elif status >= 300 and status != 404:     # deleting what is already gone is fine
                    raise IndexProblem(f"OpenSearch rejected a document: {op.get('error')}")
            if not again:
                return
            if last:
                raise IndexProblem(f"OpenSearch refused {len(again)} document(s) {RETRIES + 1} times "
                                   f"(busy or reorganising: {_item_reason(res)}); "
                                   f"the next run resumes")
            lines = again
            time.sleep(delay)
            delay = min(delay * 2, 30)

    def _sender_loop(self) -> None:
        """The sending thread: batches in order (waiting for the workers' results), so the
        main thread reads, groups and analyses while the cluster indexes."""
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self._failed is not None:
                continue                # drain: the main thread raises the failure
            try:
                while hasattr(item, "ready") and not item.ready():
                    if self._aborting:
                        break
                    item.wait(0.5)
                if self._aborting:
                    continue
                with self._calls("indexing documents"):
                    self._send(item.get() if hasattr(item, "ready") else item)
            except BaseException as e:      # noqa: B036 (handed to the main thread)
                self._failed = e

    def _enqueue(self, item) -> None:
        if self._sender is None:
            self._queue, self._failed, self._aborting = queue.Queue(maxsize=IN_FLIGHT), None, False
            self._sender = threading.Thread(target=self._sender_loop, name="bulk-sender", daemon=True)
            self._sender.start()
        self._raise_failed()
        self._queue.put(item)           # blocks while IN_FLIGHT batches wait: back-pressure

    def _raise_failed(self) -> None:
        if self._failed is not None:
            failed, self._failed = self._failed, None
            self._stop_sender()
            raise failed

    def _stop_sender(self) -> None:
        """Wait for the sending thread to send what is queued (unless aborting) and end."""
        if self._sender is not None:
            self._queue.put(None)
            self._sender.join()
            self._sender = None

    def _flush(self, final: bool = False) -> None:
        """Analyse the buffered documents (in worker processes once the run is large) and
        hand them to the sending thread; at the end, wait until everything is sent."""
        docs, self._buffer = self._buffer, []
        if docs and self._pool is None and (self.procs > 1 and self._adds >= PARALLEL_MIN_DOCS):
            self._pool = pool(self.procs)
        if docs and self._pool is not None:
            self._enqueue(self._pool.apply_async(_prepare, (docs,)))
        elif docs:
            self._enqueue(_prepare(docs))
        if final:
            self._stop_sender()
            self._raise_failed()

    def _close_pool(self) -> None:
        close_pool(self._pool)
        self._pool = None

    def commit(self, meta: dict) -> None:
        self._flush(final=True)
        self._close_pool()
        gone = sorted(self._deletes - self._added)      # a changed document was overwritten in place
        for i in range(0, len(gone), CHUNK):
            with self._calls("deleting documents"):
                self._send([(orjson.dumps({"delete": {"_id": doc_key(d)}}), None) for d in gone[i:i + CHUNK]])
        with self._calls("committing"):
            self.client.indices.put_mapping(index=self._target, body={"_meta": meta})
            if self._fresh:
                nodes = self.client.cluster.health()["number_of_data_nodes"]
                replicas = self.replicas if self.replicas is not None else min(1, nodes - 1)
                self.client.indices.put_settings(index=self._target, body={
                    "refresh_interval": "1s", "number_of_replicas": replicas,
                    "translog.durability": "request"})
            self.client.indices.refresh(index=self._target)
            if self._fresh:
                self._switch()
                self._fresh = False     # live now: more documents go on into it
        self._deletes.clear()
        self._added.clear()

    def settle(self) -> None:
        """After a rebuild's last commit: its index merged to one segment per shard copy
        (the 31k index's ~19 segments: the page's facet aggregations took a median 25 ms of
        the cluster's time, 8 ms merged; the story versions 9 -> 5). A run adding to the live
        index leaves merging to the cluster's policy (a daily run would rewrite it all)."""
        if not self._rebuilt:
            return
        self._rebuilt = False
        with self._calls("merging the rebuilt index"):
            # the replicas added at commit copied first (a while at most), so that both are merged
            self.client.cluster.health(index=self._target, wait_for_status="green", timeout="60s",
                                       request_timeout=70, ignore=408)
            self.client.indices.forcemerge(index=self._target, max_num_segments=1,
                                           request_timeout=MERGE_SECONDS)

    def _switch(self) -> None:
        """Point the alias at the new generation in one step; drop the old ones."""
        ex = _errors()
        old = []
        with contextlib.suppress(ex.NotFoundError):
            old = list(self.client.indices.get_alias(name=self.name))
        actions = [{"remove": {"index": i, "alias": self.name}} for i in old]
        actions.append({"add": {"index": self._target, "alias": self.name}})
        self.client.indices.update_aliases(body={"actions": actions})
        for i in old:
            if i != self._target:
                self.client.indices.delete(index=i)

    def abort(self) -> None:
        self._buffer.clear()
        if self._sender is not None:
            self._aborting = True
            with contextlib.suppress(queue.Empty):
                while True:
                    self._queue.get_nowait()
            self._stop_sender()
        self._failed = None
        self._close_pool()
        if self._fresh and self._target:
            with contextlib.suppress(Exception):
                self.client.indices.delete(index=self._target)


def _env_shards() -> int | None:
    raw = os.environ.get("CORPUS_OPENSEARCH_SHARDS", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise IndexProblem(f"$CORPUS_OPENSEARCH_SHARDS must be a whole number from 1, not {raw!r}")
    return int(raw)


def _prepare(docs: list) -> list[tuple[bytes, bytes]]:
    """Documents -> bulk lines (action, JSON indexed; language detected, text analysed,
    serialised): a worker's job."""
    out = []
    for doc in docs:
        if not doc.lang:
            doc.lang = detect_language(f"{doc.title}\n{doc.body}")
        src = source(doc)
        out.append((orjson.dumps({"index": {"_id": doc_key(src["id"])}}), orjson.dumps(src)))
    return out


def _retry_item(op: dict) -> bool:
    """A bulk item refused for a reason that passes: too busy (429), a node or shard copy
    gone while the cluster reorganises (503, or a transient error type)."""
    status = op.get("status", 200)
    err = op.get("error") if isinstance(op.get("error"), dict) else {}
    return status in (429, *os_client.RETRY_STATUS) or (
        status >= 500 and err.get("type") in os_client.TRANSIENT)


def _item_reason(res) -> str:
    for item in res["items"]:
        op = next(iter(item.values()))
        if _retry_item(op):
            err = op.get("error")
            return f"{op.get('status')} {err.get('type') if isinstance(err, dict) else err}"
    return "?"


def _dead_here(owner: str) -> bool:
    """True when the lock's owner was a process on this machine that no longer runs."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False

