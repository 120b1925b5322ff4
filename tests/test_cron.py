"""Cron simulation: 60 incremental runs over a changing folder (adds, edits, record and file
deletions, renames; .txt, .json, .jsonl and .csv; small batches and batches for the parallel
writer), so that Whoosh merges the segments of earlier runs. After every run the index must
hold exactly what a model of the folder says: ids, content hashes (changed exactly when a
document changed), the report's counts, and each document's own word found via the index."""
from __future__ import annotations

import csv
import dataclasses
import json
import random
import re
import subprocess
import sys
from pathlib import Path

from corpus.engines.whoosh import store
from corpus.engines.whoosh.writers import PARALLEL_MIN_DOCS
from corpus.indexer import index_paths
from corpus.engines.whoosh.searcher import WhooshCorpus as Corpus
from tests.conftest import SEEDS

CLI = [sys.executable, "-m", "corpus"]
AR = "الجيش العراقي قوات البيشمركة إقليم كوردستان بغداد أربيل الموصل كركوك الانتخابات النفط".split()
EN = "army forces oil prices election region government minister talks border".split()
LETTERS = "جحخدذرزسشصضطظعغ"       # no Arabic affix letters: the stemmer leaves these words alone


def word(prefix: str, n: int) -> str:
    """A made-up Arabic word, unique for (prefix, n): a document's own searchable word."""
    out = prefix
    for _ in range(4):
        n, r = divmod(n, len(LETTERS))
        out += LETTERS[r]
    return out


@dataclasses.dataclass
class Doc:
    n: int
    version: int = 0
    lang: str = "ar"
    ident: str = ""             # the record's id or url; "" for a .txt article (its name is its id)

    @property
    def own(self) -> str:
        return word("ثق", self.n)

    @property
    def stamp(self) -> str:     # changes with every edit
        return word("ثك", self.version)

    def text(self) -> tuple[str, str, str]:
        """Title, body and source: the same for the same version."""
        rnd, words = random.Random(self.n * 1000 + self.version), AR if self.lang == "ar" else EN
        body = " ".join(rnd.choice(words) for _ in range(20))
        return (f"{rnd.choice(words)} {self.own} {self.stamp}", f"{body} {self.own} {self.stamp} {body}",
                rnd.choice(["الأناضول", "Reuters"]))


