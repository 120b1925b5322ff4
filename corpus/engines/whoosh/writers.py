"""Whoosh writers: a serial one, and a parallel one whose worker processes each detect the
language, analyse and write their own segments (one commit makes them live)."""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
import multiprocessing
import os
import pickle
import queue
import signal
import time

from whoosh.multiproc import MpWriter, SubWriterTask

from corpus.engines.whoosh import store
from corpus.document import Document
from corpus.engines.whoosh.fastwrite import FastSegmentWriter
from corpus import langid
from corpus.langid import detect_language
from corpus.errors import IndexProblem
from corpus.fields import MULTI_SEPARATOR, indexed_values
from corpus.metadata import METADATA_REBUILD, has_metadata_fields, warm
from corpus.processes import die_with_parent
from corpus.stories import packed_keys

PARALLEL_MIN_DOCS = 400      # below this, forking workers costs more than it saves
BATCH = 200                  # documents per job file handed to a worker
SEGMENT_POSTINGS = 1_500_000 # a worker starts a new segment past this: bounds its memory (~400 MB)
DONE, FAILED = "done", "failed"     # what a worker sends back: its segments, or why it stopped


def document_fields(doc: Document) -> dict:
    """A Document as Whoosh field values (language must be known). `exact` is the title and
    body as a tuple: FastSegmentWriter indexes them in turn, reusing their tokens."""
    when = dt.datetime.combine(doc.date, dt.time()) if doc.date else None
    fields = {
        "id": doc.id, "path": doc.path, "hash": doc.content_hash,
        "title": doc.title, "body": doc.body, "exact": (doc.title, doc.body),
        "date": when, "url": doc.url,
        **{k: MULTI_SEPARATOR.join(v) if isinstance(v, list) else v
           for k, v in indexed_values(doc).items()},    # the facets (corpus/fields.py), the byline
        "story": doc.story, "story_keys": packed_keys(doc.story_bands) or None, "minhash": doc.minhash,
    }
    return {k: v for k, v in fields.items() if v not in ("", None)}


def _old_story_bands(fields: dict, doc: Document, schema) -> dict:
    """An index built when the band keys were terms (schema.py) gets them as terms."""
    fields.pop("story_keys", None)
    if doc.story_bands and "story_bands" in schema:
        fields["story_bands"] = " ".join(doc.story_bands)
    return fields


def _failure(value) -> Exception:
    """A worker's failure, raised in the parent: its OSError as it was (a full disk: the sink
    says so), anything else as a bug report."""
    if isinstance(value, OSError):
        return value
    return IndexProblem(f"an indexing worker failed ({value}); the last committed index is kept")


def _died() -> IndexProblem:
    return IndexProblem("an indexing worker died; the last committed index is kept")


def add_document(writer, doc: Document) -> None:
    if not doc.lang:
        doc.lang = detect_language(f"{doc.title}\n{doc.body}")
    fields = document_fields(doc)
    if "story_keys" not in writer.schema:
        fields = _old_story_bands(fields, doc, writer.schema)
    writer.add_document(**fields)


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
        die_with_parent(self.parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl-C is the parent's to handle
        try:
            self._run()
        except BaseException as e:
            if os.getppid() == self.parent:     # the parent raises it (_ParallelWriter._failure)
                failure = e if isinstance(e, OSError) else f"{type(e).__name__}: {e}"
                with contextlib.suppress(Exception):
                    self.resultqueue.put((FAILED, failure), timeout=5)
                    self.resultqueue.close()
                    self.resultqueue.join_thread()      # sent before the exit
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
        self.resultqueue.put((DONE, segments), timeout=60)

    def _process_file(self, filename, count):
        temp = self.writer.temp_storage()       # shared with the parent: where it wrote the job
        with temp.open_file(filename).raw_file() as f:
            for _ in range(count):
                add_document(self.writer, pickle.load(f))
        temp.delete_file(filename)


class _Committing:
    """What both writers add to Whoosh's: the CORPUS_TEST_PAUSE=toc hook (segments written,
    the commit not yet made), and a cancel that also works after a write error."""

    def _commit_toc(self, segments):
        store.pause("toc")
        super()._commit_toc(segments)

    def cancel(self):
        """Whoosh's cancel, except that a segment that cannot be closed (a full disk) does
        not keep the lock and the temp folder: its files are removed by the sink's abort."""
        if self.is_closed:
            return
        with contextlib.suppress(OSError):
            self._close_segment()
        self._finish()


class _ParallelWriter(_Committing, MpWriter):
    """Each worker writes its own segment (multisegment): no merge step after the run."""

    def __init__(self, ix, procs):
        super().__init__(ix, procs=procs, batchsize=BATCH, multisegment=True)
        # loaded here once, shared by the workers forked after each commit (copy-on-write)
        warm()
        langid.preload()
        # what this process holds now (the tables above, the run's state) out of the cyclic
        # garbage collector's sight until the commit: its full collections (here, and in the
        # workers that inherit it) do not walk those millions of objects, nor make a worker
        # copy their pages (reference counting frees what dies, as ever)
        gc.freeze()

    def cancel(self):
        for task in self.tasks:                 # their segments are never committed
            task.kill()
        for task in self.tasks:
            task.join()
        super().cancel()
        gc.unfreeze()

    def _commit(self, mergetype, optimize, merge):
        """MpWriter's multisegment commit, taking a list of segments from each worker."""
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self._put(None)
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
        gc.unfreeze()

    def _result(self) -> list:
        while True:
            try:
                kind, value = self.resultqueue.get(timeout=1)
            except queue.Empty:
                if not any(t.is_alive() for t in self.tasks) and self.resultqueue.empty():
                    raise _died() from None
                continue
            if kind == FAILED:
                raise _failure(value)
            return value

    def _check_workers(self) -> None:
        """Raise a worker's failure as soon as it has stopped with one."""
        if not any(t.exitcode for t in self.tasks):     # None: running; 0 only after its last job
            return
        while True:                     # its message (after others' results, at a commit)
            try:
                kind, value = self.resultqueue.get(timeout=1)
            except queue.Empty:
                raise _died() from None
            if kind == FAILED:
                raise _failure(value)

    def _put(self, job) -> None:
        """Hand a job to the workers; the queue is bounded, so wait while they are busy,
        but not for a worker that has failed."""
        while True:
            self._check_workers()
            try:
                self.jobqueue.put(job, timeout=0.2)
                return
            except queue.Full:
                pass

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
        self._put((name, len(self.docbuffer)))
        self.docbuffer = []


class _FastWriter(_Committing, FastSegmentWriter):
    pass


class _SerialWriter:
    """Same interface as _ParallelWriter over a plain SegmentWriter."""

    def __init__(self, ix):
        self.w = _FastWriter(ix)

    def add_document(self, doc: Document):
        add_document(self.w, doc)

    def __getattr__(self, name):
        return getattr(self.w, name)


def open_writer(ix, procs: int | None, parallel: bool):
    if not has_metadata_fields(ix.schema.names()):
        raise IndexProblem(METADATA_REBUILD)
    procs = procs or os.cpu_count() or 1
    if parallel and procs > 1:
        return _ParallelWriter(ix, procs)
    return _SerialWriter(ix)
