"""What a user is told: one entry per code, English and Arabic.

A QueryError (a request that cannot run, corpus/errors.py) and a Notice (a request that ran,
but not quite as asked) carry a code and its parameters; their text is the English template
filled in (the CLI, the API's `error.message` and `notices`), and `say(message, lang)` gives
it in either language (the pages: the interface language; the API's `message`: `?lang=`).
`{name_ar}` is `name` in Arabic where known.

Adding a message: one entry `"code": ("English {param}", "Arabic {param}")` below (the Arabic
uses only the English's parameters), then `raise QueryError("code", param=...)` or
`notices.append(Notice("code", param=...))`; tests/test_messages.py checks both directions.
"""
from __future__ import annotations

import functools
import string

MESSAGES: dict[str, tuple[str, str]] = {
    # -- the search request (corpus/request.py)
    "query_too_long": ("the query is too long ({length} characters); at most {max}",
                       "نص البحث طويل جداً ({length} حرفاً)؛ الحد الأقصى {max}"),
    "not_text": ("{name} is not valid text: a lone surrogate (U+{point:04X}) at character {at}",
                 "النص غير صالح: محرف بديل منفرد (U+{point:04X}) عند الحرف {at}"),
    "op": ("op must be 'and' (all words) or 'or' (any word), got {value!r}",
           "المطابقة إما «كل الكلمات» (and) أو «أي كلمة» (or)"),
    "unknown_sort": ("unknown sort {value!r}; use one of {choices}",
                     "ترتيب غير معروف {value!r}؛ الخيارات: {choices}"),
    "whole_number": ("{name} must be a whole number, got {value!r}",
                     "{name} يجب أن يكون عدداً صحيحاً، وليس {value!r}"),
    "out_of_range": ("{name} must be between {low} and {high:,}",
                     "{name} يجب أن يكون بين {low} و{high:,}"),
    "unknown_filter": ("unknown filter {value!r}; filters: {choices}",
                       "حقل تصفية غير معروف {value!r}؛ الحقول: {choices}"),
    "unknown_facet": ("unknown facet {value!r}; facets: {choices}",
                      "حقل تصفية غير معروف {value!r}؛ الحقول: {choices}"),
    "too_many_values": ("too many {name} values ({count}); at most {max}",
                        "عدد قيم {name} كبير جداً ({count})؛ الحد الأقصى {max}"),
    "date": ("{name} must be an ISO date (YYYY-MM-DD), got {value!r}",
             "{name_ar} يجب أن يكون تاريخاً بصيغة YYYY-MM-DD (مثل 2019-05-17)، وليس {value!r}"),
    "dates_reversed": ("since ({since}) is after until ({until})",
                       "تاريخ البداية ({since}) بعد تاريخ النهاية ({until})"),
    "unknown_interval": ("unknown interval {value!r}; use one of {choices}",
                         "فترة غير معروفة {value!r}؛ الخيارات: {choices}"),
    "group": ("group must be 'story' (one result per story) or 'none' (every article), got {value!r}",
              "التجميع إما story (نتيجة لكل خبر) أو none (كل مقال)"),
    "group_too_deep": ("grouped results reach {window:,} stories deep; use group=none for later pages",
                       "النتائج المجمّعة تبلغ {window:,} خبر عمقاً؛ استعمل group=none للصفحات التالية"),
    "count": ("count must be 'documents' (every article) or 'stories' (a story once per facet "
              "value), got {value!r}",
              "العدّ إما documents (كل مقال) أو stories (القصة مرة واحدة لكل قيمة)"),
    "semantic": ("semantic must be 'auto' (also the documents closest in meaning, on an index "
                 "built with --embeddings) or 'off' (words only), got {value!r}",
                 "البحث الدلالي إما auto (والمقالات الأقرب في المعنى أيضاً) أو off (الكلمات فقط)"),
    "translate": ("translate must be 'auto' (also search the other language) or 'off', got {value!r}",
                  "الترجمة إما auto (البحث باللغة الأخرى أيضاً) أو off"),
    "too_many_drops": ("at most {max} drop values", "الحد الأقصى {max} من قيم drop"),
    # -- the search cluster's own limits (corpus/engines/opensearch)
    "too_many_clauses": ("the query has more terms than the search cluster allows "
                         "(indices.query.bool.max_clause_count); search fewer words",
                         "الاستعلام فيه مصطلحات أكثر مما يسمح به عنقود البحث؛ ابحث بكلمات أقل"),
    "wildcard_too_complex": ("a wildcard pattern is too complex for the search cluster; use fewer * and ?",
                             "نمط البحث بالمحارف البديلة معقّد جداً على عنقود البحث؛ استعمل عدداً أقل من * و?"),
    "too_many_buckets": ("the query asks for more counts than the search cluster allows "
                         "(search.max_buckets); ask for fewer values",
                         "الطلب يسأل عن أعداد أكثر مما يسمح به عنقود البحث؛ اطلب قيماً أقل"),
    # -- research views (corpus/research)
    "concordance_needs_query": ("a concordance needs a query (q)", "المسرد يحتاج إلى نص بحث (q)"),
    "normalize": ("normalize must be one of {choices} (counts per 1,000 documents of the period), got {value!r}",
                  "normalize يجب أن يكون {choices} (لكل 1,000 وثيقة من الفترة)، وليس {value!r}"),
    "per_story": ("per_story must be 1 (one line per story) or 0, got {value!r}",
                  "per_story إما 1 (سطر واحد لكل خبر) أو 0، وليس {value!r}"),
    "ngram": ("ngram must be 1 (words), 2 (pairs of words) or 3 (three words), got {value!r}",
              "ngram إما 1 (كلمات) أو 2 (كلمتان) أو 3 (ثلاث كلمات)، وليس {value!r}"),
    "collocations_need_query": ("collocations need a query (q)", "المتلازمات تحتاج إلى نص بحث (q)"),
    "trends_need_query": ("trends need at least one query (q=...; repeat q to compare several)",
                          "الاتجاهات تحتاج إلى نص بحث واحد على الأقل (q=...؛ كرّر q للمقارنة)"),
    "too_many_queries": ("too many queries ({count}); at most {max}",
                         "عدد نصوص البحث كبير جداً ({count})؛ الحد الأقصى {max}"),
    "exact": ("exact must be 1 (exact forms) or 0 (all forms of the word), got {value!r}",
              "الصيغة إما 1 (الصيغة نفسها فقط) أو 0 (كل صيغ الكلمة)"),
    "measure": ("measure must be 'rate' (per 1,000 documents) or 'count', got {value!r}",
                "المقياس إما rate (لكل 1000 وثيقة) أو count (العدد)"),
    # -- the request's parameters (search_web)
    "too_many_parameters": ("too many parameters ({count}); at most {max}",
                            "عدد المعاملات كبير جداً ({count})؛ الحد الأقصى {max}"),
    "unknown_parameter": ("unknown parameter {name!r}; parameters: {known}", "معامل غير معروف {name!r}"),
    "not_for_trends": ("unknown parameter {name!r} for trends", "معامل غير معروف {name!r} في صفحة الاتجاهات"),
    "map_view": ("view must be 'auto', 'region' or 'world', got {value!r}",
                 "العرض إما auto (تلقائي) أو region (المنطقة) أو world (العالم)"),
    "unknown_message_language": ("hl (the language of error messages) must be 'en' or 'ar', got {value!r}",
                                 "hl (لغة رسائل الخطأ) إما en أو ar"),
    "given_twice": ("{name} may be given only once", "{name} يُعطى مرة واحدة فقط"),
    "value_too_long": ("a {name} value is too long; at most {max} characters",
                       "قيمة {name} طويلة جداً؛ الحد الأقصى {max} حرفاً"),
    "unknown_format": ("unknown format {value!r}; use one of {choices}",
                       "صيغة غير معروفة {value!r}؛ الخيارات: {choices}"),
    "json_only": ("{what} come as JSON only (format=json)", "النتائج بصيغة JSON فقط (format=json)"),
    "unknown_column": ("unknown column {value!r} in include; use {choices}",
                       "عمود غير معروف {value!r}؛ الأعمدة: {choices}"),
    "spell": ("spell must be 'on' (suggest a spelling) or 'off' (exactly as typed), got {value!r}",
              "التصحيح الإملائي إما on (اقتراح تصحيح) أو off (البحث كما كُتب تماماً)"),
    "unknown_split": ("unknown facet {value!r} to split by; facets: {choices}",
                      "حقل تقسيم غير معروف {value!r}؛ الحقول: {choices}"),
    "split_needs_histogram": ("split needs a histogram (its periods)",
                              "التقسيم يحتاج إلى مدرّج زمني (فتراته)"),
    "too_many_split_values": ("too many {name} values to split by ({count}); at most {max}",
                              "قيم {name} للتقسيم كثيرة ({count})؛ الحد الأقصى {max}"),
    "split_one_query": ("split takes one query ({count} given): it draws one line per {name} value",
                        "التقسيم يأخذ استعلاماً واحداً (أُعطي {count}): خط لكل قيمة من {name}"),
    # -- pages and servers (search_web)
    "no_document": ("no document with id {value!r}", "لا توجد وثيقة بالمعرّف {value!r}"),
    "unknown_citation_format": ("unknown citation format {value!r}; use txt, bib or ris",
                                "صيغة استشهاد غير معروفة {value!r}؛ الصيغ: txt أو bib أو ris"),
    "busy": ("the server is busy with other exports, concordances or collocations; "
             "try again in {seconds} seconds",
             "الخادم مشغول بعمليات تصدير أو مسارد أو متلازمات أخرى؛ أعد المحاولة بعد {seconds} ثوانٍ"),
    # -- notices: the request ran, but not quite as asked (Notice)
    "unknown_field": ("searched as plain words: unknown field {value!r} (fields: {choices})",
                      "بُحث ككلمات عادية: الحقل {value!r} غير معروف (الحقول: {choices})"),
    "unbalanced_quote": ('searched as plain words: unbalanced quote: every " needs a closing "',
                         'بُحث ككلمات عادية: علامة تنصيص " بلا إغلاق'),
    "unclosed_paren": ("searched as plain words: unbalanced parentheses: a ( is not closed",
                       "بُحث ككلمات عادية: الأقواس غير متوازنة، قوس ( بلا إغلاق"),
    "unopened_paren": ("searched as plain words: unbalanced parentheses: a ) has no matching (",
                       "بُحث ككلمات عادية: الأقواس غير متوازنة، قوس ) بلا فتح"),
    "nested_too_deeply": ("searched as plain words: nested too deeply",
                          "بُحث ككلمات عادية: الأقواس متداخلة أكثر من اللازم"),
    "ends_early": ("searched as plain words: the query ends where a word was expected",
                   "بُحث ككلمات عادية: ينتهي البحث حيث يُنتظر كلمة"),
    "field_in_field": ("searched as plain words: a field inside a field",
                       "بُحث ككلمات عادية: حقل داخل حقل"),
    "too_many_words": ("searched as plain words: more than {max} words",
                       "بُحث ككلمات عادية: أكثر من {max} كلمة"),
    "range_not_date": ("searched as plain words: ranges are for dates: date:[2019-01-01 TO 2019-12-31]",
                       "بُحث ككلمات عادية: النطاقات للتواريخ فقط: date:[2019-01-01 TO 2019-12-31]"),
    "unexpected": ("searched as plain words: {value} where a word was expected",
                   "بُحث ككلمات عادية: {value} حيث يُنتظر كلمة"),
    "too_many_patterns": ("searched as plain words: more than {max} prefixes or wildcards",
                          "بُحث ككلمات عادية: أكثر من {max} كلمة فيها * أو ؟ (بادئة أو حرف بدل)"),
    "not_a_date": ("searched as plain words: not a date: {value!r} (write date:2019-05, "
                   "date:2019-05-17 or a range date:[2019-01-01 TO 2019-12-31])",
                   "بُحث ككلمات عادية: تاريخ غير صالح {value!r} (اكتب date:2019-05 أو date:2019-05-17 "
                   "أو نطاقاً date:[2019-01-01 TO 2019-12-31])"),
    "no_such_day": ("searched as plain words: not a date: {value!r} (no such day)",
                    "بُحث ككلمات عادية: تاريخ غير صالح {value!r} (لا يوجد هذا اليوم)"),
    "not_a_date_range": ("searched as plain words: not a date range: write date:[2019-01-01 TO 2019-12-31]",
                         "بُحث ككلمات عادية: نطاق تاريخ غير صالح؛ اكتب date:[2019-01-01 TO 2019-12-31]"),
    "range_reversed": ("searched as plain words: the date range ends before it starts",
                       "بُحث ككلمات عادية: نطاق التاريخ ينتهي قبل أن يبدأ"),
    "names_skipped": ("not matched as names (at most {max} per query): {words}",
                      "لم يُطابَق كأسماء (بحد أقصى {max} في كل بحث): {words}"),
    "expansion_timed_out": ("the query took too long to expand; partly searched: {words}",
                            "استغرق توسيع البحث وقتاً طويلاً، فبُحث عن جزء منه فقط: {words}"),
    "untranslated": ("searched as typed: the words and their translations are more terms than the "
                     "search cluster allows in one query",
                     "بُحث بالكلمات كما كُتبت دون ترجماتها: الكلمات مع ترجماتها أكثر مما يسمح به "
                     "عنقود البحث في استعلام واحد"),
    "pattern_capped": ("{pattern} matches {total:,} words; only the most frequent were searched "
                       "({kept:,}: at most {cap:,} words per field, and the query's prefixes and "
                       "wildcards expand to at most {postings:,} postings in all)",
                       "{pattern} يطابق {total:,} كلمة؛ بُحث عن الأكثر شيوعاً منها فقط ({kept:,}: "
                       "بحد أقصى {cap:,} كلمة لكل حقل و{postings:,} موضعاً لكل البحث)"),
    "too_long_for_variants": ("the query is too long to also search its words with the article "
                              "({article}); documents holding only that form were not read",
                              "نص البحث أطول من أن يُبحث عن كلماته بأداة التعريف ({article}) أيضاً؛ "
                              "لم تُقرأ الوثائق التي فيها تلك الصيغة وحدها"),
    "rebuild_stories": ("{where} was built before story grouping (near-duplicate detection) "
                        "existed; rebuild it once with `corpus index --rebuild` (same --engine/--index)",
                        "الفهرس ({where}) أقدم من تجميع الأخبار المتشابهة؛ أعد بناءه مرة واحدة بالأمر "
                        "`corpus index --rebuild`"),
    "rebuild_grouping": ("this index was built with an older story grouping (edited copies of one wire "
                         "report could count as several stories); rebuild it once with `corpus index "
                         "--rebuild` (same --engine/--index)",
                         "الفهرس مبني بتجميع أقدم للأخبار المتشابهة (قد تُعدّ النسخ المعدّلة من خبر واحد "
                         "أخباراً عدة)؛ أعد بناءه مرة واحدة بالأمر `corpus index --rebuild`"),
    "rebuild_tables": ("this index was built with other metadata tables (people, organisations, "
                       "places, names: corpus/metadata/data and $CORPUS_METADATA_DIR) or before people, "
                       "organisations and places mentioned were extracted; rebuild it once with "
                       "`corpus index --rebuild` (same --engine/--index) for facets that follow the tables",
                       "الفهرس مبني بجداول وصفية أخرى (الأشخاص والهيئات والأماكن والأسماء) أو قبل استخراج "
                       "الأشخاص والهيئات والأماكن المذكورة؛ أعد بناءه مرة واحدة بالأمر `corpus index --rebuild` "
                       "لتتبع الفئات الجداول"),
    "rebuild_metadata": ("this index was built before bylines were parsed into agency, place and "
                         "person (and places, outlets and sections merged across spellings); rebuild "
                         "it once with `corpus index --rebuild` (same --engine/--index)",
                         "الفهرس أقدم من استخراج الوكالة والمكان والكاتب من سطر التعريف؛ أعد بناءه "
                         "مرة واحدة بالأمر `corpus index --rebuild`"),
    "rebuild_analysis": ("this index was built with an older Arabic analysis (words such as {words} "
                         "are now stemmed as with the article); rebuild it once with "
                         "`corpus index --rebuild` (same --engine/--index)",
                         "الفهرس مبني بتحليل عربي أقدم (كلمات مثل {words} قد تجد نتائج أقل)؛ "
                         "أعد بناءه مرة واحدة بالأمر `corpus index --rebuild`"),
    "untranslated_optional": ("searched without {words}: no translation found and no document holds it as typed",
                              "بُحث دون {words}: لا ترجمة لها ولا وثيقة فيها كما كُتبت"),
    "translated_optional": ("searched without requiring {words}: no document holds its translations "
                            "together with the rest of the query",
                            "بُحث دون اشتراط {words}: لا وثيقة تجمع ترجماتها إلى بقية الاستعلام"),
    "counted_by_stem": ("\"{phrase}\" is counted by its stems: {stem} articles, with the other words and "
                        "forms that share them; as written ({query}): {written}",
                        "«{phrase}» تُعدّ بجذوعها: {stem} مقالًا، مع ما يشاركها الجذع من كلمات وصيغ أخرى؛ "
                        "كما كُتبت ({query}): {written}"),
    "term_without": ("{term} was translated without {words}: no Arabic phrase in the index holds a "
                     "translation of it with the other words",
                     "تُرجم {term} دون {words}: لا عبارة عربية في الفهرس تجمع ترجمتها إلى الكلمات الأخرى"),
}
NAMES_AR = {"since": "تاريخ البداية (من)", "until": "تاريخ النهاية (إلى)"}


