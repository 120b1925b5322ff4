"""Documents -> index: full and incremental builds, in parallel, crash-safe.

The parent reads files and decides what changed (by content hash); worker processes detect
the language, analyse and write their own Whoosh segments; one commit makes them live.
"""
from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import datetime as dt
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import CLEAR

from corpus import store
from corpus.document import Document, ReadError
from corpus.fastwrite import FastSegmentWriter
from corpus.langid import detect_language
from corpus.readers import discover, read_file

PARALLEL_MIN_DOCS = 400      # below this, forking workers costs more than it saves
BATCH = 200                  # documents per job file handed to a worker
SEGMENT_POSTINGS = 1_500_000 # a worker starts a new segment past this: bounds its memory (~400 MB)
PR_SET_PDEATHSIG = 1         # linux/prctl.h


def document_fields(doc: Document) -> dict:
    """A Document as Whoosh field values (language must be known). `exact` is the title and
    body as a tuple: FastSegmentWriter indexes them in turn, reusing their tokens."""
    when = dt.datetime.combine(doc.date, dt.time()) if doc.date else None
    fields = {
        "id": doc.id, "path": doc.path, "hash": doc.content_hash,
        "title": doc.title, "body": doc.body, "exact": (doc.title, doc.body),
        "date": when, "url": doc.url, "lang": doc.lang, "source": doc.source,
        "section": doc.section, "author": doc.author, "place": doc.place,
        "year": f"{doc.date:%Y}" if doc.date else "", "month": f"{doc.date:%Y-%m}" if doc.date else "",
    }
    return {k: v for k, v in fields.items() if v not in ("", None)}


def add_document(writer, doc: Document) -> None:
    if not doc.lang:
        doc.lang = detect_language(f"{doc.title}\n{doc.body}")
    writer.add_document(**document_fields(doc))


