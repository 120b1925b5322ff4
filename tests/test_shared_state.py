"""Server memory: the searcher, its segment files and the columns are shared by all threads
(one copy per index version), and a re-index while serving is picked up."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from conftest import write_news
from corpus.indexer import index_paths
from corpus.engines.whoosh.searcher import WhooshCorpus as Corpus
from corpus.engines.whoosh.sharedfile import SharedBufferFile


def _in_threads(fn, n=6):
    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(lambda _: fn(), range(n * 3)))


def test_one_searcher_and_one_set_of_columns_for_all_threads(news_index):
    c = Corpus(news_index)
    barrier = threading.Barrier(6)

    def work():
        try:
            barrier.wait(timeout=5)
        except threading.BrokenBarrierError:
            pass
        c.search("الجيش", sort="-date")
        s = c.searcher()
        return s, c.columns(s)
    got = _in_threads(work)
    assert len({id(s) for s, _ in got}) == 1 and len({id(cols) for _, cols in got}) == 1
    assert c.opened == 1


def test_segment_files_are_read_in_place(news_index):
    """Whoosh's BufferFile copied every terms/postings file per searcher (~0.85 GB a thread
    on 31k articles); the shared file keeps the memoryview and a position per thread."""
    s = Corpus(news_index).searcher()
    for sub, _ in s.leaf_searchers():
        terms = sub.reader()._terms
        assert type(terms._dbfile) is SharedBufferFile and type(terms._postfile) is SharedBufferFile
        assert isinstance(terms._dbfile._buf, memoryview)


def test_positions_are_per_thread(news_index):
    f = Corpus(news_index).searcher().leaf_searchers()[0][0].reader()._terms._dbfile
    f.seek(5)
    other = []
    t = threading.Thread(target=lambda: other.append((f.tell(), f.seek(9), f.tell())))
    t.start()
    t.join()
    assert other == [(0, 9, 9)] and f.tell() == 5
    assert f.read(4) == bytes(f._buf[5:9])


def test_long_running_server_picks_up_a_reindex(tmp_path):
    from search_web import create_app
    src = tmp_path / "src"
    write_news(src)
    directory = tmp_path / "index"
    index_paths(directory, [str(src)])
    app = create_app({"INDEX": str(directory)})
    corpus = app.extensions["corpus"]

    def requests():
        client = app.test_client()
        out = []
        for url in ("/api/search?q=oil", "/api/search?q=الجيش&sort=date", "/?q=army",
                    "/api/search?q=&format=csv", "/api/documents/ar1", "/api/stats",
                    "/api/search?q=zanzibar"):
            r = client.get(url)
            assert r.status_code == 200, (url, r.data[:200])
            out.append(r)
        return out[-1].get_json()["total"]
    assert set(_in_threads(requests)) == {0}
    assert corpus.opened == 1
    # a re-index while serving: the new document is found, by every thread
    write_news(src, [("new1", "Zanzibar ferry", "A ferry reached Zanzibar.", "2021-01-01",
                      "Reuters", "Zanzibar")], name="more.jsonl")
    index_paths(directory, [str(src)])
    assert set(_in_threads(requests)) == {1}
    assert corpus.opened == 2
