"""Arabic for the messages users see (query errors and notices), from their English text.

The library says what to fix in English (the API's `error.message` and `notices` stay
English); the pages show the Arabic first and the English under it. One rule per message
shape: a pattern over the English and the Arabic with the same parts filled in. A message
no rule knows gets a general Arabic line, so a page never shows English alone.
"""
from __future__ import annotations

import re

GENERAL = "تعذّر فهم جزء من الطلب؛ التفاصيل بالإنجليزية أدناه"

RULES: list[tuple[str, str]] = [
    (r"the query is too long \((?P<n>\d+) characters\); at most (?P<max>\d+)",
     "نص البحث طويل جداً ({n} حرفاً)؛ الحد الأقصى {max}"),
    (r"op must be 'and' .*", "المطابقة إما «كل الكلمات» (and) أو «أي كلمة» (or)"),
    (r"unknown sort (?P<v>.+?); use one of (?P<list>.+)", "ترتيب غير معروف {v}؛ الخيارات: {list}"),
    (r"(?P<name>since|until) must be an ISO date \(YYYY-MM-DD\), got (?P<v>.+)",
     "{name_ar} يجب أن يكون تاريخاً بصيغة YYYY-MM-DD (مثل 2019-05-17)، وليس {v}"),
    (r"since \((?P<a>[\d-]+)\) is after until \((?P<b>[\d-]+)\)",
     "تاريخ البداية ({a}) بعد تاريخ النهاية ({b})"),
    (r"(?P<name>\w+) must be a whole number, got (?P<v>.+)", "{name} يجب أن يكون عدداً صحيحاً، وليس {v}"),
    (r"(?P<name>\w+) must be between (?P<a>[\d,]+) and (?P<b>[\d,]+)", "{name} يجب أن يكون بين {a} و{b}"),
    (r"size must be between 1 and (?P<b>\d+)", "عدد النتائج في الصفحة بين 1 و{b}"),
    (r"(?P<name>\w+) must be at most (?P<b>[\d,]+)", "{name} يجب ألا يتجاوز {b}"),
    (r"(?P<name>\w+) must be (?P<a>\d+) or more", "{name} يجب أن يكون {a} أو أكثر"),
    (r"unknown interval (?P<v>.+?); use one of (?P<list>.+)", "فترة غير معروفة {v}؛ الخيارات: {list}"),
    (r"unknown facet (?P<v>.+?) to split by; facets: (?P<list>.+)", "حقل تقسيم غير معروف {v}؛ الحقول: {list}"),
    (r"split takes one query \((?P<n>\d+) given\).*", "التقسيم يأخذ استعلاماً واحداً (أُعطي {n})"),
    (r"unknown (?:filter|facet) (?P<v>.+?)(?: in more)?; (?:filters|facets): (?P<list>.+)",
     "حقل تصفية غير معروف {v}؛ الحقول: {list}"),
    (r"unknown parameter (?P<v>.+?); parameters: .+", "معامل غير معروف {v}"),
    (r"unknown parameter (?P<v>.+?) for trends", "معامل غير معروف {v} في صفحة الاتجاهات"),
    (r"spell must be .+", "التصحيح الإملائي إما on (اقتراح تصحيح) أو off (البحث كما كُتب تماماً)"),
    (r"measure must be .+", "المقياس إما rate (لكل 1000 وثيقة) أو count (العدد)"),
    (r"exact must be .+", "الصيغة إما 1 (الصيغة نفسها فقط) أو 0 (كل صيغ الكلمة)"),
    (r"unknown format (?P<v>.+?); use .+", "صيغة غير معروفة {v}"),
    (r"unknown column (?P<v>.+?) in include; use (?P<list>.+)", "عمود غير معروف {v}؛ الأعمدة: {list}"),
    (r"(?P<name>\w+) may be given only once", "{name} يُعطى مرة واحدة فقط"),
    (r"too many (?:(?P<name>\w+) values|parameters) \((?P<n>\d+)\); at most (?P<max>\d+)",
     "عدد القيم كبير جداً ({n})؛ الحد الأقصى {max}"),
    (r"a (?P<name>\w+) value is too long; at most (?P<max>\d+) characters",
     "قيمة {name} طويلة جداً؛ الحد الأقصى {max} حرفاً"),
    (r"the query has more terms than the search cluster allows .*",
     "الاستعلام فيه مصطلحات أكثر مما يسمح به عنقود البحث؛ ابحث بكلمات أقل"),
    (r"a wildcard pattern is too complex for the search cluster.*",
     "نمط البحث بالمحارف البديلة معقّد جداً على عنقود البحث؛ استعمل عدداً أقل من * و?"),
    (r"the query asks for more counts than the search cluster allows .*",
     "الطلب يسأل عن أعداد أكثر مما يسمح به عنقود البحث؛ اطلب قيماً أقل"),
    (r"translate must be .+", "الترجمة إما auto (البحث باللغة الأخرى أيضاً) أو off"),
    (r"group must be .+", "التجميع إما story (نتيجة لكل خبر) أو none (كل مقال)"),
    (r"semantic must be .+", "البحث الدلالي إما auto (والمقالات الأقرب في المعنى أيضاً) أو off (الكلمات فقط)"),
    (r"count must be .+", "العدّ إما documents (كل مقال) أو stories (القصة مرة واحدة لكل قيمة)"),
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
    (r".*was built before story grouping.*", "الفهرس أقدم من تجميع الأخبار المتشابهة؛ أعد بناءه مرة واحدة"),
    (r".*was built with an older Arabic analysis.*",
     "الفهرس مبني بتحليل عربي أقدم (كلمات مثل وزير ووزارة قد تجد نتائج أقل)؛ أعد بناءه مرة واحدة"),
    (r".*was built before bylines were parsed.*",
     "الفهرس أقدم من استخراج الوكالة والمكان والكاتب من سطر التعريف؛ أعد بناءه مرة واحدة"),
]
_COMPILED = [(re.compile(p), ar) for p, ar in RULES]
_DATE_NAMES = {"since": "تاريخ البداية (من)", "until": "تاريخ النهاية (إلى)"}


def arabic(message: str) -> str:
    """The Arabic of an English error or notice (GENERAL when no rule knows it)."""
    for pattern, template in _COMPILED:
        m = pattern.fullmatch(message.strip())
        if m:
            parts = {k: v or "" for k, v in m.groupdict().items()}
            parts["name_ar"] = _DATE_NAMES.get(parts.get("name", ""), parts.get("name", ""))
            return template.format(**parts)
    return GENERAL


def arabic_known(message: str) -> str:
    """The Arabic of a message a rule knows, else "" (the page shows the English alone)."""
    ar = arabic(message)
    return "" if ar == GENERAL else ar
