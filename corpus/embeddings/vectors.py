"""The vectors of an index version in memory, with what a request filters on.

The vectors live once, as float16 codes in a faiss index (corpus/embeddings/ann.py): 1 KB a
document (31k: 32 MB; 124k: 127 MB; a million: 1 GB, plus the HNSW graph from ann.ANN_MIN
vectors up: about 0.3 KB a document). Per row: its key (a Whoosh docnum or an OpenSearch id;
None for a row the graph keeps for a document deleted since), the date (day ordinal, 0 when
undated) and the facet keys, so the nearest neighbours are taken among the documents that
pass the request's filters and dates.

The nearest: by the graph when it exists and at least GRAPH_MIN_SHARE of the rows pass the
filters (the filter applies inside the graph walk); by an exact scan of the passing rows
otherwise, and whenever the graph walk returns fewer neighbours than asked while enough rows
pass (a narrow filter can cut the graph apart).
"""
from __future__ import annotations

import base64

import numpy as np

from corpus.embeddings import DIM, ann
from corpus.fields import MULTI_FACETS, facet_key

GRAPH_MIN_SHARE = 0.1       # below this share of passing rows, a filtered search scans exactly
NUMPY_ROWS = 1024           # passing rows this few: scored with numpy (its float16 conversion is slow), not by a faiss scan


def pack(vec) -> str:
    """A vector as stored in an OpenSearch document: base64 of float16 (1 KB)."""
    return base64.b64encode(np.asarray(vec, np.float16).tobytes()).decode("ascii")


def unpack(text: str) -> np.ndarray:
    vec = np.frombuffer(base64.b64decode(text), np.float16)
    if vec.shape != (DIM,):
        raise ValueError(f"a stored vector has {vec.size} values, not {DIM}")
    return vec


class Vectors:
    def __init__(self, keys: list, matrix: np.ndarray | None = None, days=None,
                 facet_keys: dict | None = None, index=None):
        """`matrix` (n x DIM, any float type) or a faiss `index` of the same rows (ann.py);
        from ann.ANN_MIN rows without an index, the graph is built here."""
        self.keys = list(keys)
        if index is None:
            matrix = np.zeros((0, DIM), np.float16) if matrix is None else matrix
            index = ann.graph(matrix) if len(matrix) >= ann.ANN_MIN else ann.flat(matrix)
        self.index = index
        self.matrix = ann.codes(index)          # float16, in place
        if len(self.matrix) != len(self.keys):
            raise ValueError(f"{len(self.keys)} keys for {len(self.matrix)} vectors")
        self.row = {k: i for i, k in enumerate(self.keys) if k is not None}
        self.present = None if len(self.row) == len(self.keys) else np.array([k is not None for k in self.keys])
        self.days = np.asarray(days if days is not None else np.zeros(len(self.keys)), np.int64)
        self.facet_keys = {f: np.asarray(v, dtype=object) for f, v in (facet_keys or {}).items()}

    def __len__(self) -> int:
        return len(self.row)

    def build_graph_later(self, matrix: np.ndarray, keep=None):
        """Answer by exact scan now, by an HNSW graph of `matrix` (the same rows) once a
        background thread has built it: a searcher loading a large index without a graph
        file does not make its first query wait minutes. The swap is safe mid-search: both
        indexes hold the same rows in the same order. `keep(graph)`: called once it is built
        (to store it for the next searcher)."""
        import threading

        def build():
            graph = ann.graph(matrix)
            self.index, self.matrix = graph, ann.codes(graph)
            if keep is not None:
                keep(graph)
        thread = threading.Thread(target=build, name="vector-graph", daemon=True)
        thread.start()
        return thread

    @property
    def graph(self) -> bool:
        return ann.is_graph(self.index)

    @property
    def nbytes(self) -> int:
        """The vectors' memory (the float16 codes; the graph's links not counted)."""
        return self.matrix.nbytes

    def allowed(self, filters: dict, since, until) -> np.ndarray | None:
        """Rows passing every filter (facet -> canonical values) and the date range; None: all."""
        if not (filters or since or until):
            return None
        mask = np.ones(len(self.keys), bool)
        if since or until:
            mask &= self.days > 0
            if since:
                mask &= self.days >= since.toordinal()
            if until:
                mask &= self.days <= until.toordinal()
        for f, values in filters.items():
            col = self.facet_keys.get(f)
            if col is None:
                return np.zeros(len(self.keys), bool)
            wanted = {facet_key(v) for v in values}
            if f in MULTI_FACETS:       # a frozenset of keys per row ("" when none)
                mask &= np.fromiter((bool(k) and not wanted.isdisjoint(k) for k in col), bool, count=len(col))
            else:
                mask &= np.isin(col, list(wanted))
        return mask

    def nearest(self, query: np.ndarray, k: int, min_similarity: float,
                mask: np.ndarray | None = None, exact: bool = False) -> list[tuple[object, float]]:
        """The k most similar (key, cosine) at least min_similarity, most similar first
        (ties: the earlier row); `exact`: never by the graph."""
        if self.present is not None:
            mask = self.present if mask is None else mask & self.present
        passing = len(self.keys) if mask is None else int(mask.sum())
        k = min(k, passing)
        if k <= 0:
            return []
        if mask is not None and passing <= NUMPY_ROWS:
            rows = np.flatnonzero(mask)
            sims = _dot(self.matrix[rows], query)
        else:
            by_graph = self.graph and not exact and passing >= GRAPH_MIN_SHARE * len(self.keys)
            rows, sims = ann.search(self.index, query, k, mask, exact=not by_graph)
            if by_graph and len(rows) < k:          # the filter cut the graph apart
                rows, sims = ann.search(self.index, query, k, mask, exact=True)
        top = np.lexsort((rows, -sims))[:k]
        return [(self.keys[rows[i]], float(sims[i])) for i in top if sims[i] >= min_similarity]

    def facet_value(self, facet: str, keys) -> dict:
        """key -> its key in a single-valued facet column (e.g. "lang"), for the keys held."""
        col = self.facet_keys.get(facet)
        if col is None:
            return {}
        return {k: col[self.row[k]] for k in keys if k in self.row}

    def similarity(self, query: np.ndarray, keys) -> dict:
        """key -> cosine, for the keys that have a vector."""
        rows = [(k, self.row[k]) for k in keys if k in self.row]
        if not rows:
            return {}
        sims = _dot(self.matrix[[r for _, r in rows]], query)
        return {k: float(s) for (k, _), s in zip(rows, sims)}


def _dot(rows: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Cosines of a few float16 rows, without BLAS (its thread team waits for busy cores)."""
    return np.einsum("ij,j->i", rows.astype(np.float32), np.asarray(query, np.float32))
