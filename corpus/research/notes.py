"""What the research views tell about their own figures (caps, samples, definitions), in
English and Arabic: one entry per code, filled in like corpus/messages.py's. A page shows the
text of its interface language; the JSON carries both.

    note("lines_cap", max=100_000) -> {"code": "lines_cap", "en": "...", "ar": "..."}
"""
from __future__ import annotations

NOTES: dict[str, tuple[str, str]] = {
    # -- concordance
    "lines_cap": ("every line is read, sorted and exported up to {max:,} lines",
                  "تُقرأ كل السطور وتُرتَّب وتُصدَّر حتى {max:,} سطر"),
    "lines_cut": ("only the first {max:,} lines were read (from {read:,} of {documents:,} documents, "
                  "in ranking order); counts and sorting cover those lines",
                  "قُرئت أول {max:,} سطر فقط (من {read:,} من أصل {documents:,} وثيقة بترتيب الصلة)؛ "
                  "العدّ والترتيب يشملان هذه السطور"),
    "per_story": ("one line per story: the first line of each story's best-ranked article "
                  "({stories:,} stories)",
                  "سطر واحد لكل خبر: أول سطر من أعلى مقالات الخبر ترتيباً ({stories:,} خبراً)"),
    "per_million": ("per million words: occurrences in the bodies per million words of the whole "
                    "index ({words:,} words as the index counts them, stopwords and numbers left out)",
                    "لكل مليون كلمة: المرات في نصوص المقالات لكل مليون كلمة من الفهرس كله "
                    "({words:,} كلمة كما يعدّها الفهرس، دون كلمات التوقف والأرقام)"),
    "no_words": ("the query has no words to look for (only stopwords or filters)",
                 "لا كلمات يُبحث عنها في النص (كلمات توقف أو مرشحات فقط)"),
    # -- collocations
    "docs_all": ("counted in all {read:,} matching documents",
                 "عُدّت في كل الوثائق المطابقة ({read:,})"),
    "docs_sample": ("counted in a sample: the first {read:,} of {documents:,} matching documents in "
                    "ranking order (docs={docs:,}; at most {max:,})",
                    "عُدّت في عيّنة: أول {read:,} من أصل {documents:,} وثيقة مطابقة بترتيب الصلة "
                    "(docs={docs:,}؛ الحد الأقصى {max:,})"),
    "colloc_per_million": ("per million: a collocate's occurrences in the texts read per million of "
                           "their words ({tokens:,}, stopwords and numbers left out)",
                           "لكل مليون: مرات ورود المتلازمة في النصوص المقروءة لكل مليون من كلماتها "
                           "({tokens:,}، دون كلمات التوقف والأرقام)"),
}


def note(code: str, **params) -> dict:
    english, arabic = NOTES[code]
    return {"code": code, "en": english.format(**params), "ar": arabic.format(**params)}
