"""Documents -> an engine's index: full and incremental builds, one writer at a time.

The indexer reads files and decides what changed (by content hash) and what is gone; the
engine's sink (corpus/engines/*/sink.py) holds the lock, analyses, writes and commits.

A source (a named file or folder) that has disappeared, cannot be read, or is a folder that
now holds no supported files (an unmounted drive) while the index has documents from it
keeps those documents: the run reports it and indexes the rest; `prune` deletes them.
A long run commits as it goes (CommitEvery), so a killed first build resumes where it was.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import os
import stat
import time
import uuid
from pathlib import Path
from typing import Callable, Iterable

from corpus import analysis, metadata
from corpus.document import ReadError
from corpus.embeddings.indexing import plan as embedding_plan
from corpus.engines import open_sink
from corpus.errors import IndexProblem
from corpus.readers import discover, read_file
from corpus.prepare import PrepareStage
from corpus import stories as grouping


COMMIT_DOCS = 10_000        # a long run commits after this many added or changed documents,
COMMIT_SECONDS = 60.0       # or this long after its start or last commit, whichever comes first
# A run allocates tens of millions of short-lived objects (tokens, postings, band keys): the
# cyclic garbage collector runs every GC_YOUNG new ones instead of Python's 700 meanwhile
# (and its workers, forked, inherit that). Collecting on 7,220 articles: 1.0 -> 0.2 CPU s a
# writer, 1.3 -> 0.3 in this process (the run: 50.4 -> 45.2 CPU s, at load 12).
GC_YOUNG, GC_OLDER = 50_000, 20


@dataclasses.dataclass(frozen=True)
class CommitEvery:
    """When a long run commits what it has so far (0: never by that measure)."""
    documents: int = COMMIT_DOCS
    seconds: float = COMMIT_SECONDS

    @classmethod
    def from_env(cls) -> CommitEvery:
        """$CORPUS_COMMIT_DOCS and $CORPUS_COMMIT_SECONDS, else the defaults."""
        return cls(_env_number("CORPUS_COMMIT_DOCS", COMMIT_DOCS, int),
                   _env_number("CORPUS_COMMIT_SECONDS", COMMIT_SECONDS, float))

    def due(self, added: int, since: float) -> bool:
        """`added` documents since the last commit, made at time.monotonic() `since`."""
        return added > 0 and (0 < self.documents <= added or
                              0 < self.seconds <= time.monotonic() - since)


def _env_number(name: str, default, kind):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise IndexProblem(f"${name} must be a number (0: never), not {raw!r}")
    return value


@dataclasses.dataclass
class MissingSource:
    """A named source that yields nothing now while the index holds documents from it."""
    source: str
    why: str                # "is missing", "cannot be read (...)", "has no supported files now ..."
    documents: int          # documents of the index from under it

    def kept(self) -> str:
        return (f"source {self.source} {self.why}: its {self.documents} documents are kept; "
                f"`corpus index --prune` deletes them and forgets the source")

    def pruned(self) -> str:
        return f"source {self.source} {self.why}: pruned (its {self.documents} documents deleted, the source forgotten)"


@dataclasses.dataclass
class IndexReport:
    indexed: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    files: int = 0
    read: int = 0           # files read (their bad records, if any, are in `skipped` too)
    skipped: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    missing: list[MissingSource] = dataclasses.field(default_factory=list)   # kept: the run failed
    pruned: list[MissingSource] = dataclasses.field(default_factory=list)
    commits: int = 0        # commits made before the last one (CommitEvery)
    seconds: float = 0.0
    documents: int = 0      # documents in the index after the run

    @property
    def usable(self) -> bool:
        """Something was read (or there was nothing to read and nothing failed)."""
        return self.read > 0 or not self.skipped

    def summary(self) -> str:
        along = f"; {self.commits} commit(s) along the way" if self.commits else ""
        return (f"indexed {self.indexed}, updated {self.updated}, deleted {self.deleted}, "
                f"unchanged {self.unchanged}, skipped {len(self.skipped)} file(s) or record(s); "
                f"{self.documents} documents in the index ({self.seconds:.1f} s{along})")


Progress = Callable[[int, int, int], None]   # (files done, files total, documents read)


def _is_glob(path: str) -> bool:
    return any(c in path for c in "*?[")


def _under(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def _gone(path: str) -> bool:
    """The file is known not to exist (not merely unreachable: an unreadable folder, a dead mount)."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def _absent_sources(sources: list[str], files: list[str]) -> dict[str, str]:
    """The named files and folders (not globs) that yield nothing now -> why."""
    absent = {}
    for source in sources:
        if _is_glob(source):
            continue
        try:
            is_dir = stat.S_ISDIR(os.stat(source).st_mode)
            if is_dir:
                with os.scandir(source):
                    pass
        except FileNotFoundError:
            absent[source] = "is missing"
            continue
        except OSError as e:
            absent[source] = f"cannot be read ({e.strerror or e})"
            continue
        if is_dir and not any(_under(f, [source]) for f in files):
            absent[source] = "has no supported files now (an unmounted drive?)"
    return absent


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _sink(target, procs):
    """An engine sink as given, or the Whoosh index directory at a path."""
    return target if hasattr(target, "commit") else open_sink("whoosh", target, procs)


