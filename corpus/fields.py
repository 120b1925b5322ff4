"""The fields of an indexed document, engine-neutral: what every engine stores and searches."""
from __future__ import annotations

from corpus.analysis.normalize import normalize

# Metadata fields that are both filters and facets, in display order.
FACETS = ("lang", "source", "agency", "year", "month", "place", "author", "section")
# Full-text fields searched by default; `exact` holds unstemmed normalised title + body.
TEXT_FIELDS = ("title", "body", "exact")
# BM25F field weights. The exact (unstemmed) form adds to a stem match, so exact forms rank
# above mere stem matches. Title words are also in `exact`, so a small title weight suffices;
# a large one let short title-only matches outrank the article that answers the question.
FIELD_BOOSTS = {"title": 0.25, "body": 1.0, "exact": 0.5}
# BM25: a little more length normalisation and earlier tf saturation than the defaults
# (B .75, K1 1.2) measured better on XQuAD ar/en (bench/quality.py; README "Search quality").
BM25_B, BM25_K1 = 0.85, 0.9
# What a hit shows: its id and these stored values.
HIT_FIELDS = ("title", "date", "lang", "source", "agency", "section", "author", "place", "url")


def facet_key(value: str) -> str:
    """How metadata values compare in filters: normalised, case- and spacing-insensitive."""
    return " ".join(normalize(value).split())
