"""Arabic for the messages users see: the pages show the Arabic first, the English under it.

A QueryError has a code: its Arabic is looked up in corpus/messages.py. Messages without a
code yet (notices, the busy server) are matched by their English text here: one rule per
message shape, a pattern over the English and the Arabic with the same parts filled in. A
message no rule knows gets a general Arabic line, so a page never shows English alone.
"""
from __future__ import annotations

import re

from corpus.errors import QueryError

GENERAL = "تعذّر فهم جزء من الطلب؛ التفاصيل بالإنجليزية أدناه"

RULES: list[tuple[str, str]] = [
    (r"no document with id (?P<v>.+)", "لا توجد وثيقة بالمعرّف {v}"),
    (r"the server is busy with other exports, concordances or collocations; try again in (?P<n>\d+) seconds",
     "الخادم مشغول بعمليات تصدير أو مسارد أو متلازمات أخرى؛ أعد المحاولة بعد {n} ثوانٍ"),
    # notices: the search ran, but not quite as typed
    (r"searched as plain words: unknown field (?P<v>.+?) \(fields: (?P<list>.+)\)",
     "بُحث ككلمات عادية: الحقل {v} غير معروف (الحقول: {list})"),
    (r"searched as plain words: unbalanced quote.*", "بُحث ككلمات عادية: علامة تنصيص \" بلا إغلاق"),
    (r"searched as plain words: unbalanced parentheses.*", "بُحث ككلمات عادية: الأقواس غير متوازنة"),
    (r"searched as plain words: not a date.*", "بُحث ككلمات عادية: تاريخ غير صالح (مثل date:2019-05)"),
    (r"searched as plain words: more than (?P<n>\d+) prefixes or wildcards",
     "بُحث ككلمات عادية: أكثر من {n} كلمة فيها * أو ؟ (بادئة أو حرف بدل)"),
    (r"searched as plain words: .*", "بُحث ككلمات عادية: صيغة الاستعلام غير صالحة"),
    (r"not matched as names \(at most (?P<n>\d+) per query\): (?P<list>.+)",
     "لم يُطابَق كأسماء (بحد أقصى {n} في كل بحث): {list}"),
    (r"the query took too long to expand; partly searched: (?P<list>.+)",
     "استغرق توسيع البحث وقتاً طويلاً، فبُحث عن جزء منه فقط: {list}"),
    (r"searched as typed: the words and their translations are more terms than .*",
     "بُحث بالكلمات كما كُتبت دون ترجماتها: الكلمات مع ترجماتها أكثر مما يسمح به عنقود البحث"),
    (r"(?P<v>\S+) matches (?P<n>[\d,]+) words; only the most frequent were searched.*",
     "{v} يطابق {n} كلمة؛ بُحث عن الأكثر شيوعاً منها فقط"),
    (r"the query is too long to also search its words with the article \(ال\); .*",
     "نص البحث أطول من أن يُبحث عن كلماته بأداة التعريف (ال) أيضاً؛ لم تُقرأ الوثائق التي فيها تلك الصيغة وحدها"),
    (r".*was built before story grouping.*", "الفهرس أقدم من تجميع الأخبار المتشابهة؛ أعد بناءه مرة واحدة"),
    (r".*was built with an older Arabic analysis.*",
     "الفهرس مبني بتحليل عربي أقدم (كلمات مثل وزير ووزارة قد تجد نتائج أقل)؛ أعد بناءه مرة واحدة"),
    (r".*was built before bylines were parsed.*",
     "الفهرس أقدم من استخراج الوكالة والمكان والكاتب من سطر التعريف؛ أعد بناءه مرة واحدة"),
]
_COMPILED = [(re.compile(p), ar) for p, ar in RULES]


def arabic(message) -> str:
    """The Arabic of a QueryError, or of an English notice (GENERAL when no rule knows it)."""
    if isinstance(message, QueryError):
        return message.arabic()
    for pattern, template in _COMPILED:
        m = pattern.fullmatch(message.strip())
        if m:
            parts = {k: v or "" for k, v in m.groupdict().items()}
            return template.format(**parts)
    return GENERAL


def arabic_known(message: str) -> str:
    """The Arabic of a message a rule knows, else "" (the page shows the English alone)."""
    ar = arabic(message)
    return "" if ar == GENERAL else ar
