"""The OpenSearch engine's match spans (cut from the stored text, chunk by chunk, each
chunk analysed once per process) are those of a scan of the whole text."""
from __future__ import annotations

import re

import pytest

from corpus.analysis.analyzer import TOKEN, analyze_word
from corpus.engines.opensearch.searcher import spans_in

TEXTS = [
    "قال الجيش، إن الجيش العراقي والبيشمركة (الجيش) دخلوا الموصل.",
    "Peshmerga's fighters and the army's armies; armies-led army2 army.",
    "الجيـــش بالجيش وللجيش الجيشان 2019 ٢٠١٩ الجَيْش",
    "x" * 50 + " الجيش\u200cالعراقي" + "\tالجيش\nالجيش",
    "",
]
CASES = [({"جيش"}, []), ({"armi", "army"}, []), (set(), ["بيشمر"]), ({"2019"}, []), ({"peshmerga"}, ["arm"])]


def whole_text_spans(text, stems, prefixes):
    """The spans by one TOKEN scan of the whole text (the definition)."""
    out = []
    for m in TOKEN.finditer(text):
        _, stem, stop = analyze_word(m.group())
        if not stop and (stem in stems or any(stem.startswith(p) for p in prefixes)):
            out.append(m.span())
    return out


@pytest.mark.parametrize("stems, prefixes", CASES)
@pytest.mark.parametrize("text", TEXTS)
def test_spans_are_the_whole_text_scan(text, stems, prefixes):
    assert spans_in(text, stems, prefixes) == whole_text_spans(text, stems, prefixes)


def test_a_word_inside_a_longer_token_is_no_match():
    text = "الجيشالعراقي الجيش"
    assert spans_in(text, {"جيش"}, []) == [(re.search(" ", text).end(), len(text))]


# words whose chunks the searcher may pass over without stemming, and words it must not
UNSEEN = ["ﺍﻟﺠﻴﺶ", "ﷺ", "1الجيش", "aالجيش", "الجيشa", "Αالجيش", "İالجيش", "الجيوش",
          "جيش", "ﻻجيش", "الجَيْش", "٢٠١٩الجيش", "(الجيش)", "armies'", "بالبيشمركة", "صلى"]
_fresh = iter(range(1, 10_000))


@pytest.mark.parametrize("stems, prefixes", CASES + [({"بيشمرك", "صل"}, ["جي"]), ({"الجيش"}, ["الجي"])])
def test_spans_of_chunks_never_seen_are_the_whole_text_scan(stems, prefixes):
    tail = "؛" * next(_fresh)       # chunks this process has not analysed yet
    text = " ".join(w + tail for w in UNSEEN)
    assert spans_in(text, stems, prefixes) == whole_text_spans(text, stems, prefixes)
