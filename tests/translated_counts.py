"""What the translation tests share: articles written as one JSONL file for corpus_fixtures,
and the check that an English query finds exactly the articles of the Arabic phrase(s) it means."""
from __future__ import annotations

import json
from pathlib import Path


def jsonl_writer(name: str, articles: list[tuple[str, str, str]]):
    """A corpus_fixtures writer: (id, title, body) Arabic articles of 2015-06-01 in NAME.jsonl."""
    def write(folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / f"{name}.jsonl").open("w", encoding="utf-8") as f:
            for id_, title, body in articles:
                f.write(json.dumps({"id": id_, "title": title, "content": body,
                                    "date": "2015-06-01", "lang": "ar"}, ensure_ascii=False) + "\n")
    return write


def ids(res) -> set[str]:
    return {h.id.split("/")[-1].split(":")[-1] for h in res.hits}


def search(searcher, q, **kw):
    return searcher.search(q, size=100, facets=(), **kw)


def same_as_arabic(searcher, english: str, arabic: str) -> set[str]:
    """The English query's hits, asserted equal to those of the Arabic phrases (| between)."""
    en = search(searcher, english)
    ar = search(searcher, " OR ".join(f'"{p}"' for p in arabic.split("|")), translate="off")
    assert en.total == ar.total and ids(en) == ids(ar), (english, en.translations)
    return ids(en)
