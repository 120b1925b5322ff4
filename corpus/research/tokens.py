"""The token store of the research views: every document of the index as one int32 code per
word or punctuation mark (PIECE), the written forms analysed once each, and each text kept
zlib-compressed; built once per index version from the texts the seam exports, so both
engines have it.

With it a concordance finds the occurrences of any query and the words either side of every
one of them (what its sorts compare) by array work over the matching documents, and only a
page's lines are cut from their texts; collocations count their n-grams from the codes. The
rules of what is an occurrence, a stopword or a break stay those of concordance.py and
collocations.py (tests compare both paths line for line).

On disk: one folder per index version in the searcher's research_dir() (a Whoosh index's
`research/` folder; for OpenSearch a cache folder per cluster and index; $CORPUS_RESEARCH_DIR
moves them), `store-<version digest>/`: one .npy file per array (the strings as a UTF-8 blob
and its offsets) and manifest.json (format, index version, each file's size and checksums of
its first and last 64 KiB), written last. A build writes into `.build-*` and renames it into
place, under a lock file that lets one process build while the others wait or read texts, so
a killed build leaves nothing that is opened. Opening memory-maps the arrays (milliseconds; the
server processes share the pages); a folder of another format or version, a missing or
resized file, a checksum or an array bound that does not agree is not used: it is rebuilt.

    store = store_for(searcher, version)    # None while it is built (or CORPUS_RESEARCH_STORE=off)
    store, built = ensure(searcher)          # `corpus index` after its commit

Built by whichever comes first: `corpus index` after its commit, the server's start (in the
background, when no store of the index's version is on disk) or the first research request.
Size: about 8 bytes a word plus the compressed texts (the 31k SaudiNewsNet index: 10M pieces,
see bench/research_measures.py).
"""
from __future__ import annotations

import bisect
import collections
import fcntl
import functools
import hashlib
import itertools
import os
import re
import shutil
import threading
import time
import uuid
import zlib
from array import array
from pathlib import Path

import numpy as np
import orjson

from corpus.analysis.analyzer import TOKEN, analyze_word
from corpus.processes import pause

PIECE = re.compile(TOKEN.pattern + r"|[.,،؛;:!?؟()\[\]{}«»\"“”/|\n–—]")    # words and punctuation
SWITCH = "CORPUS_RESEARCH_STORE"     # "off": the views read texts through the seam (the old path);
#                                      "wait": the first research request builds the store
DIR_SWITCH = "CORPUS_RESEARCH_DIR"   # where the stores go instead of the searcher's research_dir()
SYNC_WORDS = 2_000_000      # an index of fewer words has its store built at once, in the request
FORMAT = 1                  # of the files: a store of another format is rebuilt
SAMPLE = 1 << 16            # bytes at each end of a file that its checksums cover
LOCK = "build.lock"
STRINGS = ("forms", "exact", "stem", "stems", "ids", "rows", "texts")     # each a blob and its offsets
ARRAYS = ("codes", "bounds", "by_form", "form_start", "stop", "is_word", "no_word", "is_break",
          "has_exact", "has_stem", "exact_rank", "sorted_exact", "sorted_stem", "id_rank",
          "story_code", "stem_id") + tuple(f"{s}_{part}" for s in STRINGS for part in ("blob", "at"))


def version_key(searcher):
    """What changes when the index does (its last commit), for the caches of research views."""
    meta = searcher.meta(max_age=2.0)
    return meta.get("commit") or meta.get("last_indexed")


class Strings:
    """A list of str held as one UTF-8 blob and the offsets of each string in it."""

    def __init__(self, blob: np.ndarray, at: np.ndarray):
        self.blob, self.at = blob, at

    @staticmethod
    def pack(strings) -> tuple[np.ndarray, np.ndarray]:
        encoded = [s if isinstance(s, bytes) else s.encode("utf-8") for s in strings]
        at = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=at[1:])
        return np.frombuffer(b"".join(encoded), dtype=np.uint8), at

    def __len__(self) -> int:
        return len(self.at) - 1

    def raw(self, i: int):
        return self.blob[self.at[i]:self.at[i + 1]]

    def __getitem__(self, i: int) -> str:
        return self.raw(i).tobytes().decode("utf-8")

    def __iter__(self):
        return (self[i] for i in range(len(self)))


