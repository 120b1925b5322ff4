"""Fault tolerance of the OpenSearch engine: stop one node of a 3-node cluster while
`corpus serve --engine opensearch` answers a query load, count the failed requests, restart
the node and wait for green.

    CORPUS_OPENSEARCH_HOME=/tmp/os-faults CORPUS_OPENSEARCH_PORT=29201 bash scripts/opensearch.sh start
    CORPUS_OPENSEARCH_URL=$(CORPUS_OPENSEARCH_HOME=/tmp/os-faults bash scripts/opensearch.sh urls) \\
    CORPUS_OPENSEARCH_CONTROL_URL=$(CORPUS_OPENSEARCH_HOME=/tmp/os-faults bash scripts/opensearch.sh control-url) \\
        .venv/bin/python bench/opensearch_faults.py --docs 3000 --victims other,manager --rounds 2

Never point it at a cluster others use: it stops nodes. One trial:
  1. an index of --docs synthetic bilingual articles, 3 shards and 1 replica, green;
  2. `corpus serve` in a subprocess, the cluster's node URLs in CORPUS_OPENSEARCH_URL;
  3. the expected answers: every query of the set once, on the calm cluster;
  4. --clients threads send /api/search requests (facets and snippets, as the search page);
     a request fails when it is not a 200 or its total or facet counts differ from the
     expected ones (a partial answer of a shard failure shows as a wrong count);
  5. the victim node (`other`: not the cluster manager; `manager`: the elected one) is
     stopped; "noticed" is when a surviving node's cluster state has 2 nodes;
  6. after --after requests past the notice the node is started again, and the cluster is
     awaited green with 3 nodes; the load goes on through the restart and --after requests
     more, then the final answers are compared with the expected ones.
Figures: requests sent and failed (before / after the notice, during the restart), the failure
window (node stop -> end of the last failed request), the notice time and the time back to green.
The module is also the fault test's library (tests/test_opensearch_faults.py).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REQUEST_TIMEOUT = 10.0       # s: a slower answer counts as failed

# -- a synthetic bilingual corpus (words that the queries below find in many documents)
AR_WORDS = ("الجيش العراقي الموصل البيشمركة كركوك أربيل النفط الأسواق أوبك الانتخابات البرلمان "
            "وزارة الصحة بغداد حملة الحكومة الاقتصاد المياه الحدود اللاجئين المحافظات").split()
EN_WORDS = ("iraqi army mosul peshmerga kirkuk erbil oil markets opec elections parliament "
            "health ministry baghdad campaign government economy water border refugees").split()
SOURCES = ("Reuters", "Rudaw", "الأناضول", "رووداو", "AFP")
PLACES = ("Baghdad", "Erbil", "Mosul", "بغداد", "أربيل", "كركوك")
QUERIES = [
    {"q": "الجيش"}, {"q": "النفط أوبك"}, {"q": "\"وزارة الصحة\""}, {"q": "army"},
    {"q": "oil OR elections"}, {"q": "kirk*"}, {"q": "peshmerga", "lang": "en"},
    {"q": "بغداد", "source": "رووداو"}, {"q": "", "sort": "date"},
    {"q": "government", "since": "2019-06-01"},
]


def write_corpus(folder: Path, n: int, seed: int = 7, prefix: str = "a", words: tuple = (40, 120)) -> Path:
    """n articles (about 60/40 Arabic/English) as one JSON Lines file; ids prefix0, prefix1..."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            vocab = AR_WORDS if i % 5 < 3 else EN_WORDS
            title = " ".join(rng.choices(vocab, k=6))
            body = " ".join(rng.choices(vocab, k=rng.randint(*words)))
            date = f"{2018 + i % 3}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            f.write(json.dumps({"id": f"{prefix}{i}", "title": title, "content": body, "date": date,
                                "source": SOURCES[i % len(SOURCES)], "place": PLACES[i % len(PLACES)],
                                "url": f"https://example.org/{prefix}{i}"}, ensure_ascii=False) + "\n")
    return path


