"""Author / dateline values -> agency, place and person.

    "واس - جدة", "جدة - واس", "واس (جدة)", "دبي : رويترز"     -> agency SPA/Reuters, place
    "لندن: رنيم حنوش", "عادل الخنين من الرياض"                 -> place, person
    "أربيل (العراق) / عارف يوسف / الأناضول"                     -> place, person, agency
    "مهنا التميمي- سبق- القريات:"                               -> person, agency, place

HTML entities are unescaped, dates, quote marks, titles (د. أ.د) and desk words (تقرير،
متابعة، تصوير ...) dropped. The value is cut into parts at dashes, colons, slashes, commas,
brackets and " من "; each part is an outlet (data/outlets.tsv), a place (gazetteer) or a
person, by the tables first and then by its position and shape. The first of each is kept.
"""
from __future__ import annotations

import dataclasses
import html
import re

from corpus.document import strip_bidi_controls
from corpus.extract import find_dates
from corpus.metadata import gazetteer
from corpus.metadata.tables import key, table

# Words in front of a name: titles and kinds of piece ("تقرير: خالد" is Khalid's report).
TITLES = ("أ.د.", "أ.د", "أ. د.", "د.", "د", "م.", "الدكتور", "الشيخ", "تقرير", "تحقيق", "كتب",
          "كتبت", "نص", "شعر", "قراءة", "متابعة", "إعداد", "اعداد", "حوار", "ترجمة", "بقلم", "*")
# Parts that are no agency, place or person: desks, roles, "visitor", "by phone".
NOISE = {key(w) for w in (
    "متابعة", "متابعات", "المحليات", "المحرر", "زائر", "هاتفيا", "عواصم", "المناطق", "الموفد الإعلامي",
    "مندوب", "خاص", "تقرير", "تحقيق", "كتب", "خدمة", "مراسلون", "وكالات الأنباء")}
# A credit for someone else's work: the part after it is not the author.
CREDITS = {key(w) for w in ("تصوير", "رسم", "ترجمة", "تصوير فوتوغرافي")}
# Outlet names that are also words or places: a place only if nothing else is the place.
AMBIGUOUS_PLACES = {key(w) for w in ("الرياض",)}
# Words that start place names of several words (وادي الدواسر) rather than people's names.
PLACE_HEADS = {key(w) for w in ("وادي", "رياض", "رأس", "جبل", "سان", "ساو", "بورت", "خميس", "رجال",
                                 "حفر", "مدينة", "عين", "بئر", "تل", "دير", "إل", "لوس", "نيو", "سيدي")}
# Given names that start with و: not "and" + a name.
W_NAMES = {"وليد", "وائل", "وسام", "وفاء", "وداد", "وحيد", "وجدي", "وصفي", "وهيب", "وضاح", "ولي", "وعد", "ورد"}
# Suffixes marking an outlet's web edition ("الرياض الإلكتروني" is the paper, not the city).
ONLINE = re.compile(r"\s*(?:الإلكترونية|الإلكتروني|الالكترونية|الالكتروني|أونلاين|اونلاين|online)$", re.I)
_SEPARATORS = r"\s*(?:[:/|،,؛()\[\]{}–—]|(?<![A-Za-z])-|-(?![A-Za-z])|\s+ـ+\s*|\s*ـ+\s+|\s+من\s+)\s*"
_SPLIT = re.compile(_SEPARATORS)
_SPLITTERS = re.compile(_SEPARATORS)
_WEEKDAYS = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b,?", re.I)
_QUOTES = re.compile(r"[«»\"“”„'‘’{}*]")
_LETTERS = re.compile(r"[^\W\d_]")
_NOT_A_BYLINE = re.compile(r"[@=+<>#$%^&;~\\]")


@dataclasses.dataclass(frozen=True)
class Byline:
    agency: str = ""        # an outlet id (data/outlets.tsv) or the name as written
    place: str = ""         # a place id (gazetteer) or the name as written
    person: str = ""


def clean(value: str, runs: bool = False) -> str:
    """Entities unescaped, dates and invisible characters dropped, spaces collapsed (runs of
    spaces kept as two when `runs`)."""
    text = html.unescape(html.unescape(value or ""))
    text = re.sub(r"[\u00a0\u200b-\u200f\ufeff]", " ", strip_bidi_controls(text))
    for start, end, _ in reversed(find_dates(text)):
        text = text[:start] + " " + text[end:]
    text = _WEEKDAYS.sub(" ", text)
    if runs:
        return " ".join(re.sub(r"[ \t]{2,}", "  ", text).strip().split(" "))
    return " ".join(text.split())