class _Ordered:
    """strings[order[i]] for i: the exact forms or stems in sorted order, for bisect."""

    def __init__(self, strings: Strings, order: np.ndarray):
        self.strings, self.order = strings, order

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, i: int) -> str:
        return self.strings[self.order[i]]


class _Rows:
    """(title, date, source, lang) of each document."""

    def __init__(self, strings: Strings):
        self.strings = strings

    def __len__(self) -> int:
        return len(self.strings)

    def __getitem__(self, i: int) -> tuple:
        return tuple(orjson.loads(self.strings.raw(i).tobytes()))


def arrays_of(rows, previous: "Store | None" = None) -> tuple[dict[str, np.ndarray], dict]:
    """The store's arrays from export rows (id, title, date, source, lang, story, text), and
    its scalars. With `previous` (the store of an earlier version of the index, analysed
    alike) a document whose text is unchanged keeps its codes and compressed text, and the
    forms their analysis: only new and changed texts are cut, only new forms analysed."""
    kept = list(previous.forms) if previous is not None else []
    # form -> code, a new form numbered next (the previous codes stay valid); looked up in C
    vocab: dict[str, int] = collections.defaultdict(itertools.count(len(kept)).__next__,
                                                    {f: i for i, f in enumerate(kept)})
    before = previous.index if previous is not None else {}
    codes = array("i")
    bounds = array("q", [0])
    ids, metas, stories, texts = [], [], [], []
    reused = 0
    for row in rows:
        text = row.get("text") or ""
        i = before.get(row["id"])
        if i is not None and previous.text(i) == text:
            codes.frombytes(previous.codes[previous.bounds[i]:previous.bounds[i + 1]].tobytes())
            texts.append(previous.compressed(i))
            reused += 1
        else:
            codes.extend(map(vocab.__getitem__, PIECE.findall(text)))
            texts.append(zlib.compress(text.encode("utf-8"), 6))
        bounds.append(len(codes))
        ids.append(row["id"])
        metas.append(orjson.dumps([row.get("title", ""), row.get("date"), row.get("source") or "",
                                   row.get("lang") or ""]))
        stories.append(row.get("story") or row["id"])
    out: dict[str, np.ndarray] = {"codes": np.frombuffer(codes, dtype=np.int32).copy()}
    del codes
    c = out["codes"]
    out["bounds"] = np.frombuffer(bounds, dtype=np.int64).copy()
    # where each written form occurs: positions grouped by form (an inverted index)
    out["by_form"] = np.argsort(c, kind="stable").astype(np.int32)
    out["form_start"] = np.concatenate(([0], np.cumsum(np.bincount(c, minlength=len(vocab))))).astype(np.int64)
    forms = list(vocab)
    del vocab
    analysed = [(previous.exact[i], previous.stem[i], bool(previous.stop[i])) for i in range(len(kept))] + \
        [analyze_word(f) for f in forms[len(kept):]]
    exact = [r[0] for r in analysed]
    stem = [r[1] for r in analysed]
    n = len(forms)
    stems: dict[str, int] = {}      # the distinct stems: each form's number among them
    out["stem_id"] = np.fromiter((stems.setdefault(w, len(stems)) for w in stem), dtype=np.int32, count=n)
    out["has_exact"] = np.fromiter((bool(w) for w in exact), dtype=bool, count=n)
    out["has_stem"] = np.fromiter((bool(w) for w in stem), dtype=bool, count=n)
    out["stop"] = np.fromiter((r[2] for r in analysed), dtype=bool, count=n)
    out["is_word"] = np.fromiter((TOKEN.fullmatch(f) is not None for f in forms), dtype=bool, count=n)
    # collocations.py's classes: no word (a stopword, a number, no stem) / a break
    out["no_word"] = np.fromiter((r[2] or r[0].isdigit() or not r[1] for r in analysed), dtype=bool, count=n)
    out["is_break"] = np.fromiter((len(f) == 1 and not f.isalnum() for f in forms), dtype=bool, count=n)
    # the exact forms as sort keys: their rank in Python's string order, and whether empty
    order = sorted(set(exact) | {""})
    rank = {w: i for i, w in enumerate(order)}
    out["exact_rank"] = np.fromiter((rank[w] for w in exact), dtype=np.int32, count=n)
    scalars = {"empty_rank": rank[""], "reused": reused}
    # exact forms and stems in order, each with its written form: what bisect looks up
    for name, keys in (("sorted_exact", exact), ("sorted_stem", stem)):
        out[name] = np.asarray(sorted((i for i, w in enumerate(keys) if w), key=keys.__getitem__),
                               dtype=np.int32)
    ranks = sorted(range(len(ids)), key=ids.__getitem__)
    out["id_rank"] = np.empty(len(ids), dtype=np.int64)
    out["id_rank"][ranks] = np.arange(len(ids))
    numbered: dict[str, int] = {}
    out["story_code"] = np.fromiter((numbered.setdefault(s, len(numbered)) for s in stories),
                                    dtype=np.int64, count=len(stories))
    for name, strings in (("forms", forms), ("exact", exact), ("stem", stem), ("stems", stems), ("ids", ids),
                          ("rows", metas), ("texts", texts)):
        out[f"{name}_blob"], out[f"{name}_at"] = Strings.pack(strings)
    return out, scalars


