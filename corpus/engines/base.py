"""The seam: what an engine offers, method by method. Whoosh (corpus/engines/whoosh/) and
OpenSearch (corpus/engines/opensearch/) implement both protocols; tests/test_seam.py checks
their classes against them, and nothing outside corpus/engines/ calls anything else on an
engine or asks which one it is.

    Searcher: what the CLI, the API, the pages and corpus/research call (open_searcher)
    Sink:     what corpus/indexer.py writes to (open_sink)
"""
from __future__ import annotations

from typing import Callable, ContextManager, Iterable, Iterator, Protocol, runtime_checkable

from corpus.budget import WorkBudget
from corpus.results import Results

# lookup(LSH band keys) -> (id, story, fingerprint) of the indexed documents sharing the most
# keys, best first, at most corpus.stories.CHECK of them (corpus/stories.py)
StoryLookup = Callable[[list[str]], Iterable[tuple[str, str, str]]]


@runtime_checkable
class Searcher(Protocol):
    engine: str     # its name in the registry (corpus/engines/__init__.py); never compared outside

    # -- searching: corpus/request.py validates, corpus/results.py is what comes back
    def search(self, q: str = "", **kwargs) -> Results:
        """One page of hits, facets, histogram and notices; kwargs are SearchRequest.build's
        (or request=SearchRequest). With request.suggest, variants and a suggestion too."""
        ...

    def export(self, q: str = "", limit: int = 10_000, offset: int = 0, text: bool = False,
               snippets: bool = False, **kwargs) -> Iterator[dict]:
        """Every hit from `offset` (at most `limit`) in order, lazily, as plain dicts: with
        `text` the body, with `snippets` an HTML snippet."""
        ...

    def ranked_ids(self, q: str = "", limit: int = 10_000, **kwargs) -> list[str]:
        """The ids of export's hits (same query, filters and order), without reading stored
        documents: what the research views read lines for from their token store."""
        ...

    def document(self, doc_id: str, q: str = "", op: str = "and") -> dict | None:
        """A stored document (no server paths) with title_html/body_html marking q's matches;
        None when no document has the id."""
        ...

    def stats(self) -> dict:
        """documents, lang, source, year counts, index_bytes, last_indexed of the index."""
        ...

    # -- the index's metadata and capabilities
    def meta(self, max_age: float = 0.0) -> dict:
        """The metadata of the index's last commit, read at most `max_age` seconds ago."""
        ...

    def has_metadata_fields(self) -> bool:
        """Whether the index has the fields corpus/metadata fills (else it needs a rebuild)."""
        ...

    # -- the vocabulary: suggestions (corpus/suggest) and name matching (corpus/translate)
    def word_counts(self, words: Iterable[str]) -> dict[str, int]:
        """Documents holding each word, by its exact (normalised, unstemmed) form; 0 for none."""
        ...

    def phrase_counts(self, phrases: Iterable[tuple[str, ...]],
                      stems: bool = False) -> dict[tuple[str, ...], int]:
        """Documents holding each phrase of exact (normalised, unstemmed) forms, its words
        adjacent and in order in the title or the body; 0 for none (corpus/translate keeps
        the translations and names that occur). `stems`: phrases of stems, in the body, as a
        translated phrase is searched (corpus/translate/terms.py)."""
        ...

    def words_matching(self, pattern, limit: int,
                       budget: WorkBudget | None = None) -> list[tuple[str, int]]:
        """(word, documents) of the exact forms starting with one of pattern.starts that fit
        pattern.regex (corpus/translate/transliterate.py), most frequent first; TimeoutError
        when the scan outlasts the budget."""
        ...

    # -- research hooks (corpus/research, the document page)
    def term_documents(self, stems: Iterable[str]) -> tuple[dict[str, int], int]:
        """(documents whose body holds each stem, documents in the index): key terms."""
        ...

    def corpus_words(self) -> int:
        """Words in the index's bodies as the index counts them (the analysed body terms:
        stopwords and numbers left out, deleted documents not subtracted): the denominator
        of the research views' frequencies per million words."""
        ...

    def coverage(self) -> dict[str, dict[str, int]]:
        """Documents per day per source: {"YYYY-MM-DD": {source: documents}} of the dated
        documents (the /stats page's coverage chart)."""
        ...

    def story_versions(self, doc_id: str, limit: int = 50) -> list[dict]:
        """The other versions of a document's story (near-duplicates), oldest first; [] on an
        index built before stories."""
        ...

    def research_dir(self):
        """A local folder (a Path) for files derived from the index (the research views' token
        store, corpus/research/tokens.py): a Whoosh index's own; for OpenSearch a cache folder
        per cluster address and index name."""
        ...


@runtime_checkable
class Sink(Protocol):
    engine: str     # its name in the registry

    def where(self) -> str:
        """The index, in words, for messages."""
        ...

    def lock(self) -> ContextManager:
        """The writer lock: one indexing run at a time; IndexLocked when another holds it."""
        ...

    def exists(self) -> bool:
        """Whether the index has been built."""
        ...

    def meta(self) -> dict:
        """The metadata of the last commit ({} before the first)."""
        ...

    def doc_count(self) -> int:
        """Documents in the live index."""
        ...

    def begin(self, fresh: bool) -> None:
        """Start a run: into a new index when `fresh` (switched in by commit), else the live one."""
        ...

    def known(self) -> dict[str, tuple[str, str]]:
        """id -> (content hash, path) of every live document ({} on a fresh run)."""
        ...

    def story_lookup(self) -> StoryLookup | None:
        """Story candidates among the live documents; None on a fresh run."""
        ...

    def add(self, doc) -> None:
        """Index a Document (its story assigned, its vector set when the index has them)."""
        ...

    def delete(self, doc_id: str) -> None:
        """Remove a live document at commit."""
        ...

    def commit(self, meta: dict) -> None:
        """Make the run's adds and deletes live at once, with `meta` as the index's metadata."""
        ...

    def settle(self) -> None:
        """After a run's last commit: the index made cheaper to search where the engine
        can (OpenSearch: a rebuilt index merged to one segment per shard copy)."""
        ...

    def abort(self) -> None:
        """Drop the run's work; the live index stays as it was."""
        ...