@contextlib.contextmanager
def _fewer_collections():
    """GC_YOUNG and GC_OLDER as the collector's thresholds while the block runs."""
    before = gc.get_threshold()
    gc.set_threshold(GC_YOUNG, GC_OLDER, before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def index_paths(target, paths: Iterable[str] = (), rebuild: bool = False,
                procs: int | None = None, progress: Progress | None = None,
                embeddings: bool | None = None, prune: bool = False,
                commit_every: CommitEvery | None = None) -> IndexReport:
    """Index `paths` (or the remembered sources) into `target`, an engine sink or a Whoosh
    index directory; see IndexReport. `embeddings`: store sentence vectors (True), stop
    (False), or as the index has it (None): corpus/embeddings/indexing.py. `prune`: delete
    the documents of missing sources and forget them (else they are kept and reported).
    `commit_every`: when to commit along the way (default: CommitEvery.from_env())."""
    started = time.perf_counter()
    report = IndexReport()
    every = commit_every or CommitEvery.from_env()
    sink = _sink(target, procs)
    with sink.lock(), _fewer_collections():
        meta = sink.meta()
        given = [str(p) if _is_glob(str(p)) else str(Path(p).absolute()) for p in paths]
        sources = given or meta.get("sources") or []
        if not sources:
            raise IndexProblem("nothing to index: give a file, folder or glob "
                               "(a bare `corpus index` re-indexes the remembered sources)")
        files, problems = discover(sources)
        report.files = len(files)

        sink, meta, rebuild = embedding_plan(sink, meta, embeddings, rebuild)
        existed = sink.exists()
        fresh = rebuild or not existed
        if not fresh and not analysis.current(meta):
            raise IndexProblem(analysis.REBUILD)
        if not fresh and existed and not grouping.current(meta):
            raise IndexProblem(grouping.REBUILD)     # new copies would not join old stories
        absent = _absent_sources(sources, files)
        live = sink.known() if existed and (absent or not fresh) else {}
        for source, why in absent.items():
            n = sum(1 for _, path in live.values() if _under(path, [source]))
            if prune:
                report.pruned.append(MissingSource(source, why, n))
            elif n:
                report.missing.append(MissingSource(source, why, n))
        told = {m.source for m in report.missing + report.pruned}
        report.skipped.extend(p for p in problems if p[0] not in told)
        if fresh and report.missing:
            raise IndexProblem("; ".join(f"source {m.source} {m.why}: a rebuild would drop its "
                                         f"{m.documents} documents" for m in report.missing) +
                               "; bring it back, or add --prune to drop them")
        known = {} if fresh else live
        # a rebuild's generation replaces the live index at its end only; others commit as they go
        checkpoints = not (fresh and existed)
        if fresh:
            sources_all = sorted(set(given) or set(sources))
        else:
            sources_all = sorted(set(meta.get("sources", [])) | set(given))

        # the tables the values come from: a fresh build records them, an update keeps the
        # record of the documents already there (corpus/metadata: TABLES_REBUILD)
        tables = metadata.tables_version() if fresh else meta.get("tables")

        def run_meta(kept: list[str]) -> dict:
            return {**meta, "sources": kept, "last_indexed": now_iso(),
                    "analysis": analysis.VERSION, "stories": grouping.VERSION,
                    "commit": uuid.uuid4().hex, "tables": tables}

        metadata.warm()         # before worker processes are forked: they share the tables
        sink.begin(fresh)
        seen: dict[str, str] = {}      # id -> the file read first; read_file skips later copies
        read_ok: set[str] = set()
        n_docs = 0
        stories = None
        try:
            stories = PrepareStage(
                grouping.StoryAssigner(sink.story_lookup()),
                sink, getattr(sink, "procs", procs))
            added, since = 0, time.monotonic()      # since the last commit
            for i, path in enumerate(files, 1):
                try:
                    # lazy; bad records and ids already read (first one wins) reported
                    docs = read_file(path, lambda reason: report.skipped.append((path, reason)), seen=seen)
                except ReadError as e:
                    report.skipped.append((path, str(e)))
                    continue
                except OSError as e:
                    report.skipped.append((path, e.strerror or str(e)))
                    continue
                read_ok.add(path)
                for doc in docs:
                    old = known.get(doc.id)
                    if old and old[0] == doc.content_hash:
                        report.unchanged += 1
                        continue
                    if old:
                        sink.delete(doc.id)
                        report.updated += 1
                    else:
                        report.indexed += 1
                    stories.add(doc)    # near-duplicates (corpus/stories.py), then the sink
                    added += 1
                    if checkpoints and every.due(added, since):
                        stories.flush()     # a changed document's deletion and new version together
                        sink.commit(run_meta(sources_all))
                        report.commits += 1
                        added, since = 0, time.monotonic()
                n_docs += len(docs)
                if progress:
                    progress(i, len(files), n_docs)
            stories.finish()
            report.read = len(read_ok)

            # Gone: indexed under a scanned root, but its file vanished or no longer holds it;
            # kept when its whole source is missing (unless pruned).
            roots = [s for s in sources if not _is_glob(s)]
            kept = [m.source for m in report.missing]
            pruned = [m.source for m in report.pruned]
            scanned = set(files)
            for doc_id, (_, path) in known.items():
                if doc_id in seen or not (path in scanned or _under(path, roots)) or _under(path, kept):
                    continue
                if path in read_ok or _under(path, pruned) or _gone(path):
                    sink.delete(doc_id)
                    report.deleted += 1

            if fresh and not read_ok and sink.exists():
                # a rebuild that read nothing must not replace the index with an empty one
                sink.abort()
            else:
                sink.commit(run_meta([s for s in sources_all if s not in pruned]))
                sink.settle()
        except BaseException:
            if stories is not None:
                stories.close()
            sink.abort()
            raise
        report.documents = sink.doc_count()
    report.seconds = time.perf_counter() - started
    return report
