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

from conftest import corpus_fixtures

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


stories_src, stories_index, stories_opensearch, stories_searcher = \
    corpus_fixtures("stories", write_stories, procs=1)
