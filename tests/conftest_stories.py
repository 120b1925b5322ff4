"""Fixtures for story counts (count=stories): a generated corpus of wire stories, each printed
by one to six papers in several places, sections and years (a paper sometimes twice), among
unrelated articles and short captions; indexed on both engines once per session.

Imported by tests/test_story_counts.py and tests/test_conformance.py
(`from conftest_stories import ...`)."""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from corpus.indexer import index_paths

AR_WORDS = ("الحكومة البرلمان الوزارة المستشفى الميناء المطار الجامعة المدرسة الشركة المصرف "
            "الطريق الجسر السوق المدينة القرية الحدود الجيش الشرطة المحكمة الموازنة النفط الغاز "
            "الكهرباء المياه الزراعة القمح التجارة الصادرات الاستثمار المشروع الاتفاق الاجتماع "
            "المؤتمر الزيارة البيان التقرير التحقيق الحادث الانتخابات المرشحين الناخبين الحملة "
            "اللقاح المرضى الأطباء الطلاب المعلمين العمال المزارعين التجار الصيادين اللاجئين").split()
EN_WORDS = ("government parliament ministry hospital harbour airport university school company bank "
            "highway bridge market city village border army police court budget oil gas "
            "electricity water farming wheat trade exports investment project agreement meeting "
            "conference visit statement report inquiry accident elections candidates voters "
            "campaign vaccine patients doctors students teachers workers farmers traders").split()
SOURCES = {"ar": ("عكاظ", "الرياض", "اليوم", "المدينة", "الوطن", "سبق"),
           "en": ("Arab News", "Saudi Gazette", "Reuters", "AP", "Rudaw", "AFP")}
PLACES = {"ar": ("جدة", "الرياض", "الدمام", "مكة"), "en": ("Jeddah", "Riyadh", "Dammam", "Mecca")}
SECTIONS = ("سياسة", "اقتصاد", "محليات")
STORIES = 30


def _text(rng: random.Random, words, n: int = 45) -> str:
    return " ".join(rng.choice(words) for _ in range(n))


def story_records(seed: int = 9) -> list[dict]:
    """The corpus: STORIES stories of 1-6 versions, then short captions (never grouped)."""
    rng = random.Random(seed)
    start, recs = dt.date(2019, 11, 20), []
    for s in range(STORIES):
        lang = "ar" if s % 3 else "en"
        words = AR_WORDS if lang == "ar" else EN_WORDS
        text = _text(rng, words)
        for v in range(rng.randint(1, 6)):
            body = text.split()
            body[rng.randrange(len(body))] = rng.choice(words)     # each version edited a little
            recs.append({
                "id": f"s{s:02d}v{v}", "lang": lang, "title": f"{s} {v} " + " ".join(body[:4]),
                "content": " ".join(body) + (" وكالة" if v % 2 and lang == "ar" else ""),
                "date": (start + dt.timedelta(days=rng.randint(0, 80))).isoformat(),
                "source": rng.choice(SOURCES[lang]), "place": rng.choice(PLACES[lang]),
                "section": rng.choice(SECTIONS), "url": f"https://example.org/s{s}/{v}"})
    for c in range(8):
        lang = "ar" if c % 2 else "en"
        recs.append({"id": f"cap{c}", "lang": lang, "title": "caption", "content": "صورة من الحفل",
                     "date": f"2020-01-{c + 1:02d}", "source": SOURCES[lang][c % 3],
                     "place": PLACES[lang][c % 4], "section": SECTIONS[c % 3], "url": ""})
    return recs


def write_stories(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "stories.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in story_records()),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def stories_src(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("stories") / "src"
    write_stories(src)
    return src


@pytest.fixture(scope="session")
def stories_index(stories_src) -> Path:
    index = stories_src.parent / "index"
    index_paths(index, [str(stories_src)], procs=1)
    return index


@pytest.fixture(scope="session")
def stories_opensearch(opensearch_client, stories_src) -> str:
    from conftest import opensearch_name
    from corpus.engines import open_sink
    name = opensearch_name("stories")
    index_paths(open_sink("opensearch", name), [str(stories_src)], procs=1)
    return name


@pytest.fixture(scope="session", params=("whoosh", "opensearch"))
def stories_searcher(request):
    from corpus.engines import open_searcher
    if request.param == "whoosh":
        return open_searcher("whoosh", request.getfixturevalue("stories_index"))
    return open_searcher("opensearch", request.getfixturevalue("stories_opensearch"))
