"""Shared fixtures: small generated corpora and indexes built from them."""
from __future__ import annotations

import json
import os
import random
import shutil
import uuid
from pathlib import Path
from typing import Callable

import pytest

from corpus.indexer import index_paths

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"

# The tests count what is encoded: vectors come from the model unless a test turns the
# cache on (tests/test_embeddings.py, with its own folder).
os.environ["CORPUS_EMBEDDINGS_CACHE"] = "off"

# A small bilingual news corpus with known metadata (id, title, content, date, source, place, lang).
NEWS = [
    ("ar1", "الجيش العراقي يستعيد السيطرة على قرية", "أعلن الجيش العراقي استعادة السيطرة على قرية قرب الموصل بعد اشتباكات مع تنظيم داعش.", "2019-01-05", "الأناضول", "الموصل"),
    ("ar2", "البيشمركة والجيش يشكلان غرف عمليات مشتركة", "اتفقت قوات البيشمركة مع الجيش على تشكيل غرف عمليات مشتركة في كركوك وديالى.", "2020-05-08", "رووداو", "أربيل"),
    ("ar3", "أسعار النفط ترتفع", "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار أوبك خفض الإنتاج.", "2019-03-10", "رويترز", "بغداد"),
    ("ar4", "انتخابات إقليم كوردستان", "تستعد مفوضية الانتخابات في إقليم كوردستان لإجراء الانتخابات البرلمانية.", "2018-09-30", "رووداو", "أربيل"),
    ("ar5", "وزارة الصحة تعلن حملة تلقيح", "أعلنت وزارة الصحة العراقية حملة تلقيح واسعة في بغداد والمحافظات.", "2020-02-01", "الأناضول", "بغداد"),
    ("en1", "Iraqi army retakes village near Mosul", "The Iraqi army retook a village near Mosul after clashes with Islamic State fighters.", "2019-01-06", "Reuters", "Mosul"),
    ("en2", "Peshmerga and Iraqi forces agree joint operations rooms", "Peshmerga forces and the Iraqi army agreed to form joint operations rooms in Kirkuk.", "2020-05-09", "Rudaw", "Erbil"),
    ("en3", "Oil prices rise after OPEC cut", "Oil prices rose on world markets after OPEC decided to cut production.", "2019-03-11", "Reuters", "Baghdad"),
]