def _die_with_parent(parent: int) -> None:
    """Linux: the kernel kills this process as soon as its parent dies (kill -9 included)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:                  # it died before that
        os._exit(0)


class _Worker(SubWriterTask):
    """Whoosh's sub-writer, fed Documents; dies with its parent and never prints a traceback."""

    def __init__(self, *args):
        super().__init__(*args)
        self.parent = os.getpid()

    @staticmethod
    def _Popen(process_obj):
        """Forked whatever the default start method: the worker is this process's child."""
        return multiprocessing.get_context("fork").Process._Popen(process_obj)

    def run(self):
        _die_with_parent(self.parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl-C is the parent's to handle
        try:
            self._run()
        except BaseException as e:
            if os.getppid() == self.parent:
                print(f"indexing worker {os.getpid()}: {type(e).__name__}: {e}", file=sys.stderr)
            os._exit(1)

    def _run(self):
        ix = self.storage.open_index(self.indexname)
        self.writer, segments = None, []
        while True:
            try:
                job = self.jobqueue.get(timeout=1)
            except queue.Empty:
                if os.getppid() != self.parent:     # orphaned, where prctl is missing
                    os._exit(0)
                continue
            if job is None:
                break
            if self.writer is None:
                self.writer = FastSegmentWriter(ix, _lk=False, **self.kwargs)
            self._process_file(*job)
            if self.writer.posting_count > SEGMENT_POSTINGS:
                segments.append(self.writer._finalize_segment())
                self.writer = None
        if self.writer is not None:
            segments.append(self.writer._finalize_segment())
        self.resultqueue.put(segments, timeout=60)

    def _process_file(self, filename, count):
        temp = self.writer.temp_storage()       # shared with the parent: where it wrote the job
        with temp.open_file(filename).raw_file() as f:
            for _ in range(count):
                add_document(self.writer, pickle.load(f))
        temp.delete_file(filename)


class _PauseBeforeToc:
    """The CORPUS_TEST_PAUSE=toc hook: segments written, the commit not yet made."""

    def _commit_toc(self, segments):
        store.pause("toc")
        super()._commit_toc(segments)


class _ParallelWriter(_PauseBeforeToc, MpWriter):
    """Each worker writes its own segment (multisegment): no merge step after the run."""

    def __init__(self, ix, procs):
        super().__init__(ix, procs=procs, batchsize=BATCH, multisegment=True)

    def cancel(self):
        for task in self.tasks:                 # their segments are never committed
            task.kill()
        for task in self.tasks:
            task.join()
        super().cancel()

    def _commit(self, mergetype, optimize, merge):
        """MpWriter's multisegment commit, taking a list of segments from each worker."""
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self.jobqueue.put(None)
        finalsegments = self._merge_segments(mergetype, optimize, merge)
        for _ in self.tasks:
            finalsegments += self._result()         # before join: a full pipe blocks the child
        for task in self.tasks:
            task.join()
        if self._added:
            finalsegments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(finalsegments)
        self._finish()

    def _result(self) -> list:
        while True:
            try:
                return self.resultqueue.get(timeout=1)
            except queue.Empty:
                if not any(t.is_alive() for t in self.tasks) and self.resultqueue.empty():
                    raise store.IndexProblem("an indexing worker died; the index is unchanged") from None

    def add_document(self, doc: Document):
        self.docbuffer.append(doc)
        if len(self.docbuffer) >= self.batchsize:
            self._enqueue()
        self._added_sub = True

    def _enqueue(self):
        name = f"{os.getpid()}-{len(self.tasks)}-{time.monotonic_ns()}.doclist"
        with self.temp_storage().create_file(name).raw_file() as f:
            for doc in self.docbuffer:
                pickle.dump(doc, f, pickle.HIGHEST_PROTOCOL)
        if len(self.tasks) < self.procs:
            task = _Worker(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                           self.subargs, True)
            task.daemon = True
            self.tasks.append(task)
            with store.not_inherited(self.writelock.fd):   # Whoosh's own flock'ed lock
                task.start()
        self.jobqueue.put((name, len(self.docbuffer)))
        self.docbuffer = []


class _FastWriter(_PauseBeforeToc, FastSegmentWriter):
    pass


class _SerialWriter:
    """Same interface as _ParallelWriter over a plain SegmentWriter."""

    def __init__(self, ix):
        self.w = _FastWriter(ix)

    def add_document(self, doc: Document):
        add_document(self.w, doc)

    def __getattr__(self, name):
        return getattr(self.w, name)


@dataclasses.dataclass
class IndexReport:
    indexed: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    files: int = 0
    skipped: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    documents: int = 0      # documents in the index after the run

    @property
    def usable(self) -> bool:
        """Something was read (or there was nothing to read and nothing failed)."""
        return self.files > len(self.skipped) or not self.skipped

    def summary(self) -> str:
        return (f"indexed {self.indexed}, updated {self.updated}, deleted {self.deleted}, "
                f"unchanged {self.unchanged}, skipped {len(self.skipped)} file(s); "
                f"{self.documents} documents in the index ({self.seconds:.1f} s)")


class _NothingRead(Exception):
    pass


Progress = Callable[[int, int, int], None]   # (files done, files total, documents read)


def _existing(ix) -> dict[str, tuple[str, str]]:
    """id -> (hash, path) of every live document, read from columns (no stored fields)."""
    with ix.reader() as r:
        if r.doc_count_all() == 0:
            return {}
        ids, hashes, paths = (r.column_reader(f) for f in ("id", "hash", "path"))
        return {ids[n]: (hashes[n], paths[n]) for n in r.all_doc_ids()}


def _is_glob(path: str) -> bool:
    return any(c in path for c in "*?[")


def _under(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def index_paths(directory: Path, paths: Iterable[str] = (), rebuild: bool = False,
                procs: int | None = None, progress: Progress | None = None) -> IndexReport:
    """Index `paths` (or the remembered sources) into `directory`; see IndexReport."""
    started = time.perf_counter()
    report = IndexReport()
    with store.writer_lock(directory):
        store.clean_leftovers(directory)
        meta = store.read_meta(directory)
        given = [str(p) if _is_glob(str(p)) else str(Path(p).absolute()) for p in paths]
        sources = given or meta.get("sources") or []
        if not sources:
            raise store.IndexProblem("nothing to index: give a file, folder or glob "
                                     "(a bare `corpus index` re-indexes the remembered sources)")
        files, problems = discover(sources)
        report.skipped.extend(problems)
        report.files = len(files)

        fresh = rebuild or not store.exists(directory)
        if fresh:
            ix, name = store.new_generation(directory)
            known = {}
        else:
            ix, name = store.open_index(directory), meta["indexname"]
            known = _existing(ix)

        docs_to_add: list[Document] = []
        seen: set[str] = set()
        read_ok: set[str] = set()
        deletes: list[str] = []
        writer = None
        n_docs = 0
        try:
            for i, path in enumerate(files, 1):
                try:
                    docs = read_file(path, lambda reason: report.skipped.append((path, reason)))  # lazy; bad records reported
                except ReadError as e:
                    report.skipped.append((path, str(e)))
                    continue
                except OSError as e:
                    report.skipped.append((path, e.strerror or str(e)))
                    continue
                read_ok.add(path)
                for doc in docs:
                    if doc.id in seen:
                        continue        # the same article twice in one run: first one wins
                    seen.add(doc.id)
                    old = known.get(doc.id)
                    if old and old[0] == doc.content_hash:
                        report.unchanged += 1
                        continue
                    if old:
                        deletes.append(doc.id)
                        report.updated += 1
                    else:
                        report.indexed += 1
                    docs_to_add.append(doc)
                    if writer is None and len(docs_to_add) >= PARALLEL_MIN_DOCS:
                        writer = _open_writer(ix, procs, parallel=True)
                    if writer is not None:
                        for d in docs_to_add:
                            writer.add_document(d)
                        docs_to_add.clear()
                n_docs += len(docs)
                if progress:
                    progress(i, len(files), n_docs)

            # Gone: indexed under a scanned root, but its file vanished or no longer holds it.
            roots = [s for s in sources if not _is_glob(s)]
            scanned = set(files)
            for doc_id, (_, path) in known.items():
                if doc_id in seen or not (path in scanned or _under(path, roots)):
                    continue
                if path in read_ok or not os.path.exists(path):
                    deletes.append(doc_id)
                    report.deleted += 1

            if fresh and not read_ok and store.exists(directory):
                # a rebuild that read nothing must not replace the index with an empty one
                raise _NothingRead
            if writer is None and (docs_to_add or deletes or fresh):
                writer = _open_writer(ix, procs, parallel=False)
            if writer is None:
                report.documents = ix.doc_count()
            else:
                for doc_id in deletes:
                    writer.delete_by_term("id", doc_id)
                for d in docs_to_add:
                    writer.add_document(d)
                store.pause("commit")
                writer.commit(mergetype=CLEAR) if fresh else writer.commit()
                writer = None
        except BaseException as e:
            if writer is not None:
                writer.cancel()
            if fresh:
                store.drop_generation(directory, name)
            if not isinstance(e, _NothingRead):
                raise
            report.documents = store.open_index(directory).doc_count()
            report.seconds = time.perf_counter() - started
            return report

        meta = {**store.read_meta(directory), "sources": sorted(set(meta.get("sources", [])) | set(given)),
                "last_indexed": store.now_iso()}
        if fresh:
            meta["sources"] = sorted(set(given) or set(sources))
            store.pause("switch")
            store.switch_generation(directory, name, meta)
        else:
            store.write_meta(directory, meta)
        report.documents = store.open_index(directory).doc_count()
    report.seconds = time.perf_counter() - started
    return report


def _open_writer(ix, procs: int | None, parallel: bool):
    procs = procs or os.cpu_count() or 1
    if parallel and procs > 1:
        return _ParallelWriter(ix, procs)
    return _SerialWriter(ix)
