"""Raw scraped article text -> Document: header metadata (section, title, date, dateline) and a clean body.

Nothing is guessed: a field that the text does not state stays "" or None.
"""
from __future__ import annotations

import datetime as dt
import re

from corpus.document import Document

# ---- rule tables -------------------------------------------------------------------------------

HEADER_LINES = 12          # section, title, date and dateline are looked for in the first lines only
MAX_TITLE_CHARS = 250      # a longer first line is a paragraph, not a title
MAX_DATE_LINE_WORDS = 3    # "22.01.2019 - محدث : 22.01.2019": words left once the dates are removed

# Whole lines of scraper noise (matched in full, case-insensitive). A group named "agency" is a fact: the source.
NOISE_LINES = [re.compile(p, re.I) for p in (
    r"may be an? (?:image|photo|graphic|cartoon|illustration|screenshot|closeup|meme|text)\b.*",
    r"image may contain\b.*",
    r"no description available\.?",
    r"لا يتوفر وصف للصورة\.?",
    r"read our privacy policy\b.*",
    r"تنويه\s*:.*",
    r"[,،.\-–—_*•|]+",
    r"الأخبار المنشورة على الصفحة الرسمية لوكالة (?P<agency>\S+?)،? هي اختصار.*",
)]

# Agencies, to tell an agency from an author in a dateline. Compared after _agency_key().
AGENCIES = (
    "الأناضول", "رويترز", "فرانس برس", "أ ف ب", "أسوشيتد برس", "أسوشيتدبرس", "شفق نيوز", "رووداو",
    "كردستان 24", "واع", "د ب أ", "سبوتنيك", "واس", "قنا", "وام", "كونا", "بترا", "سانا", "شينخوا",
    "Anadolu", "Anadolu Agency", "AA", "Reuters", "AFP", "AP", "Associated Press", "dpa", "Sputnik",
    "Xinhua", "Rudaw", "Kurdistan 24", "Shafaq News", "INA", "SPA", "WAM", "KUNA", "QNA",
)

# Month names, alef-folded (أ إ آ -> ا) and lower case.
MONTHS = {
    # Levantine
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8,
    "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
    # Egyptian
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6, "يوليو": 7,
    "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3,
    "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
YEARS = range(1900, 2101)

# ---- text helpers ------------------------------------------------------------------------------

# 1:1 character folding (keeps offsets): Arabic-Indic and Persian digits -> ASCII, alef forms -> bare alef.
_FOLD = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹أإآ", "01234567890123456789ااا")
# ---- dates -------------------------------------------------------------------------------------

# A month is matched as a word (two for "كانون الثاني") and looked up in MONTHS: faster than an alternation.
_MONTH = r"[^\W\d_]+(?:\s+(?:الثاني|الاول))?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE_PATTERNS = [re.compile(p) for p in (
    r"(?<!\d)(?P<y>\d{4})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?!\d)",                     # 2019-01-22
    r"(?<!\d)(?P<d>\d{1,2})([-/.])(?P<m>\d{1,2})\2(?P<y>\d{4})(?!\d)",                     # 22.01.2019
    rf"(?<!\d)(?P<d>\d{{1,2}}){_ORDINAL}\s*(?:من\s+)?(?P<m>{_MONTH})"                       # 22 يناير 2019,
    rf"(?:\s*/\s*{_MONTH})?\.?[,،]?\s*(?P<y>\d{{4}})(?!\d)",                                # 3 من مايو/أيار 2020
    rf"\b(?P<m>{_MONTH})\.?\s*(?P<d>\d{{1,2}}){_ORDINAL}[,،]?\s+(?P<y>\d{{4}})(?!\d)",     # January 22, 2019
)]


def find_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """Every valid full date (day, month and year) in the text as (start, end, date), in text order."""
    folded = text.translate(_FOLD)
    found = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(folded):
            month = m["m"]
            month = int(month) if month.isdigit() else MONTHS.get(" ".join(month.lower().split()))
            if month and int(m["y"]) in YEARS:
                try:
                    found.append((m.start(), m.end(), dt.date(int(m["y"]), month, int(m["d"]))))
                except ValueError:
                    pass
    return sorted(found)


def parse_date(text: str) -> dt.date | None:
    """The first valid full date in the text, else None."""
    dates = find_dates(text)
    return dates[0][2] if dates else None