def _strip_title(part: str) -> str:
    changed = True
    while changed and part:
        changed = False
        for t in TITLES:
            if part == t:
                return ""
            if part.startswith(t) and (t.endswith(".") or t == "*" or part[len(t)] in " .-:"):
                part, changed = part[len(t):].strip(" .-:"), True
    return part


def parts(value: str) -> list[tuple[str, str, bool]]:
    """(piece, the separator before it, marked as an outlet) of a byline, in order; credits
    (تصوير - X) and noise dropped. «quoted», مكتب X and web editions mark an outlet."""
    out, skip, sep = [], False, ""
    # "لندن: أ  بيروت: ب" (two bylines), "X  تصوير - Y" (a credit): runs of spaces separate
    text = re.sub(r"(?<=\S) {2,}(?=[^:]{1,25}:|(?:تصوير|رسم|ترجمة)\b)", " | ", clean(value, runs=True))
    text = " ".join(text.replace("(", " ( ").replace(")", " ) ").split())     # "لندن: أ  بيروت: ب": two bylines
    pieces = _SPLIT.split(text)
    for raw, after in zip(pieces, [*_SPLITTERS.findall(text), ""]):
        marked = bool(re.search(r"[«»{}\"“”]", raw)) or raw.strip().startswith("مكتب ") or bool(ONLINE.search(raw))
        part = " ".join(_QUOTES.sub(" ", raw).replace("ـ", "").split()).strip(" .-:")
        k = key(part)
        if k in CREDITS:
            skip = True
        elif skip:
            skip = False
        else:
            if not _outlet(part):
                part = _strip_title(part)
            if part and _LETTERS.search(part) and key(part) not in NOISE:
                out += [(name, sep, marked) for name in _names(part)]
        sep = after.strip() or " "
    return out


def _names(part: str) -> list[str]:
    """"كانا إناجاكي وليو لويس": two people joined by و (each of two words at least)."""
    words = part.split()
    for i in range(2, len(words) - 1):
        if words[i].startswith("و") and len(words[i]) > 2 and words[i] not in W_NAMES:
            return [" ".join(words[:i]), " ".join([words[i][1:], *words[i + 1:]])]
    return [part]


def _outlet(part: str) -> str:
    """The outlet id of a part ("مكتب الجزيرة", "الاقتصادية الإلكترونية", "وكالات الجزيرة"), or ""."""
    outlets = table("outlets")
    online = ONLINE.search(part)
    name = ONLINE.sub("", part).removeprefix("مكتب ").strip()
    if name.startswith(("وكالات", "الوكالات")):
        return "Agencies"
    entry = outlets.find(name)
    if entry is None:
        return ""
    if not online and key(name) in AMBIGUOUS_PLACES:
        return "?" + entry.id      # the city unless another part is the place
    return entry.id


def parse(value: str) -> Byline:
    """The agency, place and person a byline names (each "" when it names none). A value
    with symbols no byline has (@ = + < > # ...) is not cut up: it is the person as written."""
    if _NOT_A_BYLINE.search(clean(value)):
        return Byline(person=clean(value))
    pieces = parts(value)
    kinds = []
    for part, sep, marked in pieces:
        outlet = _outlet(part)
        if outlet.startswith("?"):      # الرياض: the paper when marked or after a place and a dash
            after_place = bool(kinds) and kinds[-1][0] == "place" and sep in "-ـ–—"
            kinds.append(("agency", outlet[1:]) if marked or after_place
                         else ("place", gazetteer.canonical(part)))
        elif outlet:
            kinds.append(("agency", outlet))
        elif (spot := gazetteer.find(part)) is not None:
            kinds.append(("place", spot.id))
        else:
            kinds.append(("unknown", part))
    found = {"agency": "", "place": "", "person": ""}
    for kind, value_ in kinds:
        if kind == "unknown":
            kind = _guess(value_, len(kinds))
        if kind in found and not found[kind]:
            found[kind] = value_
    return Byline(found["agency"], found["place"], found["person"])


def _guess(part: str, n: int) -> str:
    """A part no table knows: a place or a person, by its shape and its neighbours."""
    words = part.split()
    if n == 1:
        return "person"                             # a lone name: the author ("رياح الوفا")
    if not _LETTERS.search(part[:1]) or len(words) > 6:
        return ""
    if key(words[0]) in PLACE_HEADS and len(words) <= 3:
        return "place"
    if len(words) == 1 or (len(words) == 2 and words[0].startswith("ال")):
        return "place"                              # أملج، القريات، الدليمية
    return "person"
