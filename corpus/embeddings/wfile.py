"""The Whoosh engine's vectors: one file per generation beside its Whoosh files.

    index/g3_vectors-usem3.npz  format, ids (JSON, as bytes) and vectors (n x 512 float16)

Format 1 (no "format" entry) and 2 hold the same float16 vectors and both load; 2 says so, so
that a later layout can tell an old file from a damaged one. A file of a format this code does
not know gets the rebuild notice. From ann.ANN_MIN vectors up, the HNSW graph is kept beside
it (corpus/embeddings/ann.py), extended by incremental runs.

Written whole at every commit, to a temporary name and renamed (atomic), before the Whoosh
commit: a reader of the new Whoosh generation finds the new file. Keyed by document id, so a
reader still on the previous Whoosh commit only misses the vectors of documents deleted since.
A generation's files (this one included: its name starts with "g3_") are dropped together.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import orjson

from corpus.embeddings import DIM, MODEL
from corpus.errors import IndexProblem

FORMAT = 2
REBUILD = "rebuild with `corpus index --rebuild --embeddings`"


def path(directory: Path, name: str) -> Path:
    # "g3_vectors-usem3.npz": the "-" keeps Whoosh's clean-up (which removes files named like
    # "g3_<segment>.<ext>" that are not live segments) away from it
    return Path(directory) / f"{name}_vectors-{MODEL}.npz"


def read(directory: Path, name: str) -> tuple[list[str], np.ndarray]:
    """(ids, float16 matrix); empty when the generation has no vector file."""
    p = path(directory, name)
    try:
        with np.load(p, allow_pickle=False) as z:
            version = int(z["format"][0]) if "format" in z.files else 1
            if version > FORMAT:
                raise IndexProblem(f"{p} is in vector format {version}, newer than this program reads "
                                   f"({FORMAT}): update it, or {REBUILD}")
            ids = orjson.loads(z["ids"].tobytes())
            vectors = z["vectors"]
    except FileNotFoundError:
        return [], np.zeros((0, DIM), np.float16)
    except (ValueError, KeyError, OSError, orjson.JSONDecodeError) as e:
        raise IndexProblem(f"{p} is damaged ({e}); {REBUILD}") from None
    if vectors.shape != (len(ids), DIM):
        raise IndexProblem(f"{p} is damaged (shape {vectors.shape}); {REBUILD}")
    return ids, vectors


def write(directory: Path, name: str, ids: list[str], vectors: np.ndarray) -> None:
    p = path(directory, name)
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        np.savez(f, format=np.array([FORMAT]), ids=np.frombuffer(orjson.dumps(ids), np.uint8),
                 vectors=np.asarray(vectors, np.float16).reshape(len(ids), DIM))
    os.replace(tmp, p)


def updated(old_ids: list[str], old: np.ndarray, gone: set[str],
            added: dict[str, np.ndarray]) -> tuple[list[str], np.ndarray]:
    """The old vectors without `gone` and those re-added, then the added ones."""
    keep = [i for i, d in enumerate(old_ids) if d not in gone and d not in added]
    ids = [old_ids[i] for i in keep] + list(added)
    parts = [old[keep].astype(np.float16)] if keep else []
    if added:
        parts.append(np.asarray(list(added.values()), np.float16))
    return ids, (np.vstack(parts) if parts else np.zeros((0, DIM), np.float16))
