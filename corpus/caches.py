"""Where the corpus keeps what it can compute again: $CORPUS_CACHE, else ~/.cache/corpus
(never our source tree, never an index). Deleting the folder only costs time."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    return Path(os.environ.get("CORPUS_CACHE") or Path.home() / ".cache" / "corpus")
