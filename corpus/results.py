"""What a search returns, whatever the engine: hits, facet counts, snippets, notices."""
from __future__ import annotations

import dataclasses


@dataclasses.dataclass
class Hit:
    id: str
    title: str
    date: str | None        # missing values are None (JSON null), never ""
    lang: str | None
    source: str | None
    agency: str | None
    section: str | None
    author: str | None
    place: str | None
    url: str | None
    score: float | None     # None when sorted by date
    snippet: str            # HTML: escaped text, matches in <mark>
    title_html: str = ""    # HTML: the title with its matches marked
    # grouped by story: the other matching versions (id, title, source, date, lang; a few)
    similar: list = dataclasses.field(default_factory=list)
    similar_count: int = 0  # how many other versions match


@dataclasses.dataclass
class FacetValue:
    value: str
    count: int
    selected: bool = False


@dataclasses.dataclass
class Results:
    query: str
    op: str
    sort: str
    page: int
    size: int
    total: int
    took_ms: float
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    filters: dict[str, list[str]]
    since: str | None = None
    until: str | None = None
    notices: list[str] = dataclasses.field(default_factory=list)
    suggestion: dict | None = None      # did you mean: {"query", "total"} (corpus/suggest)
    variants: list = dataclasses.field(default_factory=list)    # same-word spellings searched too
    # what each word also searched (corpus.translate.Translation: source, terms, dropped)
    translations: list = dataclasses.field(default_factory=list)
    # query words that found no translation the index holds, nor documents as typed
    untranslated: list = dataclasses.field(default_factory=list)
    group: str = "none"                 # "story": one hit per story
    stories: int | None = None          # distinct stories among the hits (grouped or count=stories)
    count: str = "documents"            # what the facet counts count: documents or stories
    histogram: object | None = None     # corpus.histogram.Histogram, when asked for
    # the vector path (corpus/embeddings/search.py): {"k", "added"}; None when it did not run
    semantic: dict | None = None
    # request.split: value -> its Histogram (the histogram's interval), most frequent first
    split: dict | None = None

    @property
    def pages(self) -> int:
        if not self.size:       # counts only: no pages of hits
            return 0
        n = self.stories if self.group == "story" and self.stories is not None else self.total
        return max(1, -(-n // self.size))
