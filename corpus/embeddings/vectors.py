"""The vectors of an index version in memory, with what a request filters on.

One float32 matrix (31k documents x 512 = 64 MB), its keys (Whoosh docnums or OpenSearch
ids), and per row the date (day ordinal, 0 when undated) and the facet keys, so the nearest
neighbours are taken among the documents that pass the request's filters and dates.
"""
from __future__ import annotations

import base64

import numpy as np

from corpus.embeddings import DIM
from corpus.fields import MULTI_FACETS, facet_key


def pack(vec) -> str:
    """A vector as stored in an OpenSearch document: base64 of float16 (1 KB)."""
    return base64.b64encode(np.asarray(vec, np.float16).tobytes()).decode("ascii")


def unpack(text: str) -> np.ndarray:
    vec = np.frombuffer(base64.b64decode(text), np.float16)
    if vec.shape != (DIM,):
        raise ValueError(f"a stored vector has {vec.size} values, not {DIM}")
    return vec.astype(np.float32)


class Vectors:
    def __init__(self, keys: list, matrix: np.ndarray, days=None, facet_keys: dict | None = None):
        self.keys = list(keys)
        self.matrix = np.ascontiguousarray(matrix, np.float32)
        self.row = {k: i for i, k in enumerate(self.keys)}
        self.days = np.asarray(days if days is not None else np.zeros(len(self.keys)), np.int64)
        self.facet_keys = {f: np.asarray(v, dtype=object) for f, v in (facet_keys or {}).items()}

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def nbytes(self) -> int:
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
                mask: np.ndarray | None = None) -> list[tuple[object, float]]:
        """The k most similar (key, cosine) at least min_similarity, most similar first."""
        if not len(self.keys):
            return []
        sims = self.matrix @ query
        if mask is not None:
            sims = np.where(mask, sims, -2.0)
        k = min(k, len(sims))
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.lexsort((top, -sims[top]))]
        return [(self.keys[i], float(sims[i])) for i in top if sims[i] >= min_similarity]

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
        sims = self.matrix[[r for _, r in rows]] @ query
        return {k: float(s) for (k, _), s in zip(rows, sims)}