class Folder:
    """The source folder and the model of what it holds: relative path -> documents."""

    def __init__(self, root: Path, rnd: random.Random):
        self.root, self.rnd = root, rnd
        self.files: dict[str, list[Doc]] = {}
        self.serial = 0

    def doc_id(self, rel: str, doc: Doc) -> str:
        return doc.ident or f"{self.root.name}/{rel}"

    def expected(self) -> dict[str, tuple]:
        """id -> what the document's content hash depends on (its text and its file)."""
        return {self.doc_id(rel, d): (d.version, rel) for rel, docs in self.files.items() for d in docs}

    def new_docs(self, suffix: str, count: int) -> list[Doc]:
        docs = []
        for _ in range(count):
            self.serial += 1
            n = self.serial
            ident = {".json": f"j{n}", ".jsonl": f"l{n}" if n % 2 else f"https://example.org/l/{n}",
                     ".csv": f"https://example.org/c/{n}", ".txt": ""}[suffix]
            docs.append(Doc(n, lang="en" if n % 5 == 0 and suffix != ".txt" else "ar", ident=ident))
        return docs

    def write(self, rel: str) -> None:
        path, docs = self.root / rel, self.files[rel]
        path.parent.mkdir(parents=True, exist_ok=True)
        records = []
        for d in docs:
            title, body, source = d.text()
            rec = {"title": title, "content": body, "url": d.ident if d.ident.startswith("http") else "",
                   "date": f"2019-{1 + d.n % 12:02d}-{1 + d.n % 28:02d}", "source": source}
            if d.ident and not d.ident.startswith("http"):
                rec["id"] = d.ident
            records.append(rec)
        if path.suffix == ".txt":
            path.write_text(f"{records[0]['title']}\n\n{records[0]['content']}\n", encoding="utf-8")
        elif path.suffix == ".json":
            path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        elif path.suffix == ".jsonl":
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        else:
            with path.open("w", encoding="utf-8", newline="") as f:
                w = csv.DictWriter(f, ["title", "content", "url", "date", "source"])
                w.writeheader()
                w.writerows({k: r[k] for k in w.fieldnames} for r in records)

    # ---- changes ----

    def add_file(self, suffix: str, count: int) -> None:
        rel = f"{self.rnd.choice(['', 'a/', 'b/c/'])}f{self.serial + 1}{suffix}"
        self.files[rel] = self.new_docs(suffix, 1 if suffix == ".txt" else count)
        self.write(rel)

    def edit(self, rel: str, count: int) -> None:
        for d in self.rnd.sample(self.files[rel], min(count, len(self.files[rel]))):
            d.version += 1
        self.write(rel)

    def add_records(self, rel: str, count: int) -> None:
        self.files[rel] += self.new_docs(Path(rel).suffix, count)
        self.write(rel)

    def drop_records(self, rel: str, count: int) -> None:
        docs = self.files[rel]
        for d in self.rnd.sample(docs, min(count, len(docs) - 1)):
            docs.remove(d)
        self.write(rel)

    def delete(self, rel: str) -> None:
        del self.files[rel]
        (self.root / rel).unlink()

    def rename(self, rel: str) -> None:
        new = f"{self.rnd.choice(['', 'a/', 'd/'])}r{self.serial}_{Path(rel).name}"
        if new not in self.files:
            (self.root / new).parent.mkdir(parents=True, exist_ok=True)
            (self.root / rel).rename(self.root / new)
            self.files[new] = self.files.pop(rel)

    def change(self, big: bool) -> None:
        rnd, records = self.rnd, [r for r in self.files if not r.endswith(".txt")]
        if big:                 # enough documents for the parallel writer
            large = [r for r in records if len(self.files[r]) >= PARALLEL_MIN_DOCS]
            if large and (rnd.random() < 0.5 or sum(map(len, self.files.values())) > 1200):
                rel = rnd.choice(large)
                self.delete(rel) if rnd.random() < 0.3 else self.edit(rel, PARALLEL_MIN_DOCS + 20)
            else:
                self.add_file(rnd.choice([".jsonl", ".csv", ".json"]), PARALLEL_MIN_DOCS + 20)
            return
        for _ in range(rnd.randint(0, 3)):
            op = rnd.choice(["add", "add", "edit", "more", "drop", "delete", "rename"])
            rel = rnd.choice(sorted(self.files))
            if op == "add":
                self.add_file(rnd.choice([".txt", ".json", ".jsonl", ".csv"]), rnd.randint(1, 8))
            elif op == "edit":
                self.edit(rel, rnd.randint(1, 3))
            elif op == "more" and rel in records:
                self.add_records(rel, rnd.randint(1, 5))
            elif op == "drop" and rel in records:
                self.drop_records(rel, rnd.randint(1, 3))
            elif op == "delete" and len(self.files) > 3:
                self.delete(rel)
            elif op == "rename":
                self.rename(rel)


def _hashes(ix: Path) -> dict[str, str]:
    """id -> content hash of the live documents; fails if an id is there twice."""
    with store.open_index(ix).reader() as r:
        ids, hashes = r.column_reader("id"), r.column_reader("hash")
        pairs = [(ids[n], hashes[n]) for n in r.all_doc_ids()]
    assert len({i for i, _ in pairs}) == len(pairs), "an id is in the index twice"
    return dict(pairs)


def _own_words(ix: Path) -> dict[str, set[str]]:
    """A document's own word (ثق...) -> the ids of the live documents it is indexed for."""
    with store.open_index(ix).reader() as r:
        ids, out = r.column_reader("id"), {}
        for term in r.expand_prefix("exact", "ثق"):
            docs = [n for n in r.postings("exact", term).all_ids() if not r.is_deleted(n)]
            if docs:
                out[term if isinstance(term, str) else term.decode()] = {ids[n] for n in docs}
        return out


