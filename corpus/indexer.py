"""Documents -> an engine's index: full and incremental builds, one writer at a time.

The indexer reads files and decides what changed (by content hash) and what is gone; the
engine's sink (corpus/engines/*/sink.py) holds the lock, analyses, writes and commits.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
import uuid
from pathlib import Path
from typing import Callable, Iterable

from corpus import analysis
from corpus.document import ReadError
from corpus.embeddings.indexing import plan as embedding_plan
from corpus.engines import open_sink
from corpus.errors import IndexProblem
from corpus.readers import discover, read_file
from corpus.prepare import PrepareStage
from corpus.stories import StoryAssigner


@dataclasses.dataclass
class IndexReport:
    indexed: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    files: int = 0
    read: int = 0           # files read (their bad records, if any, are in `skipped` too)
    skipped: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    documents: int = 0      # documents in the index after the run

    @property
    def usable(self) -> bool:
        """Something was read (or there was nothing to read and nothing failed)."""
        return self.read > 0 or not self.skipped

    def summary(self) -> str:
        return (f"indexed {self.indexed}, updated {self.updated}, deleted {self.deleted}, "
                f"unchanged {self.unchanged}, skipped {len(self.skipped)} file(s) or record(s); "
                f"{self.documents} documents in the index ({self.seconds:.1f} s)")


Progress = Callable[[int, int, int], None]   # (files done, files total, documents read)


def _is_glob(path: str) -> bool:
    return any(c in path for c in "*?[")


def _under(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _sink(target, procs):
    """An engine sink as given, or the Whoosh index directory at a path."""
    return target if hasattr(target, "commit") else open_sink("whoosh", target, procs)


def index_paths(target, paths: Iterable[str] = (), rebuild: bool = False,
                procs: int | None = None, progress: Progress | None = None,
                embeddings: bool | None = None) -> IndexReport:
    """Index `paths` (or the remembered sources) into `target`, an engine sink or a Whoosh
    index directory; see IndexReport. `embeddings`: store sentence vectors (True), stop
    (False), or as the index has it (None): corpus/embeddings/indexing.py."""
    started = time.perf_counter()
    report = IndexReport()
    sink = _sink(target, procs)
    with sink.lock():
        meta = sink.meta()
        given = [str(p) if _is_glob(str(p)) else str(Path(p).absolute()) for p in paths]
        sources = given or meta.get("sources") or []
        if not sources:
            raise IndexProblem("nothing to index: give a file, folder or glob "
                               "(a bare `corpus index` re-indexes the remembered sources)")
        files, problems = discover(sources)
        report.skipped.extend(problems)
        report.files = len(files)

        sink, meta, rebuild = embedding_plan(sink, meta, embeddings, rebuild)
        fresh = rebuild or not sink.exists()
        if not fresh and not analysis.current(meta):
            raise IndexProblem(analysis.REBUILD)
        sink.begin(fresh)
        seen: dict[str, str] = {}      # id -> the file read first; read_file skips later copies
        read_ok: set[str] = set()
        n_docs = 0
        stories = None
        try:
            known = sink.known()
            stories = PrepareStage(
                StoryAssigner(sink.story_lookup()),
                sink, getattr(sink, "procs", procs))
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
                n_docs += len(docs)
                if progress:
                    progress(i, len(files), n_docs)
            stories.finish()
            report.read = len(read_ok)

            # Gone: indexed under a scanned root, but its file vanished or no longer holds it.
            roots = [s for s in sources if not _is_glob(s)]
            scanned = set(files)
            for doc_id, (_, path) in known.items():
                if doc_id in seen or not (path in scanned or _under(path, roots)):
                    continue
                if path in read_ok or not os.path.exists(path):
                    sink.delete(doc_id)
                    report.deleted += 1

            if fresh and not read_ok and sink.exists():
                # a rebuild that read nothing must not replace the index with an empty one
                sink.abort()
            else:
                sources_kept = sorted(set(given) or set(sources)) if fresh else \
                    sorted(set(meta.get("sources", [])) | set(given))
                sink.commit({**meta, "sources": sources_kept, "last_indexed": now_iso(),
                             "analysis": analysis.VERSION, "commit": uuid.uuid4().hex})
        except BaseException:
            if stories is not None:
                stories.close()
            sink.abort()
            raise
        report.documents = sink.doc_count()
    report.seconds = time.perf_counter() - started
    return report