def _is_date_line(line: str) -> bool:
    """A line that is a date stamp: it holds a date and at most a few other words ("محدث", a weekday)."""
    dates = find_dates(line)
    if not dates:
        return False
    rest, last = [], 0
    for start, end, _ in dates:
        rest.append(line[last:start])
        last = end
    rest.append(line[last:])
    return len(re.findall(r"[^\W\d_]+", " ".join(rest))) <= MAX_DATE_LINE_WORDS


# ---- header lines ------------------------------------------------------------------------------

def _agency_key(name: str) -> str:
    return re.sub(r"[\s.]+", "", name.translate(_FOLD).lower()).removeprefix("وكالة")


_AGENCY_KEYS = frozenset(map(_agency_key, AGENCIES))
_PUNCT = re.compile(r"[,،:؛;!?؟\"«»“”]")    # sentence punctuation; a period is allowed in "أ.ف.ب"
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z' .-]{0,40}")


def _noise(line: str) -> re.Match | None:
    return next((m for p in NOISE_LINES if (m := p.fullmatch(line))), None)


def _is_title(line: str) -> bool:
    return len(line) <= MAX_TITLE_CHARS and _dateline(line) is None


def _is_section(line: str, following: str) -> bool:
    """A one- or two-word label such as "دولي", followed by a title (a line that is not a sentence or a date)."""
    return (len(line) <= 30 and len(line.split()) <= 2 and not _PUNCT.search(line) and not re.search(r"[.\d]", line)
            and _is_title(following) and not following.endswith(".") and not _is_date_line(following))


def _dateline(line: str) -> tuple[str, str, str] | None:
    """(place, author, source) from "أربيل (العراق) / عارف يوسف / الأناضول" or "بغداد / الأناضول"."""
    parts = [p.strip() for p in line.split("/")]
    if not 2 <= len(parts) <= 3 or any(
            len(p) > 40 or len(p.split()) > 5 or not re.search(r"[^\W\d_]", p) or _PUNCT.search(p)
            for p in parts):
        return None
    place = re.sub(r"\s*\([^)]*\)", "", parts[0]).strip()
    if len(parts) == 2:
        return (place, "", parts[1]) if _agency_key(parts[1]) in _AGENCY_KEYS else None
    author, source = parts[1], parts[2]
    if _agency_key(author) in _AGENCY_KEYS and _agency_key(source) not in _AGENCY_KEYS:
        author, source = source, author
    return place, author, source


# ---- the article -------------------------------------------------------------------------------

def parse_article(text: str, path: str) -> Document:
    """A raw .txt article -> Document (id = path, lang left empty for the indexer)."""
    doc = Document(id=path, path=path)
    lines = []
    for line in (" ".join(raw.split()) for raw in text.splitlines()):
        if not line:
            continue
        noise = _noise(line)
        if noise is None:
            lines.append(line)
        elif _agency_key(agency := noise.groupdict().get("agency") or "") in _AGENCY_KEYS:
            doc.source = agency         # e.g. the Anadolu subscription footer
    head = min(HEADER_LINES, len(lines))
    used = set()        # indices of header lines that are not body text
    stamps = []         # date lines, the best place for the article's date

    i = 0
    if len(lines) > 1 and _is_section(lines[0], lines[1]):
        doc.section, i = lines[0], 1
        used.add(0)
    while i < head and _is_date_line(lines[i]):
        stamps.append(lines[i])
        used.add(i)
        i += 1
    if i < head and _is_title(lines[i]):
        doc.title = lines[i]
        used.add(i)

    for j in range(i, head):
        if j in used:
            continue
        if _is_date_line(lines[j]):
            stamps.append(lines[j])
            used.add(j)
        elif not doc.place and (found := _dateline(lines[j])):
            doc.place, _, doc.source = found
            doc.author = lines[j]       # the byline as given (corpus/metadata finds the person in it)
            used.add(j)
            if j > 0 and j - 1 not in used and _ARABIC.search(doc.place) and _LATIN_NAME.fullmatch(lines[j - 1]):
                used.add(j - 1)     # "Arbil": a transliteration of the place
    body = [line for n, line in enumerate(lines) if n not in used and line != doc.title]
    doc.date = parse_date("\n".join(stamps)) or parse_date("\n".join(lines[:head])) or parse_date("\n".join(body))
    doc.body = "\n\n".join(body)
    return doc
