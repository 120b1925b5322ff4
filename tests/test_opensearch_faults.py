"""Fault tolerance of the OpenSearch engine on the real 3-node test cluster.

- A node (the elected cluster manager) is stopped while `corpus serve` answers a query load:
  no request fails once the cluster has noticed, no answer is partial (totals and facet
  counts as before); the node is restarted and the cluster is green again.
- An unreachable cluster (nothing listening, or the connection cut in the middle of an index
  run by a loopback TCP forwarder in front of a node) gives one line and a non-zero exit from
  `corpus index/search/stats/serve`, a 503 with a JSON error from a running server, and the
  next index run resumes with nothing lost.

Needs CORPUS_OPENSEARCH_URL with the 3 node URLs and CORPUS_OPENSEARCH_CONTROL_URL (the
cluster's control server): scripts/test.sh sets both. It stops nodes: never point it at a
cluster others use. It leaves the cluster green with every node, also when it fails.
"""
from __future__ import annotations

import importlib.util
import os
import socket
import struct
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import opensearch_name

ROOT = Path(__file__).resolve().parents[1]
URLS = [u for u in os.environ.get("CORPUS_OPENSEARCH_URL", "").split(",") if u.strip()]
CONTROL = os.environ.get("CORPUS_OPENSEARCH_CONTROL_URL")

pytestmark = pytest.mark.skipif(
    len(URLS) < 3 or not CONTROL,
    reason="needs CORPUS_OPENSEARCH_URL with 3 node URLs and CORPUS_OPENSEARCH_CONTROL_URL "
           "(scripts/test.sh starts such a cluster)")


