"""Approximate nearest neighbours for large corpora: faiss (faiss-cpu, MIT) HNSW over float16
vectors, the graph built at index time and extended by incremental runs.

One faiss index holds the vectors of a corpus once, as float16 codes (1 KB a vector): a flat
scalar-quantizer index (exact scan) below ANN_MIN vectors, an HNSW graph over the same codes
from ANN_MIN up. corpus/embeddings/vectors.py reads the codes in place (similarities) and
scans them exactly when a filter leaves few rows.

The Whoosh engine keeps the graph per generation beside its vector file:

    index/g3_ann-usem3.npz    format, labels (JSON: the document id of each graph row, null
                              for a row deleted since the graph was built) and the faiss index

An incremental run adds its new vectors to the graph and blanks the rows of deleted or
changed documents (HNSW cannot remove a node); the graph is rebuilt whole when blanks reach
REBUILD_SHARE. The OpenSearch engine, without the k-NN plugin, builds the graph in the
searcher when it loads the vectors (once per index version).
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import orjson

from corpus.embeddings import DIM, MODEL

FORMAT = 1              # of the graph file; another format is ignored (rebuilt)
ANN_MIN = 50_000        # vectors from which the HNSW graph answers (below: exact scan)
M = 32                  # graph neighbours per node
EF_CONSTRUCTION = 80
EF_SEARCH = 256         # candidates a search keeps (recall@100 vs exact: bench/embeddings.py --only ann)
REBUILD_SHARE = 0.2     # blank rows from which an incremental run rebuilds the graph


def _faiss():
    import faiss
    return faiss


def flat(vectors: np.ndarray):
    """An exact (flat) index of float16 codes, inner product (cosine: vectors are normalised)."""
    faiss = _faiss()
    index = faiss.IndexScalarQuantizer(DIM, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT)
    _add(index, vectors)
    return index


def graph(vectors: np.ndarray):
    """An HNSW graph over float16 codes."""
    faiss = _faiss()
    index = faiss.IndexHNSWSQ(DIM, faiss.ScalarQuantizer.QT_fp16, M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = EF_CONSTRUCTION
    index.hnsw.efSearch = EF_SEARCH
    _add(index, vectors)
    return index


def _add(index, vectors: np.ndarray, chunk: int = 20_000) -> None:
    _faiss().omp_set_num_threads(os.cpu_count() or 1)      # building: every core
    if not index.is_trained:
        index.train(np.zeros((1, DIM), np.float32))     # fp16 needs no training data
    for i in range(0, len(vectors), chunk):
        index.add(np.ascontiguousarray(vectors[i:i + chunk], np.float32))


def storage(index):
    """The flat index holding the codes (the index itself, or the graph's storage)."""
    faiss = _faiss()
    index = faiss.downcast_index(index)
    return faiss.downcast_index(index.storage) if hasattr(index, "hnsw") else index


def codes(index) -> np.ndarray:
    """The index's vectors as an (n, DIM) float16 array, read in place (no copy; valid while
    the index lives and is not added to)."""
    faiss = _faiss()
    store = storage(index)
    raw = faiss.rev_swig_ptr(store.codes.data(), store.codes.size()) if store.ntotal else np.zeros(0, np.uint8)
    return raw.view(np.float16).reshape(store.ntotal, DIM)


def is_graph(index) -> bool:
    return hasattr(_faiss().downcast_index(index), "hnsw")


def search(index, query: np.ndarray, k: int, rows: np.ndarray | None, exact: bool):
    """(rows, cosines) of the k nearest among `rows` (a bool mask; None: all), most similar first;
    by the graph unless `exact`."""
    faiss = _faiss()
    # one query, one thread (OpenMP's, per calling thread): a team of threads on busy cores
    # waits for its slowest member, tens of milliseconds under load
    faiss.omp_set_num_threads(1)
    params = None
    keep = None
    if rows is not None:
        keep = np.packbits(rows, bitorder="little")
        selector = faiss.IDSelectorBitmap(len(rows), faiss.swig_ptr(keep))
    if exact or not is_graph(index):
        target = storage(index)
        if rows is not None:
            params = faiss.SearchParameters(sel=selector)
    else:
        target = index
        params = faiss.SearchParametersHNSW(efSearch=max(EF_SEARCH, k),
                                            sel=selector if rows is not None else None)
    sims, found = target.search(np.ascontiguousarray(query, np.float32).reshape(1, DIM), k, params=params)
    del keep        # the selector read it until here
    ok = found[0] >= 0
    return found[0][ok], sims[0][ok]


# --- the Whoosh engine's graph file ---------------------------------------------------------

def path(directory: Path, name: str) -> Path:
    # "-" keeps Whoosh's clean-up of "g3_<segment>.<ext>" files away (as wfile.py)
    return Path(directory) / f"{name}_ann-{MODEL}.npz"


def read(directory: Path, name: str):
    """(labels, faiss index) of the generation's graph, or None when it has none (or one in
    another format, or a damaged one: the graph is derived data, rebuilt from the vectors)."""
    p = path(directory, name)
    try:
        with np.load(p, allow_pickle=False) as z:
            if int(z["format"][0]) != FORMAT:
                return None
            labels = orjson.loads(z["labels"].tobytes())
            index = _faiss().deserialize_index(z["index"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, OSError, RuntimeError, orjson.JSONDecodeError):
        return None
    if index.ntotal != len(labels):
        return None
    return labels, index


def write(directory: Path, name: str, labels: list, index) -> None:
    p = path(directory, name)
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        np.savez(f, format=np.array([FORMAT]), labels=np.frombuffer(orjson.dumps(labels), np.uint8),
                 index=_faiss().serialize_index(index))
    os.replace(tmp, p)


def remove(directory: Path, name: str) -> None:
    path(directory, name).unlink(missing_ok=True)


def updated(previous, ids: list[str], vectors: np.ndarray, gone: set[str], added: dict):
    """(labels, graph) for a generation holding `ids` / `vectors` (all of them), from the
    previous graph (or None) and what this run deleted (`gone`) and added: the previous graph
    extended, or a new one; None below ANN_MIN."""
    if len(ids) < ANN_MIN:
        return None
    if previous is not None:
        labels, index = previous
        blank = set(gone) | set(added)
        labels = [None if d in blank else d for d in labels]
        blanks = labels.count(None)
        if blanks <= REBUILD_SHARE * (len(labels) + len(added)) and is_graph(index):
            new = list(added)
            if new:
                _add(index, np.asarray([added[d] for d in new], np.float32))
            return labels + new, index
    return list(ids), graph(vectors)
