"""Fixtures for the research views (concordance, collocations, story grouping): a small
corpus with near-duplicate wire stories, indexed on both engines once per session.

Imported by tests/test_concordance.py, test_collocations.py, test_stories.py
(`from conftest_research import ...`)."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import corpus_fixtures

WIRE_AR = ("أكد وزير الصحة خلال زيارته مستشفى الملك فهد في جدة أن الوزارة تتابع حالة المصابين "
           "في الحادث المروري على طريق مكة وأن الفرق الطبية قدمت الرعاية اللازمة لجميع المصابين "
           "منذ وصولهم وأضاف الوزير أن المستشفى استقبل اثني عشر مصابا حالتهم مستقرة وأن الوزارة "
           "ستصدر بيانا عن الحادث بعد انتهاء التحقيق الذي تجريه الجهات المختصة في المنطقة")
WIRE_EN = ("The health minister visited the King Fahd hospital in Jeddah on Monday and said the "
           "ministry was following the condition of the people injured in the road accident near "
           "Mecca, adding that medical teams had treated all of them since they arrived and that "
           "a statement would follow once the investigation by the authorities was complete")

# (id, title, body, date, source, lang): story A has four versions, story B two.
RECORDS = [
    ("wa1", "وزير الصحة يطمئن على مصابي حادث مكة", WIRE_AR, "2015-07-21", "عكاظ", "ar"),
    ("wa2", "نائب وزير الصحة يطمئن على المصابين", "جدة - واس: " + WIRE_AR, "2015-07-22", "الرياض", "ar"),
    ("wa3", "الوزير يزور المصابين", WIRE_AR + " وشكر المواطنين على تعاونهم", "2015-07-22", "اليوم", "ar"),
    ("wa4", "وزير الصحة في جدة", WIRE_AR.replace("اثني عشر", "عشرة"), "2015-07-23", "المدينة", "ar"),
    ("we1", "Health minister visits the injured", WIRE_EN, "2015-07-21", "Arab News", "en"),
    ("we2", "Minister visits Jeddah hospital", WIRE_EN + " on Tuesday", "2015-07-22", "Saudi Gazette", "en"),
    ("d1", "والوزير يفتتح مدرسة", "افتتح والوزير مدرسة جديدة في الرياض وقال وزيرا سابقا إن التعليم أولوية "
     "وناقش الوزراء خطة التعليم الجديدة في اجتماع مجلس الوزراء الأسبوعي برئاسة خادم الحرمين", "2015-07-24", "عكاظ", "ar"),
    ("d2", "أسعار النفط", "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار أوبك خفض الإنتاج وقال وزير "
     "الطاقة إن السوق متوازنة وإن الطلب على النفط سيرتفع في الربع الأخير من العام", "2015-07-25", "الرياض", "ar"),
    ("d3", "Oil prices", "Oil prices rose on world markets after OPEC decided to cut production, and the "
     "energy minister said the market was balanced and demand for oil would rise", "2015-07-25", "Reuters", "en"),
    ("c1", "صورة", "صورة من الحفل", "2015-07-26", "عكاظ", "ar"),
    ("c2", "صورة", "صورة من الحفل", "2015-07-26", "اليوم", "ar"),
]


def write_records(folder: Path, rows=RECORDS, name: str = "research.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with path.open("w", encoding="utf-8") as f:
        for id_, title, body, date, source, lang in rows:
            f.write(json.dumps({"id": id_, "title": title, "content": body, "date": date,
                                "source": source, "lang": lang}, ensure_ascii=False) + "\n")
    return path


research_src, research_index, research_opensearch, research_searcher = \
    corpus_fixtures("research", write_records)