def _segments(ix: Path) -> int:
    with store.open_index(ix).reader() as r:
        return len(r.leaf_readers()) if not r.is_atomic() else 1


def _cli_run(ix: Path) -> tuple[int, ...]:
    r = subprocess.run(CLI + ["index", "--index", str(ix), "--procs", "2"], capture_output=True, text=True)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    m = re.search(r"indexed (\d+), updated (\d+), deleted (\d+), unchanged (\d+)", r.stdout)
    return tuple(map(int, m.groups()))


def test_sixty_cron_runs_match_the_model(tmp_path):
    rnd = random.Random(7)
    folder, ix = Folder(tmp_path / "news", rnd), tmp_path / "ix"
    folder.add_file(".jsonl", 30)
    folder.add_file(".txt", 1)
    folder.add_file(".csv", 10)
    big_runs, cli_runs = {6, 17, 28, 39, 50}, {12, 33, 55}
    known, hashes, segment_counts = {}, {}, []
    for run in range(60):
        if run:
            folder.change(big=run in big_runs)
        expected = folder.expected()
        want = (len(expected.keys() - known.keys()),
                sum(1 for i in expected.keys() & known.keys() if expected[i] != known[i]),
                len(known.keys() - expected.keys()),
                sum(1 for i in expected.keys() & known.keys() if expected[i] == known[i]))
        if run in cli_runs:
            got = _cli_run(ix)
        else:
            report = index_paths(ix, [str(folder.root)] if run == 0 else [], procs=2)
            got = (report.indexed, report.updated, report.deleted, report.unchanged)
            assert report.documents == len(expected) and not report.skipped, (run, report.skipped)
        assert got == want, run

        now = _hashes(ix)
        assert set(now) == set(expected), run
        for i in now.keys() & hashes.keys():    # a hash changes exactly when the document did
            assert (now[i] != hashes[i]) == (expected[i] != known[i]), (run, i)
        words = {d.own: {folder.doc_id(rel, d)} for rel, docs in folder.files.items() for d in docs}
        assert _own_words(ix) == words, run

        changed = [(rel, d) for rel, docs in folder.files.items() for d in docs
                   if known.get(folder.doc_id(rel, d)) != expected[folder.doc_id(rel, d)]]
        corpus = Corpus(ix)
        for rel, d in rnd.sample(changed, min(3, len(changed))):   # the search path finds new text
            assert [h["id"] for h in corpus.export(f"{d.own} {d.stamp}", limit=5)] == [folder.doc_id(rel, d)]
            if d.version:
                assert not list(corpus.export(f"{d.own} {word('ثك', d.version - 1)}", limit=5))
        known, hashes = expected, now
        segment_counts.append(_segments(ix))
    assert max(segment_counts) > segment_counts[-1] or any(
        b < a for a, b in zip(segment_counts, segment_counts[1:])), "no run merged segments"


def test_seed_index_then_six_small_runs(tmp_path):
    """The report of issue 7: after four small incremental runs every later one failed in
    Whoosh's merge of small segments (`AssertionError: vbytes=''`)."""
    ix = tmp_path / "ix"
    r = subprocess.run(CLI + ["index", str(SEEDS), "--index", str(ix)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    for i in range(1, 7):
        f = tmp_path / f"f{i}.jsonl"
        f.write_text(json.dumps({"title": f"t{i}", "content": "b", "url": f"http://i/{i}"}) + "\n")
        r = subprocess.run(CLI + ["index", str(f), "--index", str(ix)], capture_output=True, text=True)
        assert r.returncode == 0 and "Traceback" not in r.stderr, (i, r.stderr)
        assert f"{2 + i} documents in the index" in r.stdout
    assert [h["id"] for h in Corpus(ix).export("t6")] == ["http://i/6"]
    assert _segments(ix) < 7                    # small segments were merged