# -- the cluster
def _http(method: str, url: str, timeout: float = 10.0) -> tuple[int, str]:
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def wait_for(condition, timeout: float, what: str, poll: float = 0.05):
    """Poll `condition` until it returns something true (returned), or fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(poll)


class Cluster:
    """Node URLs and the control server of a cluster started by scripts/opensearch.sh."""

    def __init__(self, urls: str | None = None, control: str | None = None):
        self.urls = [u.strip().rstrip("/") for u in (urls or os.environ.get("CORPUS_OPENSEARCH_URL", "")).split(",") if u.strip()]
        self.control = (control or os.environ.get("CORPUS_OPENSEARCH_CONTROL_URL", "")).rstrip("/")
        if len(self.urls) < 3 or not self.control:
            raise RuntimeError("need CORPUS_OPENSEARCH_URL with 3 node URLs and CORPUS_OPENSEARCH_CONTROL_URL "
                               "(bash scripts/opensearch.sh urls / control-url)")

    def _node_get(self, path: str, nodes=None, timeout: float = 5.0):
        """The JSON answer of the first node (of `nodes`, 1-based) that gives one, else None."""
        for n in nodes or range(1, len(self.urls) + 1):
            try:
                status, body = _http("GET", self.urls[n - 1] + path, timeout)
            except OSError:
                continue
            if status == 200:
                return json.loads(body)
        return None

    def down(self) -> list[int]:
        _, text = _http("GET", self.control + "/status")
        return [int(line.split()[0].split("-")[1]) for line in text.splitlines() if line.endswith(" down")]

    def manager(self) -> int:
        """The node number of the elected cluster manager."""
        rows = wait_for(lambda: self._node_get("/_cat/cluster_manager?format=json"), 60, "a cluster manager")
        return int(rows[0]["node"].split("-")[1])

    def stop_node(self, n: int) -> None:
        status, body = _http("POST", f"{self.control}/stop-node/{n}", timeout=60)
        if status != 200:
            raise RuntimeError(f"stop-node {n}: {body.strip()}")

    def start_node(self, n: int) -> None:
        status, body = _http("POST", f"{self.control}/start-node/{n}", timeout=120)
        if status != 200:
            raise RuntimeError(f"start-node {n}: {body.strip()}")

    def nodes_seen(self, surviving) -> int | None:
        """The node count in a surviving node's own cluster state (no manager needed)."""
        h = self._node_get("/_cluster/health?local=true", surviving, timeout=2)
        return h and h["number_of_nodes"]

    def green(self, timeout: float = 120, index: str | None = None) -> dict:
        """Wait for green with every node; the health answer."""
        path = f"/_cluster/health{'/' + index if index else ''}?wait_for_status=green&wait_for_nodes={len(self.urls)}&timeout=5s"

        def check():
            h = self._node_get(path, timeout=10)
            return h if h and h["status"] == "green" and h["number_of_nodes"] == len(self.urls) else None
        return wait_for(check, timeout, f"green with {len(self.urls)} nodes", poll=0.2)

    def heal(self, timeout: float = 180) -> dict:
        """Every node up and the cluster green (whatever happened before)."""
        for n in self.down():
            self.start_node(n)
        return self.green(timeout)


