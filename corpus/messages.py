"""What a user is told when a request cannot run: one entry per code, English and Arabic.

A QueryError carries a code and its parameters (corpus/errors.py); its text is the English
template filled in (the CLI and the API's `error.message`), and the pages show the Arabic
template filled in with the same parameters. `{name_ar}` is `name` in Arabic where known.
"""
from __future__ import annotations

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
}
NAMES_AR = {"since": "تاريخ البداية (من)", "until": "تاريخ النهاية (إلى)"}


def english(code: str, params: dict) -> str:
    return MESSAGES[code][0].format(**params)


def arabic(code: str, params: dict) -> str:
    name = params.get("name", "")
    return MESSAGES[code][1].format(**params, name_ar=NAMES_AR.get(name, name))