def _faults():
    """bench/opensearch_faults.py: the trial (load, node stop, figures) shared with the bench."""
    spec = importlib.util.spec_from_file_location("opensearch_faults", ROOT / "bench" / "opensearch_faults.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module           # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


faults = _faults()


@pytest.fixture(scope="module")
def cluster(opensearch_client):
    c = faults.Cluster()
    c.heal()
    yield c
    c.heal()       # every node up and green for the tests after this one, whatever happened


def corpus(*args, url: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "CORPUS_OPENSEARCH_URL": url}
    return subprocess.run([sys.executable, "-m", "corpus.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def assert_one_line_error(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode != 0, proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for w in words:
        assert w in lines[0], lines[0]


def dead_url() -> str:
    """A loopback URL where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


class Cut:
    """A TCP forwarder on loopback in front of one node; cut() makes the cluster unreachable
    (listener closed: connections refused; open connections reset). With cut_at_bulk=n the
    cut happens when the n-th bulk request starts, so the bulks before it were answered."""

    def __init__(self, target: str, cut_at_bulk: int | None = None):
        host, port = target.rsplit("//", 1)[1].split(":")
        self.target = (host, int(port))
        self.cut_at_bulk = cut_at_bulk
        self.bulks = 0
        self.done = threading.Event()
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.done.is_set():
            try:
                client, _ = self.listener.accept()
                server = socket.create_connection(self.target)
            except OSError:
                return
            for s in (client, server):      # no Nagle delay on split requests
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._socks += [client, server]
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True).start()

    def _pipe(self, src, dst, upstream: bool):
        try:
            while data := src.recv(65536):
                if upstream and b"/_bulk" in data:
                    with self._lock:
                        self.bulks += 1
                    if self.cut_at_bulk and self.bulks >= self.cut_at_bulk:
                        self.cut()
                        return
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        self.done.set()
        try:
            self.listener.shutdown(socket.SHUT_RDWR)    # wakes accept(); stops listening
        except OSError:
            pass
        self.listener.close()
        with self._lock:
            for s in self._socks:
                try:            # shutdown wakes the pipe thread blocked on it; linger 0: a reset
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
                except OSError:
                    pass


# -- a node stops under load
def test_stopping_the_cluster_manager_under_load_fails_no_request_after_the_cluster_noticed(cluster, tmp_path):
    name = opensearch_name("faults")
    report = faults.build_index(name, tmp_path / "src", 600, cluster.urls)
    assert report.indexed == 600
    health = cluster.green(120, index=name)          # the replicas are really allocated
    assert health["active_primary_shards"] == 3 and health["active_shards"] == 6, health
    server = faults.Server(name, cluster.urls)
    try:
        expected = faults.expected_answers(server)
        assert all(total > 0 for total, _ in expected.values())
        fig = faults.trial(cluster, server, expected, victim="manager", clients=3, after=40)
        print(fig.line(), fig.reasons)
        assert fig.was_manager
        assert fig.failed_after_notice == 0 and fig.failed_during_restart == 0, fig.reasons
        assert fig.requests >= 80
        assert faults.expected_answers(server) == expected      # same totals after the fault
    finally:
        server.stop()
    assert cluster.green(60)["number_of_nodes"] == 3


# -- an unreachable cluster
def test_index_search_stats_serve_name_an_unreachable_cluster_in_one_line(tmp_path):
    url = dead_url()
    src = faults.write_corpus(tmp_path / "src", 5).parent
    assert_one_line_error(corpus("index", "--engine", "opensearch", "--index", "x", str(src), url=url),
                          "cannot reach OpenSearch", url)
    assert_one_line_error(corpus("search", "--engine", "opensearch", "--index", "x", "army", url=url),
                          "cannot reach OpenSearch")
    assert_one_line_error(corpus("stats", "--engine", "opensearch", "--index", "x", url=url),
                          "cannot reach OpenSearch")
    assert_one_line_error(corpus("serve", "--engine", "opensearch", "--index", "x", "--port",
                                 str(faults.free_port()), url=url), "cannot reach OpenSearch")


def test_a_server_whose_cluster_goes_away_answers_503_with_a_json_error(cluster, tmp_path):
    name = opensearch_name("gone")
    faults.build_index(name, tmp_path / "src", 20, cluster.urls)
    cut = Cut(cluster.urls[0])
    server = faults.Server(name, [cut.url])
    try:
        status, body = server.get("/api/search?q=army")
        assert status == 200 and body["total"] > 0
        cut.cut()
        for path in ("/api/search?q=army", "/api/stats", "/api/documents/a1"):
            status, body = server.get(path)
            assert status == 503, (path, body)
            assert "cannot reach OpenSearch" in body["error"]["message"]
        status, body = server.get("/?q=army")
        assert status == 503 and "<html" in body["text"]
    finally:
        server.stop()


def _duplicates(client, name: str) -> list:
    res = client.search(index=name, body={"size": 0, "aggs": {"ids": {
        "terms": {"field": "id", "min_doc_count": 2, "size": 10}}}})
    return res["aggregations"]["ids"]["buckets"]


def test_an_index_run_cut_off_midway_fails_in_one_line_and_the_next_run_resumes(cluster, opensearch_client, tmp_path):
    name = opensearch_name("resume")
    src = tmp_path / "src"
    faults.write_corpus(src, 50, words=(8, 16))             # indexed completely first
    corpus("index", "--engine", "opensearch", "--index", name, str(src), url=",".join(cluster.urls)).check_returncode()
    more = tmp_path / "more"
    faults.write_corpus(more, 600, seed=11, prefix="b", words=(8, 16))     # a bulk of 500, then the cut

    cut = Cut(cluster.urls[0], cut_at_bulk=2)       # the first bulk of 500 goes through
    run = corpus("index", "--engine", "opensearch", "--index", name, str(src), str(more), url=cut.url)
    assert cut.done.is_set() and cut.bulks == 2
    assert_one_line_error(run, "cannot reach OpenSearch", "next run resumes")

    again = corpus("index", "--engine", "opensearch", "--index", name, str(src), str(more), url=",".join(cluster.urls))
    assert again.returncode == 0, again.stderr
    assert "indexed 100, updated 0, deleted 0, unchanged 550" in again.stdout, again.stdout
    opensearch_client.indices.refresh(index=name)
    assert opensearch_client.count(index=name)["count"] == 650
    assert _duplicates(opensearch_client, name) == []
    ids = {h["_source"]["id"] for h in opensearch_client.search(
        index=name, body={"size": 1000, "_source": ["id"], "query": {"match_all": {}}})["hits"]["hits"]}
    assert ids == {f"a{i}" for i in range(50)} | {f"b{i}" for i in range(600)}
    last = corpus("index", "--engine", "opensearch", "--index", name, url=",".join(cluster.urls))
    assert "indexed 0, updated 0, deleted 0, unchanged 650" in last.stdout, last.stdout + last.stderr


def test_an_index_run_while_a_node_is_down_completes_with_nothing_lost(cluster, opensearch_client, tmp_path):
    name = opensearch_name("node-down")
    assert faults.build_index(name, tmp_path / "first", 100, cluster.urls).indexed == 100
    cluster.green(120, index=name)                  # 3 shards, each with a replica
    more = tmp_path / "more"
    faults.write_corpus(more, 1200, seed=5, prefix="m", words=(8, 16))    # three bulks
    victim = cluster.manager()
    cluster.stop_node(victim)                       # its primaries: promoted replicas, 503s meanwhile
    try:
        run = corpus("index", "--engine", "opensearch", "--index", name, str(more),
                     url=",".join(cluster.urls))
    finally:
        cluster.start_node(victim)
    assert run.returncode == 0, run.stderr
    assert "indexed 1200, updated 0, deleted 0, unchanged 0" in run.stdout, run.stdout
    assert cluster.green(120, index=name)["active_shards"] == 6
    opensearch_client.indices.refresh(index=name)
    assert opensearch_client.count(index=name)["count"] == 1300
    assert _duplicates(opensearch_client, name) == []