# -- the server and the load
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`corpus serve --engine opensearch` in a subprocess on loopback."""

    def __init__(self, index: str, urls: list[str], threads: int = 8):
        self.port = free_port()
        env = {**os.environ, "CORPUS_OPENSEARCH_URL": ",".join(urls),
               "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "corpus.cli", "serve", "--engine", "opensearch", "--index", index,
             "--host", "127.0.0.1", "--port", str(self.port), "--threads", str(threads)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_for(self._up, 60, "corpus serve to answer", poll=0.1)
        except BaseException:
            self.stop()
            raise

    def _up(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"corpus serve exited with {self.proc.returncode}: "
                               f"{self.proc.stderr.read().decode(errors='replace').strip()}")
        try:
            return self.get("/api/stats")[0] == 200
        except OSError:
            return False

    def get(self, path: str, conn: http.client.HTTPConnection | None = None) -> tuple[int, dict]:
        own = conn is None
        conn = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            body = r.read().decode("utf-8", "replace")
            try:
                return r.status, json.loads(body) if body else {}
            except ValueError:                  # a page, not the API
                return r.status, {"text": body}
        finally:
            if own:
                conn.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stderr.close()


def search_path(query: dict) -> str:
    return "/api/search?" + urllib.parse.urlencode(query)


def answer(body: dict) -> tuple:
    """What must not change while a node is down: the total and every facet count."""
    return body["total"], tuple(sorted((f, v["value"], v["count"]) for f, vs in body["facets"].items() for v in vs))


def expected_answers(server: Server) -> dict[str, tuple]:
    out = {}
    for q in QUERIES:
        status, body = server.get(search_path(q))
        if status != 200:
            raise RuntimeError(f"{search_path(q)} answered {status}: {body}")
        out[search_path(q)] = answer(body)
    return out


@dataclass
class Outcome:
    start: float          # time.monotonic() when sent
    end: float
    ok: bool
    why: str = ""


@dataclass
class Load:
    """Client threads sending the query set round-robin until stopped (or a cap is hit)."""
    server: Server
    expected: dict[str, tuple]
    clients: int = 3
    max_requests: int = 20_000
    max_seconds: float = 300.0
    outcomes: list[Outcome] = field(default_factory=list)

    def __post_init__(self):
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(self.clients)]

    def start(self) -> "Load":
        self._deadline = time.monotonic() + self.max_seconds
        for t in self._threads:
            t.start()
        return self

    def stop(self) -> list[Outcome]:
        self._stop.set()
        for t in self._threads:
            t.join()
        return self.outcomes

    def count(self, since: float = 0.0) -> int:
        with self._lock:
            return sum(1 for o in self.outcomes if o.start >= since)

    def _run(self, i: int) -> None:
        paths = list(self.expected)
        conn = None
        k = i
        while not self._stop.is_set() and time.monotonic() < self._deadline:
            with self._lock:
                if len(self.outcomes) >= self.max_requests:
                    return
            path = paths[k % len(paths)]
            k += 1
            conn = conn or http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=REQUEST_TIMEOUT)
            t0 = time.monotonic()
            try:
                status, body = self.server.get(path, conn)
                if status != 200:
                    why = f"HTTP {status}: {body.get('error', body)}"
                elif answer(body) != self.expected[path]:
                    why = f"wrong counts: total {body['total']} for {path}"
                else:
                    why = ""
            except (OSError, http.client.HTTPException, KeyError, TypeError) as e:
                why = f"{type(e).__name__}: {e}"
                conn.close()
                conn = None
            with self._lock:
                self.outcomes.append(Outcome(t0, time.monotonic(), not why, why))


# -- one trial
@dataclass
class Figures:
    victim: int
    was_manager: bool
    requests: int = 0
    failed: int = 0
    failed_before_notice: int = 0
    failed_after_notice: int = 0
    failed_during_restart: int = 0
    notice_s: float = 0.0          # node stop -> a surviving node's state has 2 nodes
    window_s: float = 0.0          # node stop -> end of the last failed request (0: none failed)
    green_s: float = 0.0           # start-node -> green with 3 nodes
    reasons: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        role = "cluster manager" if self.was_manager else "not the manager"
        return (f"node-{self.victim} ({role}): {self.requests} requests, {self.failed} failed "
                f"({self.failed_before_notice} before the cluster noticed, {self.failed_after_notice} after, "
                f"{self.failed_during_restart} during the restart); noticed after {self.notice_s:.2f} s, "
                f"failure window {self.window_s:.2f} s, green {self.green_s:.1f} s after the restart")


def trial(cluster: Cluster, server: Server, expected: dict, victim: str = "other",
          clients: int = 3, after: int = 60, max_seconds: float = 240) -> Figures:
    """Stop a node under load, restart it, wait for green; the node is restarted also on failure."""
    manager = cluster.manager()
    n = manager if victim == "manager" else next(i for i in range(len(cluster.urls), 0, -1) if i != manager)
    surviving = [i for i in range(1, len(cluster.urls) + 1) if i != n]
    fig = Figures(victim=n, was_manager=n == manager)
    load = Load(server, expected, clients=clients, max_seconds=max_seconds).start()
    stopped = False
    try:
        wait_for(lambda: load.count() >= clients * 3, 30, "the load to run")
        t_stop = time.monotonic()
        stopped = True
        cluster.stop_node(n)
        wait_for(lambda: cluster.nodes_seen(surviving) == len(cluster.urls) - 1, 90, "the cluster to notice")
        t_notice = time.monotonic()
        wait_for(lambda: load.count(t_notice) >= after, 120, f"{after} requests after the notice")
        t_restart = time.monotonic()
        cluster.start_node(n)
        stopped = False
        cluster.green(120)
        t_green = time.monotonic()
        wait_for(lambda: load.count(t_green) >= after, 120, f"{after} requests after green")
    finally:
        outcomes = load.stop()
        if stopped:
            cluster.heal()
    failed = [o for o in outcomes if not o.ok]
    fig.requests, fig.failed = len(outcomes), len(failed)
    fig.failed_before_notice = sum(1 for o in failed if o.start < t_notice)
    fig.failed_after_notice = sum(1 for o in failed if t_notice <= o.start < t_restart)
    fig.failed_during_restart = sum(1 for o in failed if o.start >= t_restart)
    fig.notice_s = t_notice - t_stop
    fig.window_s = max((o.end - t_stop for o in failed), default=0.0)
    fig.green_s = t_green - t_restart
    for o in failed:
        fig.reasons[o.why[:120]] = fig.reasons.get(o.why[:120], 0) + 1
    return fig


def build_index(name: str, folder: Path, docs: int, urls: list[str]):
    """The index of `docs` synthetic articles on 3 shards (a copy of each on another node:
    a node's loss promotes replicas); the indexing report."""
    from corpus.engines.opensearch.sink import OpenSearchSink
    from corpus.indexer import index_paths
    write_corpus(folder, docs)
    return index_paths(OpenSearchSink(name, url=",".join(urls), shards=3), [str(folder)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--victims", default="other,manager", help="comma-separated: other, manager")
    ap.add_argument("--rounds", type=int, default=1, help="trials per victim")
    ap.add_argument("--clients", type=int, default=3)
    ap.add_argument("--after", type=int, default=150, help="requests after the notice and after green")
    ap.add_argument("--index", default="faults-bench")
    args = ap.parse_args()

    import tempfile
    cluster = Cluster()
    print(f"cluster {','.join(cluster.urls)}; load: {os.getloadavg()[0]:.2f} (1-min average), "
          f"{os.cpu_count()} cores", flush=True)
    cluster.heal()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.monotonic()
        report = build_index(args.index, Path(tmp) / "src", args.docs, cluster.urls)
        print(f"index {args.index!r}: {report.summary()}", flush=True)
        health = cluster.green(120, index=args.index)
        print(f"index green: {health['active_primary_shards']} primaries, {health['active_shards']} shards "
              f"active ({time.monotonic() - t0:.1f} s)", flush=True)
        server = Server(args.index, cluster.urls)
        try:
            expected = expected_answers(server)
            all_figures = []
            for _ in range(args.rounds):
                for victim in args.victims.split(","):
                    fig = trial(cluster, server, expected, victim.strip(), args.clients, args.after)
                    all_figures.append(fig)
                    print(fig.line(), flush=True)
                    for why, k in sorted(fig.reasons.items(), key=lambda x: -x[1]):
                        print(f"    {k:4d} x {why}", flush=True)
            again = expected_answers(server)
            print("answers after the trials", "identical to before" if again == expected else "DIFFER", flush=True)
        finally:
            server.stop()
    print(f"load at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