class Store:
    """Codes of every document's pieces, in export order; `bounds[i]:bounds[i + 1]` are
    document i's. Per written form: its analysis (exact form, stem, stopword). The arrays are
    in memory (built here) or memory-mapped (opened from disk: `where`)."""

    def __init__(self, arrays: dict[str, np.ndarray], scalars: dict, version=None, where: Path | None = None):
        self.version, self.where, self.arrays = version, where, arrays
        for name in ARRAYS:
            setattr(self, name, arrays[name])
        self.empty_rank = scalars["empty_rank"]
        self.reused = scalars.get("reused", 0)      # documents kept from the previous version's store
        self.forms, self.exact, self.stem, self.stems, self.ids, rows, self._texts = (
            Strings(arrays[f"{s}_blob"], arrays[f"{s}_at"]) for s in STRINGS)
        self.rows = _Rows(rows)
        self.has_form = (self.has_exact, self.has_stem)
        self.sorted_forms = [self.sorted_exact, self.sorted_stem]
        self.sorted_keys = [_Ordered(self.exact, self.sorted_exact), _Ordered(self.stem, self.sorted_stem)]

    def consistent(self) -> bool:
        """Whether the arrays' sizes and bounds agree (a damaged file mostly shows here)."""
        n, docs, forms = len(self.codes), len(self.ids), len(self.forms)
        sizes_ok = (len(self.by_form) == n and len(self.bounds) == docs + 1 and len(self.form_start) == forms + 1
                    and all(len(getattr(self, a)) == forms for a in (
                        "stop", "is_word", "no_word", "is_break", "has_exact", "has_stem", "exact_rank", "stem_id"))
                    and len(self.exact) == len(self.stem) == forms
                    and len(self.id_rank) == len(self.story_code) == len(self._texts) == len(self.rows) == docs)
        if not sizes_ok:
            return False
        ends = (int(self.bounds[0]) == 0 and int(self.bounds[-1]) == n and int(self.form_start[-1]) == n
                and all(int(s.at[0]) == 0 and int(s.at[-1]) == len(s.blob)
                        for s in (self.forms, self.exact, self.stem, self.stems, self.ids, self.rows.strings,
                                  self._texts)))
        return ends

    def nbytes(self) -> int:
        """Bytes of the arrays (on disk and mapped when opened from there)."""
        return sum(a.nbytes for a in self.arrays.values())

    def text(self, doc: int) -> str:
        return zlib.decompress(self._texts.raw(doc)).decode("utf-8")

    def compressed(self, doc: int) -> bytes:
        return self._texts.raw(doc).tobytes()

    @functools.cached_property
    def index(self) -> dict[str, int]:
        raw, at = self.ids.blob.tobytes(), self.ids.at.tolist()
        return {raw[a:b].decode("utf-8"): i for i, (a, b) in enumerate(zip(at, at[1:]))}

    def numbers(self, ids) -> np.ndarray | None:
        """The store's numbers of these documents; None when one is not in it (a stale store)."""
        index = self.index
        try:
            return np.fromiter((index[i] for i in ids), dtype=np.int64, count=len(ids))
        except KeyError:
            return None

    def matching(self, words: set, prefixes: list, form: int) -> np.ndarray:
        """Per written form: r[form] is one of `words` or its exact form starts with a prefix."""
        out = np.zeros(len(self.forms), dtype=bool)
        keys = self.sorted_keys[form]
        for w in words:
            out[self.sorted_forms[form][bisect.bisect_left(keys, w):bisect.bisect_right(keys, w)]] = True
        exact = self.sorted_keys[0]
        for p in prefixes:
            lo = hi = bisect.bisect_left(exact, p)
            while hi < len(exact) and exact[hi].startswith(p):
                hi += 1
            out[self.sorted_forms[0][lo:hi]] = True
        return out

    def occurrences(self, forms: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(store positions of the given forms within `docs`, each one's index in docs), in the
        order of docs and, within a document, of the text."""
        start, end = self.form_start[forms], self.form_start[forms + 1]
        pos = np.concatenate([self.by_form[a:b] for a, b in zip(start.tolist(), end.tolist())] or
                             [np.zeros(0, dtype=np.int32)]).astype(np.int64)
        rank = np.full(len(self.ids), -1, dtype=np.int64)
        rank[docs] = np.arange(len(docs))
        which = rank[np.searchsorted(self.bounds, pos, side="right") - 1]
        keep = which >= 0
        pos, which = pos[keep], which[keep]
        order = np.lexsort((pos, which))
        return pos[order], which[order]

    def spans(self, doc: int, wanted) -> tuple[str, dict]:
        """(the document's text, {piece number: its character span} of the wanted pieces)."""
        text = self.text(doc)
        found, pieces, at = {}, PIECE.finditer(text), 0
        for k in sorted(set(wanted)):
            m = next(itertools.islice(pieces, k - at, None))    # the pieces between: skipped in C
            found[k], at = m.span(), k + 1
        return text, found

    def pieces_of(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(the store positions of the documents' pieces in their order, each one's index in docs)."""
        lo, hi = self.bounds[docs], self.bounds[docs + 1]
        lens = hi - lo
        total = int(lens.sum())
        if not total:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        which = np.repeat(np.arange(len(docs)), lens)
        first = np.cumsum(lens) - lens
        return lo[which] + (np.arange(total) - first[which]), which

    def neighbour(self, pos: np.ndarray, doc: np.ndarray, step: int) -> np.ndarray:
        """The form of the nearest word before (step -1) or after (+1) each position within its
        document; -1 where none."""
        lo, hi = self.bounds[doc], self.bounds[doc + 1]
        out = np.full(len(pos), -1, dtype=np.int64)
        at = pos + step
        pending = np.arange(len(pos))
        while len(pending):
            inside = (at[pending] >= lo[pending]) & (at[pending] < hi[pending])
            pending = pending[inside]
            if not len(pending):
                break
            code = self.codes[at[pending]]
            word = self.is_word[code]
            out[pending[word]] = code[word]
            pending = pending[~word]
            at[pending] += step
        return out


# -- on disk

def folder_of(searcher) -> Path:
    """Where the stores of this searcher's index go."""
    home = searcher.research_dir()
    moved = os.environ.get(DIR_SWITCH, "").strip()
    if moved:
        return Path(moved) / hashlib.sha1(str(home).encode("utf-8")).hexdigest()[:16]
    return Path(home)


def _version_text(version) -> str:
    return repr(version)


def _store_name(version) -> str:
    return "store-" + hashlib.sha1(_version_text(version).encode("utf-8")).hexdigest()[:16]


def _checksums(path: Path, size: int) -> list[int]:
    with path.open("rb") as f:
        head = f.read(SAMPLE)
        f.seek(max(0, size - SAMPLE))
        tail = f.read(SAMPLE)
    return [zlib.crc32(head), zlib.crc32(tail)]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write(folder: Path, arrays: dict, scalars: dict, version, analysis=None) -> Path:
    """Write a store's files into `folder` (the caller holds its lock); its path. `analysis`:
    what the index's words were analysed with (a later version's build may reuse this one)."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".build-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    files = {}
    for name in ARRAYS:
        path = tmp / f"{name}.npy"
        with path.open("wb") as f:
            np.save(f, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            f.flush()
            os.fsync(f.fileno())
        size = path.stat().st_size
        files[name] = [size, *_checksums(path, size)]
    pause("store-write")
    manifest = {"format": FORMAT, "version": _version_text(version), "analysis": analysis,
                "scalars": scalars, "files": files,
                "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    with (tmp / "manifest.json").open("wb") as f:
        f.write(orjson.dumps(manifest))
        f.flush()
        os.fsync(f.fileno())
    final = folder / _store_name(version)
    shutil.rmtree(final, ignore_errors=True)     # a damaged one (the lock holder rebuilds it)
    os.rename(tmp, final)
    _fsync(folder)
    return final


def _load(path: Path) -> np.ndarray:
    try:
        a = np.load(path, mmap_mode="r", allow_pickle=False)
    except ValueError:          # an empty array cannot be mapped
        a = np.load(path, allow_pickle=False)
    return a.view(np.ndarray)   # indexing a plain array is faster than a memmap's


def open_store(folder: Path, version) -> Store | None:
    """The store of `version` in `folder`, memory-mapped; None when there is none whole."""
    return _open(folder / _store_name(version), _version_text(version), version)


def _previous(folder: Path, analysis) -> Store | None:
    """A whole store of another version in `folder` whose words were analysed alike."""
    if analysis is None or None in analysis or not folder.is_dir():
        return None
    for where in sorted(folder.glob("store-*")):
        try:
            manifest = orjson.loads((where / "manifest.json").read_bytes())
        except (OSError, ValueError):
            continue
        if manifest.get("analysis") == analysis:
            store = _open(where, manifest.get("version"), None)
            if store is not None:
                return store
    return None


def _open(where: Path, version_text, version) -> Store | None:
    try:
        manifest = orjson.loads((where / "manifest.json").read_bytes())
        if manifest.get("format") != FORMAT or manifest.get("version") != version_text \
                or set(manifest.get("files", ())) != set(ARRAYS):
            return None
        arrays = {}
        for name, (size, head, tail) in manifest["files"].items():
            path = where / f"{name}.npy"
            if path.stat().st_size != size or _checksums(path, size) != [head, tail]:
                return None
            arrays[name] = _load(path)
        store = Store(arrays, manifest["scalars"], version, where)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return store if store.consistent() else None


def _clean(folder: Path, keep: str) -> None:
    """Remove what killed builds left and the stores of other versions (the lock is held)."""
    for f in folder.iterdir():
        if f.is_dir() and (f.name.startswith(".build-") or (f.name.startswith("store-") and f.name != keep)):
            shutil.rmtree(f, ignore_errors=True)


class _FileLock:
    """The build lock between processes (flock on folder/LOCK); a no-op where the folder
    cannot be written (the store is then built in memory)."""

    def __init__(self, folder: Path):
        self.folder, self.fd = folder, None

    def __enter__(self):
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return self
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    @property
    def writable(self) -> bool:
        return self.fd is not None

    def __exit__(self, *exc):
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)


def build_rows(searcher):
    """Every document of the index with its text, read through the seam."""
    return searcher.export("", limit=10 ** 9, text=True, sort="relevance")


def ensure(searcher, version=None) -> tuple[Store | None, bool]:
    """(the store of the searcher's index at `version` (default: now), whether it was built
    now): opened from disk, else built and written there under the lock (another process
    building it meanwhile: waits for it). None when the index changed while it was built."""
    version = version_key(searcher) if version is None else version
    folder = folder_of(searcher)
    with _FileLock(folder) as lock:
        store = open_store(folder, version)
        if store is not None:
            return store, False
        meta = searcher.meta()
        analysis = [meta.get("analysis"), meta.get("tables")]
        arrays, scalars = arrays_of(build_rows(searcher), _previous(folder, analysis))
        if version_key(searcher) != version:        # a commit meanwhile: its texts may be mixed in
            return None, True
        if lock.writable:
            try:
                _clean(folder, _store_name(version))
                write(folder, arrays, scalars, version, analysis)
            except OSError:         # kept in memory
                pass
            else:
                store = open_store(folder, version)
                if store is not None:
                    return store, True
        return Store(arrays, scalars, version), True


# -- held per process

_stores: dict = {}     # id(searcher) -> (version, Store | None while built | False: failed, thread, done)
HELD = 4               # stores kept (one per searcher; a server has one)
_lock = threading.Lock()


def _mode() -> str:
    return os.environ.get(SWITCH, "").strip().lower()


def enabled() -> bool:
    return _mode() not in ("off", "0", "false", "no")


def waits() -> bool:
    """Whether the requests wait for the store to be built rather than read texts meanwhile."""
    return _mode() == "wait"


def store_for(searcher, version, wait: bool = False) -> Store | None:
    """The store of this searcher's index at `version`: opened from disk, or None (and its
    building started in a thread) when there is none, unless `wait`; None when switched off."""
    if not enabled():
        return None
    key = id(searcher)
    with _lock:
        held = _stores.get(key)
        if held and held[0] == version and held[1] is not None:
            return held[1] or None      # False: its building failed (the seam path serves)
        building = held and held[0] == version and held[2] is not None and held[2].is_alive()
        if not building:
            _stores.pop(key, None)
            while len(_stores) >= HELD:         # the oldest searchers' stores go
                del _stores[next(iter(_stores))]
            done = threading.Event()
            store = open_store(folder_of(searcher), version)
            if store is not None:
                done.set()
                _stores[key] = (version, store, None, done)
                return store
            thread = threading.Thread(target=_build_into, args=(searcher, version, key, done),
                                      name="research-token-store", daemon=True)
            _stores[key] = (version, None, thread, done)
            thread.start()
        done = _stores[key][3]
    if wait:
        done.wait()
        with _lock:
            held = _stores.get(key)
            return (held[1] or None) if held and held[0] == version else None
    return None


def prepare(searcher, background: bool = True) -> None:
    """At a server's start (in a thread with `background`): open the store of the index
    (milliseconds), or start building it in a thread when the index is large (a small one is
    built in its first request)."""
    def run():
        try:
            version = version_key(searcher)
            if open_store(folder_of(searcher), version) is not None or searcher.corpus_words() > SYNC_WORDS:
                store = store_for(searcher, version)
                if store is not None:
                    store.index         # what the first request would build
        except Exception:       # noqa: BLE001 -- no index yet: the first request tries again
            pass
    if enabled() and background:
        threading.Thread(target=run, name="research-token-store-open", daemon=True).start()
    elif enabled():
        run()


def built() -> list[Store]:
    """The stores held (benchmarks report their size)."""
    with _lock:
        return [held[1] for held in _stores.values() if held[1]]


def _build_into(searcher, version, key, done) -> None:
    try:
        store = ensure(searcher, version)[0]
    except Exception:       # the views keep reading texts through the seam
        store = None
    with _lock:
        held = _stores.get(key)
        if held and held[0] == version:
            _stores[key] = (version, store if store is not None else False, None, done)
    done.set()
