"""The Whoosh schema: the only place fields are declared."""
from __future__ import annotations

from whoosh import columns, fields
from whoosh.analysis import Composable, Token

from corpus.analysis import CorpusAnalyzer
from corpus.fields import FACETS, MULTI_SEPARATOR, TEXT_FIELDS, facet_key  # noqa: F401 (re-exported)


class KeywordAnalyzer(Composable):
    """A whole metadata value as one normalised term, so `place:اربيل` finds "أربيل"; a
    multi facet's values (MULTI_SEPARATOR between them) as one term each."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __hash__(self):
        return hash(type(self))

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kw):
        for i, part in enumerate(value.split(MULTI_SEPARATOR)):
            t = Token(positions, chars, removestops=removestops, mode=mode, **kw)
            t.text = facet_key(part)
            t.boost, t.stopped = 1.0, False
            if keeporiginal:
                t.original = part
            if positions:
                t.pos = start_pos + i
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            if t.text:
                yield t


def _facet_field() -> fields.ID:
    """Metadata usable as filter (normalised term) and facet (column of display values)."""
    f = fields.ID(stored=True, sortable=True)
    f.analyzer = KeywordAnalyzer()
    return f



def build_schema() -> fields.Schema:
    stem, exact = CorpusAnalyzer("stem"), CorpusAnalyzer("exact")
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        path=fields.ID(stored=True, sortable=True),
        hash=fields.ID(sortable=True),
        title=fields.TEXT(analyzer=stem, stored=True, chars=True),
        body=fields.TEXT(analyzer=stem, stored=True, chars=True),
        exact=fields.TEXT(analyzer=exact, phrase=True),
        date=fields.DATETIME(stored=True, sortable=True),
        url=fields.ID(stored=True),
        byline=fields.STORED,       # the author value as the source gave it (corpus/metadata)
        # story grouping (corpus/stories.py): the story id, LSH band keys, signature. The
        # keys are a column (8 bytes each), not terms: 48 unique terms a document cost a
        # third of the writing and ~185 MB at 31k documents; research.story_lookup reads
        # them. Indexes built before have the terms in story_bands (still read and written).
        story=fields.ID(stored=True, sortable=True),
        story_keys=fields.COLUMN(columns.VarBytesColumn()),
        minhash=fields.STORED(),
        **{name: _facet_field() for name in FACETS},
    )
