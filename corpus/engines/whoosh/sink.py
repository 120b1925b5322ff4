"""Indexing into a Whoosh index directory: the indexer's sink.

A run writes into the live generation (incremental) or a new one (fresh), through a serial
writer, or worker processes once it has more than PARALLEL_MIN_DOCS documents to add; the
commit makes everything live at once, and a fresh generation is switched in atomically.
A write error (a full disk) in this process or a worker stops the run with an IndexProblem;
abort removes what it wrote, so the last committed index stays as it was.
"""
from __future__ import annotations

import contextlib
from pathlib import Path

from whoosh.writing import CLEAR

from corpus.engines.whoosh import store
from corpus.engines.whoosh.writers import PARALLEL_MIN_DOCS, open_writer


class WhooshSink:
    """A Sink (corpus/engines/base.py) into an index directory."""

    engine = "whoosh"

    def __init__(self, directory: str | Path | None = None, procs: int | None = None):
        self.directory = store.index_dir(directory)
        self.procs = procs
        self._ix = self._name = self._writer = None
        self._fresh = False
        self._parallel = False      # this run has had worker processes: a long one
        self._buffer: list = []
        self._deletes: list[str] = []
        self._vectors: dict = {}      # id -> sentence vector (corpus/embeddings/wfile.py)

    def where(self) -> str:
        return f"index {self.directory}"

    def lock(self):
        return store.writer_lock(self.directory)

    def exists(self) -> bool:
        return store.exists(self.directory)

    def meta(self) -> dict:
        return store.read_meta(self.directory)

    def doc_count(self) -> int:
        return store.open_index(self.directory).doc_count() if self.exists() else 0

    @contextlib.contextmanager
    def _writing(self):
        """A write error (a full disk, here or in a worker) as one line for the user."""
        try:
            yield
        except OSError as e:
            raise store.IndexProblem(f"{e.strerror or e} writing the index at {self.directory}: "
                                     f"the last committed index is kept") from None

    def begin(self, fresh: bool) -> None:
        """Start writing: into a new generation (fresh), else into the live one."""
        with self._writing():
            store.clean_leftovers(self.directory)
            self._parallel = False
            self._fresh = fresh or not self.exists()
            if self._fresh:
                self._ix, self._name = store.new_generation(self.directory)
            else:
                self._ix, self._name = store.open_index(self.directory), self.meta()["indexname"]

    def known(self) -> dict[str, tuple[str, str]]:
        """id -> (hash, path) of every document of the live index, read from columns (no
        stored fields)."""
        if not self.exists():
            return {}
        with store.open_index(self.directory).reader() as r:
            if r.doc_count_all() == 0:
                return {}
            ids, hashes, paths = (r.column_reader(f) for f in ("id", "hash", "path"))
            return {ids[n]: (hashes[n], paths[n]) for n in r.all_doc_ids()}

    def story_lookup(self):
        """Candidates for story grouping among the live documents (None on a fresh run)."""
        from corpus.engines.whoosh.research import story_lookup
        return story_lookup(self._ix, self._fresh, self.where())

    def add(self, doc) -> None:
        if doc.vector is not None:      # kept here, not sent to the writer processes
            self._vectors[doc.id], doc.vector = doc.vector, None
        if self._writer is not None:
            with self._writing():
                self._writer.add_document(doc)
            return
        self._buffer.append(doc)
        # after a commit along the way, new workers at once: no serial stretch of buffering
        if self._parallel or len(self._buffer) >= PARALLEL_MIN_DOCS:
            with self._writing():
                self._writer = open_writer(self._ix, self.procs, parallel=True)
                self._parallel = True
                for d in self._buffer:
                    self._writer.add_document(d)
            self._buffer.clear()

    def delete(self, doc_id: str) -> None:
        self._deletes.append(doc_id)

    def commit(self, meta: dict) -> None:
        with self._writing():
            self._commit(meta)

    def settle(self) -> None:
        """Nothing to do: a commit leaves the segments as searches want them."""

    def _commit(self, meta: dict) -> None:
        if self._writer is None and (self._buffer or self._deletes or self._fresh):
            self._writer = open_writer(self._ix, self.procs, parallel=False)
        if self._writer is not None:
            for doc_id in self._deletes:
                self._writer.delete_by_term("id", doc_id)
            for d in self._buffer:
                self._writer.add_document(d)
            self._write_vectors()
            store.pause("commit")
            self._writer.commit(mergetype=CLEAR) if self._fresh else self._writer.commit()
            self._writer = None
        self._buffer.clear()
        self._deletes.clear()
        self._vectors.clear()
        if self._fresh:
            store.pause("switch")
            store.switch_generation(self.directory, self._name, meta)
            self._fresh = False         # live now: more documents go on into it
        else:
            store.write_meta(self.directory, {**meta, "indexname": self._name})

    def _write_vectors(self) -> None:
        """Before the Whoosh commit (see corpus/embeddings/wfile.py): the generation's
        vectors without the deleted documents, with the added ones; and its nearest-neighbour
        graph when it is large enough (corpus/embeddings/ann.py)."""
        from corpus.embeddings import wfile
        if not self._vectors and not (self._deletes and wfile.path(self.directory, self._name).exists()):
            return
        from corpus.embeddings import ann
        ids, old = ([], None) if self._fresh else wfile.read(self.directory, self._name)
        ids, vectors = wfile.updated(ids, old, set(self._deletes), self._vectors)
        wfile.write(self.directory, self._name, ids, vectors)
        previous = None if self._fresh else ann.read(self.directory, self._name)
        graph = ann.updated(previous, ids, vectors, set(self._deletes), self._vectors)
        if graph is None:
            ann.remove(self.directory, self._name)
        else:
            ann.write(self.directory, self._name, *graph)

    def abort(self) -> None:
        """Drop everything since the last commit: the writer, its workers, their files."""
        self._vectors.clear()
        self._buffer.clear()
        self._deletes.clear()
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None
        with contextlib.suppress(OSError):      # the error that stopped the run is the one to tell
            if self._fresh and self._name:
                store.drop_generation(self.directory, self._name)
            store.clean_leftovers(self.directory)