def english(code: str, params: dict) -> str:
    return MESSAGES[code][0].format(**params)


class _Isolating(string.Formatter):
    """Each text field set apart from the Arabic around it by Unicode's first-strong isolate
    (U+2068 ... U+2069): an English word keeps its quotes and colon where they were written."""

    def format_field(self, value, format_spec):
        out = super().format_field(value, format_spec)
        return f"\u2068{out}\u2069" if isinstance(value, str) and value else out


ISOLATING = _Isolating()


def arabic(code: str, params: dict) -> str:
    name = params.get("name", "")
    return ISOLATING.format(MESSAGES[code][1], **params, name_ar=NAMES_AR.get(name, name))


def text(code: str, params: dict, lang: str = "en") -> str:
    """The message of `code` in `lang` ("ar" or "en"; anything else: English)."""
    return arabic(code, params) if lang == "ar" else english(code, params)


def say(message, lang: str = "en") -> str:
    """A QueryError, a Notice (anything with a code of the table and its params, or with its
    texts given) in `lang`; text without a code (an index problem, an HTTP error) as it is."""
    texts = getattr(message, "texts", None)
    if texts:
        return texts.get(lang) or texts["en"]
    code, params = getattr(message, "code", None), getattr(message, "params", None)
    if code in MESSAGES and isinstance(params, dict):
        return text(code, params, lang)
    return str(message)


class Notice(str):
    """A note on how a request ran ("searched as plain words: ..."): the English text, as a
    str (the CLI, the API's `notices`), with its code and parameters for `say`."""

    code: str
    params: dict

    def __new__(cls, code: str, **params):
        self = super().__new__(cls, english(code, params))
        self.code, self.params = code, params
        return self

    @classmethod
    def given(cls, code: str, en: str, ar: str) -> "Notice":
        """A notice whose texts another table filled in (corpus/research/notes.py)."""
        self = str.__new__(cls, en)
        self.code, self.params, self.texts = code, {}, {"en": en, "ar": ar}
        return self

    def __reduce__(self):       # pickles (between processes) by code and parameters
        if getattr(self, "texts", None):
            return Notice.given, (self.code, self.texts["en"], self.texts["ar"])
        return functools.partial(Notice, self.code, **self.params), ()