def write_news(folder: Path, rows=NEWS, name: str = "news.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with path.open("w", encoding="utf-8") as f:
        for id_, title, content, date, source, place in rows:
            f.write(json.dumps({"id": id_, "title": title, "content": content, "date": date,
                                "source": source, "place": place, "url": f"https://example.org/{id_}"},
                               ensure_ascii=False) + "\n")
    return path


WIRE_LETTERS = "جحخدذرزسشصضطظعغ"     # no Arabic affix letters: the stemmer leaves the words alone


def write_wire(folder: Path, n: int, stories: int = 50, words: int = 60, files: int = 3) -> Path:
    """`n` articles (ids w0, w1, ...) in `files` JSON-lines files: article i retells wire
    story i % `stories` in `words` made-up words, two of them its own (so each story's
    versions are near-duplicates, spread over the whole run)."""
    rnd = random.Random(n)

    def word() -> str:
        return "".join(rnd.choice(WIRE_LETTERS) for _ in range(5))
    base = [[word() for _ in range(words)] for _ in range(stories)]
    folder.mkdir(parents=True, exist_ok=True)
    per = -(-n // files)
    for f in range(files):
        with (folder / f"wire{f}.jsonl").open("w", encoding="utf-8") as out:
            for i in range(f * per, min(n, (f + 1) * per)):
                text = list(base[i % stories])
                for _ in range(2):
                    text[rnd.randrange(words)] = word()
                out.write(json.dumps({"id": f"w{i}", "title": f"خبر {i}", "content": " ".join(text),
                                      "date": f"2019-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                      "source": rnd.choice(["الأناضول", "رويترز", "رووداو"])},
                                     ensure_ascii=False) + "\n")
    return folder


def write_news_and_seeds(folder: Path) -> None:
    """NEWS plus the two seed articles, as files: `news_src` (with news_index,
    news_opensearch and news_searcher, the conformance suite's subject: don't modify)."""
    write_news(folder)
    shutil.copytree(SEEDS, folder / "seeds")


@pytest.fixture(scope="session", autouse=True)
def research_stores(tmp_path_factory):
    """The research token stores of the session's indexes (corpus/research/tokens.py) go to
    a temporary folder, not to ~/.cache (OpenSearch's)."""
    os.environ["CORPUS_RESEARCH_DIR"] = str(tmp_path_factory.mktemp("research-stores"))


# -- OpenSearch: the real cluster scripts/test.sh starts (CORPUS_OPENSEARCH_URL); the tests
#    that need it are skipped, saying so, when there is none.
ENGINES = ("whoosh", "opensearch")
RUN = uuid.uuid4().hex[:8]


@pytest.fixture(scope="session")
def opensearch_client():
    if not os.environ.get("CORPUS_OPENSEARCH_URL"):
        pytest.skip("no OpenSearch cluster: CORPUS_OPENSEARCH_URL is unset "
                    "(scripts/test.sh starts one: bash scripts/opensearch.sh start)")
    from corpus.engines.opensearch.client import connect
    client = connect()
    yield client
    client.indices.delete(index=f"test-{RUN}-*", expand_wildcards="all", ignore_unavailable=True)


def opensearch_name(label: str) -> str:
    """A fresh OpenSearch index (alias) name for this test session."""
    return f"test-{RUN}-{label}-{uuid.uuid4().hex[:6]}"


def fresh_target(label: str):
    """A `target` fixture: (engine, where), a fresh index per test on each engine in turn
    (a Whoosh directory, or an OpenSearch alias named after `label`). Bind it in a module:
    `target = fresh_target("emb")`."""
    @pytest.fixture(params=ENGINES, name="target")
    def target(request, tmp_path):
        if request.param != "opensearch":
            yield "whoosh", tmp_path / "index"
            return
        client = request.getfixturevalue("opensearch_client")
        name = opensearch_name(label)
        yield "opensearch", name
        # gone at once: every index the cluster holds slows a node's recovery (the fault tests)
        client.indices.delete(index=f"{name}*", expand_wildcards="all", ignore_unavailable=True)
    return target


def corpus_fixtures(label: str, write: Callable[[Path], object], procs: int | None = None):
    """Session fixtures of a generated corpus, named after `label`: `{label}_src` (the
    files `write(folder)` makes), `{label}_index` (Whoosh), `{label}_opensearch` (an alias)
    and `{label}_searcher` (each engine in turn). Bind them in a module under those names:

        research_src, research_index, research_opensearch, research_searcher = \
            corpus_fixtures("research", write_records)
    """
    @pytest.fixture(scope="session", name=f"{label}_src")
    def src(tmp_path_factory) -> Path:
        folder = tmp_path_factory.mktemp(label) / "src"
        write(folder)
        return folder

    @pytest.fixture(scope="session", name=f"{label}_index")
    def index(request) -> Path:
        folder = request.getfixturevalue(f"{label}_src")
        built = folder.parent / "index"
        index_paths(built, [str(folder)], procs=procs)
        return built

    @pytest.fixture(scope="session", name=f"{label}_opensearch")
    def opensearch(request) -> str:
        from corpus.engines import open_sink
        request.getfixturevalue("opensearch_client")
        name = opensearch_name(label)
        index_paths(open_sink("opensearch", name), [str(request.getfixturevalue(f"{label}_src"))],
                    procs=procs)
        return name

    @pytest.fixture(scope="session", name=f"{label}_searcher", params=ENGINES)
    def searcher(request):
        from corpus.engines import open_searcher
        where = request.getfixturevalue(f"{label}_index" if request.param == "whoosh"
                                        else f"{label}_opensearch")
        return open_searcher(request.param, where)

    return src, index, opensearch, searcher


news_src, news_index, news_opensearch, news_searcher = corpus_fixtures("news", write_news_and_seeds)


def drop_meta_key(engine: str, sink, key: str) -> None:
    """Make an index look built before `key` of its meta existed (an older release)."""
    meta = {k: v for k, v in sink.meta().items() if k != key}
    if engine == "whoosh":
        from corpus.engines.whoosh import store
        store.write_meta(sink.directory, {**meta, "indexname": sink.meta()["indexname"]})
    else:
        live = sorted(sink.client.indices.get_alias(name=sink.name))[-1]
        sink.client.indices.put_mapping(index=live, body={"_meta": meta})
