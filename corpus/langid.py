"""Language identification with langdetect: seeded, so the same text always gets the same code."""
from __future__ import annotations

import re

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

SAMPLE_CHARS = 300   # a lead of 300 characters decides as well as a whole article, ~10x faster
_factory: DetectorFactory | None = None

# A letter that is not one of the 28 letters of Arabic proper (Latin, Persian پ چ ژ گ ک ی,
# Kurdish ڵ ڕ ۆ ێ ە, Urdu ے ٹ ...). Text with Arabic letters and none of these can only be
# Arabic among langdetect's languages (its other Arabic-script ones, fa and ur, use them), so
# langdetect is asked only about the rest: it costs ~3 ms a document, the whole index budget.
_OTHER_LETTER = re.compile("[^\\W\\d_\u0621-\u063a\u0640-\u064a]")
_ARABIC_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a]")


def _get_factory() -> DetectorFactory:
    global _factory
    if _factory is None:
        factory = DetectorFactory()
        factory.load_profile(PROFILES_DIRECTORY)
        factory.set_seed(0)
        _factory = factory
    return _factory


def preload() -> None:
    """Load langdetect's profiles now (an indexer, before it forks its workers)."""
    _get_factory()


def detect_language(text: str, sample: int = SAMPLE_CHARS) -> str:
    """ISO 639-1 code ("ar", "en", "fa", ...), or "" when the text has no letters to judge."""
    lead = text[:sample]
    if _ARABIC_LETTER.search(lead) and not _OTHER_LETTER.search(lead):
        return "ar"
    detector = _get_factory().create()
    detector.append(lead)
    try:
        return detector.detect()
    except LangDetectException:
        return ""
