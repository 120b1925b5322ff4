"""People, organisations and places an article mentions (the facets person, org,
mentioned_place), in Arabic and English, one value per real-world entity.

    m = extract(title, body)
    m.person, m.org, m.place        # sorted lists of facet values

How a mention is found (every rule is tested in tests/test_mentions.py):
- Tables first: people.tsv, orgs.tsv (plus the agencies of outlets.tsv), learned_people.tsv
  (names the corpus shows with a title: bench/entities_learn.py), and the gazetteer's places
  and countries (corpus/metadata/gazetteer.py). Spellings compare normalised and without
  spaces (عبد الملك = عبدالملك, أبو ظبي = أبوظبي); the longest match at a position wins,
  and words inside a person's or an organisation's name are not also a place
  (صحيفة الرياض, جامعة الملك سعود).
- Attached particles: و/ف, then ب/ل/ك are tried off a word when the whole word is no name
  (وبغداد, لليمن -> اليمن); the whole word always comes first (لبنان stays Lebanon).
- A form in mentions_stop.tsv (المدينة, الجزيرة, الخبر, TV channels ...) is a place only
  right after a cue word (مدينة, محافظة, منطقة, in the city of ...) or inside a longer name
  (المدينة المنورة); تعز after a particle of negation or a verb's helper (لا, لم, لن, ما, قد)
  is the verb; عدن after جنات/جنة is Eden; السعودية or سورية right after a definite word is
  the adjective (القوات السعودية), not the country; a place with tanween (سورياً) is an
  adjective; ك comes off only before the article (كسرت is no Sirte); نجد أن is the verb;
  المملكة alone is no place; a stop-form after و and a place is one (الدمام والخبر), or after
  a place and a dash (الدمام-الخبر); السعودية after a definite word with a particle is the
  adjective too (للكشافة السعودية).
- People: a title or role (الملك, الأمير, وزير الخارجية, اللواء, الشيخ, President, Dr ...)
  followed, past its qualifiers (الأمريكي, لوزارة الداخلية), by a name: a first word that
  is no function word, continued by name chains (بن, ابن, بنت, آل, أبو, عبد, ولد) and up to
  two more words; X بن Y without a title; in English, capitalised runs of two to four words
  that are no place or organisation, after a title or role (President, historian) or with an
  honorific after them (Kublai Khan, Ibrahim Pasha); آل and a title word is a family (آل الشيخ).
  Two name words with a title after a comma, after a verb of saying or starting with a given
  name (وقال مطر الطاير، المدير العام), or before a dash and a place or paper at a sentence's
  start (a byline: عبدالله الدقاش - الأحساء); مدرب and لاعب are (weak) titles; a plural in -ات is no family name (دونيس التدريبات).
  An English word alone that recurs, inside a sentence, never after an article, and acts like
  a person once (Temüjin's, Tesla said) is one (Aristotle, Gandhi). A name found with a title is found again without it in
  the same article, its surname alone too (الجبير after وزير الخارجية عادل الجبير). Portfolio
  nouns and places between title and name are skipped (وزير خارجية مصر سامح شكري); a title
  after a building or road word (ملعب الأمير ...) or ending a place (شرم الشيخ) is no mention;
  a foreign given name (names_foreign_ar.tsv) with one or two name words is a person.
  In a list between commas (a colon may open it) where at least three items and a third of
  them are people found, the other items of two or three name words are people too (a squad:
  باسم عطالله، أسامة هوساوي، زكريا سامي).
- Organisations: a head noun (وزارة, هيئة, مجلس, جمعية, منظمة, حزب, جامعة, شركة ...;
  Ministry, Council, University ...) with its complement (وزارة الداخلية, هيئة كبار العلماء,
  شركة أرامكو, Ministry of Interior, Harvard University); إدارة نادي X is the club, صحيفة X
  the paper X; a country's adjective names a body after a weak head (الاتحاد السعودي لكرة
  القدم); head + city (شرطة دبي); one adjective after a definite generic head is no name.
  No organisation: a head after a number (36 شركة), an indefinite head with لل right after it
  (صندوق للخدمة), a unit of a body named elsewhere (وكيل الجامعة للشؤون, وكالة الوزارة
  للشؤون الفنية); a royal title after the complement starts a person (الاتحاد الكويتي الشيخ
  طلال الفهد), right after an indefinite head it is the name (جامعة الملك سعود); البنك,
  المصرف, النادي with one adjective are descriptions (البنك المركزي) unless the tables know
  them, and so is a head with a word of liking (نادي المفضل); a definite head, its adjective
  and where it is name one (الجمعية الفلكية بجدة); a verb ends the name after a royal title
  (جامعة الإمام تختتم); a head + complement in mentions_stop.tsv is none (هيئة التدريس).
  المعهد, المحكمة, المديرية, الصندوق, القوات are heads with an adjective first (المحكمة
  الكلية, المعهد السعودي للخطوط الحديدية; المعهد, الصندوق, القوات with one adjective only are
  descriptions), الرئاسة only as الرئاسة العامة (not الرئاسة الفخرية); قوات/القوات name a
  force only with a branch after them (القوات الجوية الملكية السعودية, قوات الأمن الخاصة; not
  قوات الاحتلال, القوات الموالية), end before a word that is no adjective (القوات البرية
  للتعامل) and not inside another body (للقوات المسلحة). و and a head noun starts the next
  organisation (الصندوق الكشفي العالمي والمنظمة الكشفية; the pair الإذاعة والتلفزيون is one
  name), and so does و with a function word or the article right after the head (الجامعة
  والتي). The place of an organisation's "where it is" is mentioned too (مركز ... بمحافظة
  شرورة: Sharurah; بالمدينة only after a cue), not a place of its name (شرطة منطقة مكة).
- English places inside a capitalised run are part of another name (Toyota Corona, Public
  Health England), unless the neighbour is a word of places (Mexico City, Northern Syria).
  After a capitalised word and "of" a place is part of a name (Treaty of Rome) unless that word
  is a title, a noble title or a numeral (Duke of Apulia, Sergius IV of Naples), or the place
  a country (Master of Italy, Kingdom of France); المغرب after
  صلاة is the prayer; in football texts a city after في with its adjective stays the city.
  A head before a verb (مستشفى يبعد) or a participle (تنظيم مكون من) names nothing; a name of the tables after a head ends it
  (تنظيم داعش العرب).
"""
from __future__ import annotations

import dataclasses
import bisect
import functools
import itertools
import operator
import re

from corpus.analysis.normalize import DELETE, normalize, normalize_apart
from corpus.analysis.stopwords import ARABIC_STOPWORDS
from corpus.metadata import gazetteer
from corpus.metadata.tables import Entry, read_rows, table

# a word: Arabic letters (Arabic-Indic digits and tatweel with them; most words: tried
# first), other digits, Latin letters (× and ÷ too: before the marks), or one mark; digits
# and Latin letters share no first character, so digits go first (fewer failed tries)
_TOKEN = re.compile(r"[\u0621-\u0669\u066E-\u06D3\u06FA-\u06FF]+|\d+"
                    r"|[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]+(?:-[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]+)*"
                    r"(?:['’](?!s\b)[A-Za-z]+)?|[^\s\w]", re.UNICODE)
_DELETE = str.maketrans({c: None for c in DELETE})
MAX_WORDS = 6               # the longest name looked up in the tables, in words


@dataclasses.dataclass
class Mentions:
    person: list[str]
    org: list[str]
    place: list[str]


# word -> (normalize(word), its word tests' bits: _WordTests): words repeat across articles
_WORDS: dict[str, tuple[str, int]] = {}


def _mkey(words) -> str:
    """How a run of words compares with the tables: normalised, no spaces."""
    return "".join(map(_normal, words))


def _normal(word: str) -> str:
    """normalize(word), from the words' cache when a text had it (_WORDS)."""
    got = _WORDS.get(word)
    return normalize(word) if got is None else got[0]


def _words(text: str) -> list[str]:
    return _TOKEN.findall(text)


# -- word lists (normalised) -----------------------------------------------------------------
def _n(words: str) -> frozenset:
    return frozenset(normalize(w) for w in words.split())


# titles and roles before a name; several words are matched as a run
AR_TITLES = [normalize(t).split() for t in """
خادم الحرمين الشريفين|ولي ولي العهد|ولي العهد|رئيس الوزراء|رئيس الحكومة|الأمين العام|نائب الرئيس|
وزير الدولة|المتحدث الرسمي|المتحدث الأمني|المتحدث باسم|الناطق الرسمي|الناطق باسم|رئيس مجلس|
الملك|الأمير|أمير|الرئيس|رئيس|وزير|الوزير|وزيرة|اللواء|لواء|العميد|العقيد|المقدم|الرائد|النقيب|
الفريق|المشير|الجنرال|الشيخ|الشيخة|الدكتور|الدكتورة|د|المهندس|السفير|سفير|المتحدث|الناطق|
المستشار|الأستاذ|السيد|السيدة|المفتي|الإمام|القاضي|محافظ|المحافظ|مدير|المدير|نائب|مساعد|
الملكة|الأميرة|السلطان|المبعوث|مبعوث|قائد|القائد|زعيم|الزعيم|المرشد|النائب|العقيد|الرقيب|
المواطن|المواطنة|الشاب|الطفل|الطفلة|الفنان|الفنانة|اللاعب|المدرب|الإعلامي|الكاتب|الشاعر|
الداعية|الأمين|رئيسة|المدعو|المتهم|الإرهابي|الانتحاري|الزميل|الشهيد|العريف|الجندي|الوكيل|
الراحل|الفقيد|المغفور له|معالي|فخامة|الحاج|عضو|الرئيس التنفيذي|المدير التنفيذي|المنشد|الحكم|
المهاجم|الحارس|المدافع|الظهير|النجم|المحلل|الباحث|المعد|المخرج|الممثل|الطالب|الطالبة|المبتعث|
الملا|القارئ|الأب|البابا|ملك|الكاردينال|المطران|الجنرال|مستشار|المشرف|المشرف العام|عميد|الأديب|
الروائي|الصحفي|الصحافي|المصور|المذيع|المذيعة|المغرد|الناشط|الناشطة|المعارض|رجل الأعمال|سيدة الأعمال|
مدرب|لاعب
""".replace("\n", "").split("|") if t.strip()]
AR_TITLE_FIRST = {t[0] for t in AR_TITLES}
AR_TITLE_TAILS: dict[str, list[list[str]]] = {}      # first word -> the rest of its titles
for _t in AR_TITLES:
    AR_TITLE_TAILS.setdefault(_t[0], []).append(_t[1:])
# name chains: بن X, آل X, أبو X, عبد X
AR_CHAIN = _n("بن ابن بنت آل أبو ابو أبا ابا أم ولد")
AR_ABD = _n("عبد")
# words that end a name or are never its first word, besides the stopwords
AR_NOT_NAME = _n("""
قال قالت وقال وقالت أكد وأكد أن إن ان إنه أنه الذي التي الذين يوم اليوم أمس خلال بعد قبل
عن على في من إلى الى مع حول ضد لدى عند أمام تحت فوق بين منذ حتى كما وأضاف أضاف مشيرا
وأشار أشار موضحا وأوضح أوضح حيث والذي بأن لأن ولكن لكن وهو وهي هو هي ذلك هذا هذه تلك أيضا
صباح مساء ليلة الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت عام العام سنة شهر
رحمه حفظه يحفظه -
خالص بالغ أحر عميق
إثر اثر عقب إبان فور
""")
# qualifiers skipped between a title and a name besides definite words: heads of idafa
AR_SKIP = _n("""مجلس هيئة وزارة لجنة جمعية منطقة محافظة إدارة شركة جامعة مركز مكتب قسم فرع حرس
دولة حكومة قوات جهاز شؤون الشؤون مدينة نادي حزب حركة جماعة تنظيم منظمة""")
# a minister's portfolio or a head's state between the title and the name, never a name:
# وزير خارجية مصر سامح شكري, وزير حقوق الإنسان, رئيس جمهورية مصر
AR_PORTFOLIO = _n("""جمهورية مملكة سلطنة خارجية داخلية دفاع عدل صحة مالية تعليم اقتصاد إعلام
ثقافة نفط طاقة تجارة زراعة نقل إسكان حقوق""")
AR_ORG_HEADS = _n("""وزارة هيئة مجلس جمعية منظمة حزب جماعة جامعة شركة بنك مصرف مركز مؤسسة
تلفزيون إذاعة التلفزيون الإذاعة
لجنة اتحاد صندوق وكالة صحيفة جريدة مجلة قناة مستشفى نادي حركة تنظيم جبهة محكمة ديوان
معهد أكاديمية كلية مجمع رابطة غرفة بلدية أمانة إمارة شرطة إدارة مكتب سفارة مجموعة
تحالف ائتلاف مدارس مدرسة مكتبة سوق
الهيئة المجلس الاتحاد الجمعية الشركة النادي البنك المصرف المركز المؤسسة اللجنة الغرفة
الشرطة الجيش الحرس الإدارة المنظمة الجامعة الوكالة الائتلاف الحزب التحالف
المعهد المحكمة المديرية الرئاسة الصندوق قوات القوات""")
# قوات/القوات name a body only with a branch of the armed services after them (القوات
# المسلحة السعودية, قوات الأمن الخاصة); قوات الاحتلال, القوات الموالية name none
AR_FORCE_HEADS = _n("قوات القوات")
AR_FORCE_BRANCHES = _n("المسلحة الجوية البحرية البرية الخاصة الدفاع")
# heads added for this: their first complement is an adjective (المعهد السعودي, المحكمة
# العليا, الصندوق الكشفي); الرئاسة only as الرئاسة العامة (الرئاسة الفخرية: a post)
AR_ADJECTIVE_HEADS = _n("المعهد المحكمة المديرية الرئاسة الصندوق القوات")
# و and a head noun starts the next organisation, except the pair of one body's name
# (هيئة الإذاعة والتلفزيون)
AR_PAIRED_HEADS = _n("التلفزيون الإذاعة")
AR_ORG_NAME_HEADS = _n("""شركة بنك مصرف صحيفة قناة وكالة جامعة مستشفى نادي حركة جماعة
تنظيم جبهة حزب مجموعة""")
AR_ORG_GENERIC = _n("""الإدارة الشركة الوزارة الجامعة الهيئة المجلس البلدية المنطقة
المحافظة الدولة الأمن العمل الإدارة العامة التنفيذي الأعلى الخاصة الحكومية المختصة""")
AR_PLACE_CUES = _n("""مدينة محافظة منطقة بلدة قرية جزيرة ميناء مطار إمارة ولاية سلطنة
عاصمة مدن مناطق محافظات إقليم حي مخيم ضاحية شبه""")
AR_VERB_HELPERS = _n("لا لم لن ما قد كانت كان أن ولا ولم")
AR_EDEN = _n("جنات جنة وجنات")
_TAIZ, _ADEN = normalize("تعز"), normalize("عدن")
AR_ADJECTIVE_COUNTRIES = _n("السعودية سورية")
# never a place on their own, even after a cue word (كافة مناطق المملكة)
AR_NEVER_PLACE = _n("المملكة الدولة البلاد العاصمة")
# a place name that is a verb before these words (نجد أن "we find that")
AR_VERB_PLACES = {normalize("نجد"): _n("أن إن أنه إنه أنها إنها ان انه انها")}
# a place name that is something else after these words (صلاة المغرب: the sunset prayer)
AR_NOT_PLACE_AFTER = {normalize("المغرب"): _n("صلاة صلاتي أذان اذان")}
# a title after one of these names a place or a building, not a person (ملعب الأمير عبدالرحمن
# بن سعود, طريق الملك عبدالله, كأس خادم الحرمين الشريفين)
AR_FACILITIES = _n("""ملعب استاد إستاد جسر طريق شارع مطار قاعة صالة مسجد جامع حي ميدان دوار
كلية مدرسة قصر مستشفى مدينة جائزة كأس مركز جامعة برنامج مشروع مؤسسة مجمع واحة""")
# definite heads that with one adjective only name no organisation (الشركة الروسية, الجمعية
# الأمريكية, الشركة المطورة)
AR_GENERIC_DEFINITE_HEADS = _n("الشركة الجمعية المؤسسة المجموعة المنظمة البنك المصرف النادي المعهد الصندوق القوات قوات")     # البنك المركزي

EN_TITLES = frozenset("""president king prince princess queen minister secretary senator sen
governor gov mr mrs ms miss dr sheikh sheikha general gen colonel col lieutenant lt major
maj captain capt sergeant admiral spokesman spokeswoman ambassador envoy chancellor premier
pope cardinal bishop imam ayatollah emir sultan chairman chairwoman director commander
professor prof judge justice representative rep lord sir lady mayor shah caliph khan
emperor empress tsar czar pharaoh vizier historian archaeologist scientist writer poet novelist
philosopher economist journalist activist composer painter architect physicist chemist
astronomer mathematician theologian""".split())      # roles too: the historian Rashid al-Din
# noble titles before "of" and a place: the place is named (Duke of Apulia, Count of Aversa)
EN_NOBLE = frozenset("duke duchess count countess earl baron archbishop marquis margrave".split())
_ROMAN = re.compile("[IVX]{1,4}")
# honorifics after the name, part of it: Kublai Khan, Ibrahim Pasha, Reza Shah
EN_POSTFIX_TITLES = frozenset("khan pasha bey shah".split())
# words beside a place that leave it a place (Mexico City, Lake Van, Northern Syria, Greater London)
EN_PLACE_NEIGHBOURS = frozenset("""city river province county district region state valley mountains
mountain lake sea gulf bay island islands peninsula coast desert basin governorate north south east
west northern southern eastern western central upper lower greater old new""".split())
EN_CONNECT = frozenset("al al- bin ibn bint abu de da di del van von der le la ben ould el".split())
EN_ORG_HEADS = frozenset("""ministry council party university bank company corporation corp
museum center centre conference bureau international network airlines airways group
inc agency organization organisation association institute committee commission foundation
federation league society army front movement group authority court parliament assembly
school college academy union fund board network club church hospital department office
office administration forces force navy guard brigade brigades conference coalition
secretariat directorate police
""".split())
EN_CALENDAR = frozenset("""january february march april may june july august september october
november december monday tuesday wednesday thursday friday saturday sunday""".split())
# words that start no name (inside a run of capitalised words only the calendar's are no name:
# Edward Said)
EN_NOT_NAME = frozenset("""the a an in on at of for and or but with by from to as is was were
are be this that these those it its his her their he she they we i you after before during
since when while where which who what how however although though if then than also said
says told january february march april may june july august september october november
december monday tuesday wednesday thursday friday saturday sunday""".split())


# -- tables ----------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class _Name:
    kind: str           # person, org, place
    id: str
    words: int          # how many words its spelling has (for the surname rule)


@functools.lru_cache(maxsize=None)
def stop_forms() -> dict[str, frozenset]:
    """kind -> the normalised forms that are no mention on their own (mentions_stop.tsv)."""
    out: dict[str, set] = {"place": set(), "person": set(), "org": set()}
    for kind, form, _why, _ in read_rows("mentions_stop"):
        for k in (out if kind == "any" else (kind,)):
            if k in out:
                out[k].add(_mkey(_words(form)))
    return {k: frozenset(v) for k, v in out.items()}


@functools.lru_cache(maxsize=None)
def names() -> tuple[dict[str, _Name], frozenset]:
    """(every spelling's key -> its entity, the first words (normalised) of the spellings)."""
    found: dict[str, _Name] = {}
    firsts: set[str] = set(AR_ABD | AR_CHAIN)

    def add(kind, id_, spelling, first_wins=True):
        words = _words(spelling)
        if not words or not id_:
            return
        k = _mkey(words)
        if len(k) < 2 or (first_wins and k in found):
            return
        found[k] = _Name(kind, id_, len(words))
        firsts.add(normalize(words[0]))

    for kind, name in (("person", "learned_people"), ("person", "people"), ("org", "orgs")):
        for id_, ar, en, aliases in read_rows(name):
            for s in (id_, ar, en, *aliases.split("|")):
                add(kind, id_, s, first_wins=False)
    for entry in table("outlets").entries.values():     # agencies (not papers: their names are words)
        if not (entry.id.isascii() and (entry.id.islower() or entry.id[:1].isdigit())):
            for s in (entry.ar, entry.en) if entry.id != "Agencies" else ():
                add("org", entry.ar or entry.id, s)
    for id_, spellings in gazetteer.place_spellings():
        for s in spellings:
            add("place", id_, s)
    return found, frozenset(firsts)


# -- extraction ------------------------------------------------------------------------------
@functools.lru_cache(maxsize=200_000)
def _strip_particles(word: str) -> tuple[str, ...]:
    """`word` (normalised) without attached particles, most likely reading first: و/ف, then
    ب/ل/ك; لل -> ال (لليمن -> اليمن)."""
    if len(word) <= 3 or word[0] not in "وفبلك":
        return ()
    out = []
    w = word
    if len(w) > 3 and w[0] in "وف":
        w = w[1:]
        out.append(w)
    if len(w) > 3 and w[0] in "بلك":
        if w.startswith("لل"):
            out.append("ال" + w[2:])
        out.append(w[1:])
    return tuple(out)


def _is_arabic(word: str) -> bool:
    return "\u0600" <= word[:1] <= "\u06ff"


def _display(words) -> str:
    """Words as a facet value: diacritics and tatweel off, عبد joined to the next word."""
    out: list[str] = []
    for w in words:
        w = w.translate(_DELETE)
        if out and _normal(out[-1]) == "عبد":
            out[-1] += w
        else:
            out.append(w)
    return " ".join(out)


_AR_ABD_FORMS = frozenset(("عبد", "وعبد", "لعبد", "بعبد"))


def _looked_up(words: list[str]) -> tuple[list[str], list[int]]:
    """The normalised words and their word tests' bits, one lookup a word (_WORDS)."""
    found = list(map(_WORDS.get, words))
    if not all(found):              # words not seen before (None; a word's entry is a pair)
        if len(_WORDS) > _WordTests.LIMIT:
            _WORDS.clear()
        new = [i for i, got in enumerate(found) if got is None]
        for i, norm in zip(new, _normalized([words[i] for i in new])):
            word = words[i]
            found[i] = _WORDS.get(word)     # (a new word met twice in the text)
            if found[i] is None:
                bits = _WORD_TESTS.mark(norm) | _raw_marks(word)
                if norm == "علي" and word.endswith("ى") and _ala_starts_no_name():
                    bits &= ~_GIVEN     # على "on" (half the given names' places): no name starts there
                found[i] = _WORDS[word] = (word if norm == word else norm, bits)
    return list(map(_FIRST, found)), list(map(_SECOND, found))


_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)


def _normalized(words: list[str]) -> list[str]:
    """[normalize(w) for w in words], in one call when no word needs NFKC (normalize_apart:
    the rest of normalize works letter by letter, and no word holds a line break)."""
    joined = normalize_apart("\n".join(words))
    return joined.split("\n") if joined is not None else list(map(normalize, words))


@functools.lru_cache(maxsize=None)
def _ala_starts_no_name() -> bool:
    """على ("on", normalised علي) is no given name (_given), and no name starts with it
    (_name_at): علي is a stopword and no foreign given name."""
    return "علي" in ARABIC_STOPWORDS and "علي" not in foreign_given_names()


def _raw_marks(word: str) -> int:
    """The bits of a word as written (not normalised: ’ stays no quote): the punctuation the
    rules look for, and how a Latin word starts."""
    c = word[:1]
    if c > "\u1eff" or "\u024f" < c < "\u1e00":       # Arabic, most words: no Latin start
        return _PUNCTUATION.get(word, 0)
    return (_PUNCTUATION.get(word, 0) | _CAPITAL_AZ * ("A" <= c <= "Z")
            | _LATIN_UPPER * (_LATIN_START.match(word) is not None))


class _Doc:
    def __init__(self, text: str):
        words = _words(text)
        norm, marks = _looked_up(words)     # marks: which word tests say yes to each word
        self.marked = list(itertools.compress(range(len(marks)), marks))     # the words with a bit set
        joined = False
        for i in reversed(_marked(self, _ABD, len(norm) - 1, marks)):
            if _is_arabic(words[i + 1]):       # عبد العزيز -> عبدالعزيز: one word
                words[i:i + 2] = [words[i] + words[i + 1].translate(_DELETE)]
                norm[i:i + 2] = [norm[i] + norm[i + 1]]
                marks[i:i + 2] = [_WORD_TESTS.mark(norm[i])]
                joined = True
        if joined:
            self.marked = list(itertools.compress(range(len(marks)), marks))
        self.words, self.norm, self.marks = words, norm, marks
        # (a word's bits are set again only where some were: self.marked stays every such word)
        self.latin = bool(_marked(self, _CAPITAL_AZ))      # a word starts with A-Z
        self.used = [False] * len(self.words)
        self.found: dict[str, set] = {"person": set(), "org": set(), "place": set()}
        self.people: dict[str, str] = {}        # key of a name found with a title -> value
        self._football: bool | None = None
        self.titled: set[str] = set()           # names found after a title (titled_names)

    def football(self) -> bool:
        """The text is about football: a club whose name is a word (الهلال) is the club."""
        if self._football is None:
            self._football = len(_FOOTBALL.intersection(self.norm)) >= 2
        return self._football


# text -> what it mentions, for a text met again (one agency's story in several papers): the
# values depend on the text and the tables only (reload() forgets them)
_TEXTS: dict[str, tuple] = {}
_TEXTS_LIMIT = 1_000


def extract(title: str, body: str) -> Mentions:
    """The people, organisations and places `title` and `body` mention."""
    text = f"{title}\n.\n{body}" if title else body
    found = _TEXTS.get(text)
    if found is None:
        if len(_TEXTS) >= _TEXTS_LIMIT:
            _TEXTS.clear()
        found = _TEXTS[text] = _extract(text)
    return Mentions(*map(list, found))


def _extract(text: str) -> tuple[tuple, tuple, tuple]:
    d = _Doc(text)
    table_, firsts = names()
    _quoted_outlets(d)
    _orgs_by_head(d)
    _english_people(d, guess=False)
    _people_by_title(d)
    _given_people(d)
    _people_by_apposition(d)
    _tables(d, table_, firsts)
    _people_in_lists(d)
    _english_people(d, guess=True)
    _english_single_names(d)
    _again(d)
    return tuple(sorted(d.found["person"])), tuple(_longest(d.found["org"])), tuple(sorted(d.found["place"]))


def titled_names(title: str, body: str) -> list[str]:
    """The names found right after a title in a text (وزير الخارجية عادل الجبير): what
    bench/entities_learn.py counts over a corpus to make learned_people.tsv."""
    d = _Doc(f"{title}\n.\n{body}" if title else body)
    _quoted_outlets(d)
    _orgs_by_head(d)
    _people_by_title(d)
    return sorted(d.titled)


def _longest(values: set) -> list[str]:
    """One organisation named twice in a text, once with an adjective (وزارة الصحة, وزارة
    الصحة العراقية): the longer name."""
    return sorted(v for v in values if not any(o != v and o.startswith(v + " ") for o in values))


def _take(d: _Doc, kind: str, value: str, start: int, end: int) -> None:
    d.found[kind].add(value)
    for i in range(start, end):
        d.used[i] = True


def _tables(d: _Doc, found: dict, firsts: frozenset) -> None:
    """Table spellings, longest first, particles off the first word; stop-forms need a cue."""
    stops = stop_forms()
    prefixes = _key_prefixes()
    norm, used = d.norm, d.used
    n = len(norm)
    i = 0
    for at in _positions(d, "name"):
        if at < i or used[at]:
            continue
        i = at
        word = norm[i]
        hit = None
        for first, name, longer in _table_starts(word):
            # ("" + a word that normalises to nothing, a lone tatweel, is first itself)
            if i + 1 < n and not used[i + 1] and (longer or not norm[i + 1]) and first + norm[i + 1] in prefixes:
                spellings = _spellings_at(d, i, first, found, prefixes)
            else:           # most words: no longer spelling goes on with the next word
                spellings = () if name is None else ((1, first, name),)
            for size, k, name in reversed(spellings):
                if _acceptable(d, name, k, i, size, first != word, stops):
                    hit = (name, size, len(word) - len(first))
                    break
            if hit:
                break
        if hit:
            name, size, particle = hit
            if name.kind == "person":
                while i + size + 1 < n and d.norm[i + size] in AR_CHAIN and not d.used[i + size + 1] \
                        and _name_word(d, i + size + 1):
                    size += 2       # سلمان بن عبدالعزيز آل سعود: one mention
            if name.kind == "place" and _club_named_like_city(d, i, size):
                words = [d.words[i][particle:], *d.words[i + 1:i + size]]
                _take(d, "org", _display(words), i, i + size)      # مدرب برشلونة: the club
            else:
                _take(d, name.kind, name.id, i, i + size)
            i += size


def _spellings_at(d: _Doc, i: int, first: str, found: dict, prefixes: frozenset) -> list:
    """(size, key, entity) of every table spelling of 1..MAX_WORDS words at i, `first` in
    place of word i, shortest first; a spelling holds no word a rule has taken (but word i).
    The words are added one at a time, while the key so far starts some spelling."""
    out = []
    k = first
    for size in range(1, min(MAX_WORDS, len(d.norm) - i) + 1):
        if size > 1:
            if d.used[i + size - 1]:
                break
            k += d.norm[i + size - 1]
        if k not in prefixes:
            break
        name = found.get(k)
        if name is not None:
            out.append((size, k, name))
    return out


@functools.lru_cache(maxsize=None)
def _key_prefixes() -> frozenset:
    """Every beginning of every table spelling's key (names()): a key that is none can grow
    into no spelling."""
    return frozenset(k[:end] for k in names()[0] for end in range(1, len(k) + 1))


@functools.lru_cache(maxsize=None)
def _longer_prefixes() -> frozenset:
    """The beginnings of keys that are shorter than the key (a longer spelling goes on)."""
    return frozenset(k[:end] for k in names()[0] for end in range(1, len(k)))


@functools.lru_cache(maxsize=300_000)
def _table_starts(word: str) -> tuple[tuple[str, _Name | None, bool], ...]:
    """What _tables needs of a word (normalised), found once: (form, the entity of its one-word
    spelling or None, whether longer spellings start with it) of every form _table_firsts
    gives that starts some key."""
    found, prefixes, longer = names()[0], _key_prefixes(), _longer_prefixes()
    return tuple((f, found.get(f), f in longer) for f in _table_firsts(word) if f in prefixes)


class _WordTests:
    """Tests of one word, each made once per distinct word: the answers are kept as the bits
    of one number a word (`bits`: test -> its bit), so a text's words are marked with one
    lookup each, and a rule's loop visits the places its bit is set at, not every word."""

    LIMIT = 400_000         # distinct words remembered (then forgotten, and tested again)

    def __init__(self, may, **tests):
        self.may = may          # False: no test can say yes (a quick test of most words)
        self.tests = tests
        self.bits = {name: 1 << k for k, name in enumerate(tests)}
        self.clear()

    def mark(self, word: str) -> int:
        """The bits of one word (normalised)."""
        bits = self.known.get(word)
        if bits is None:
            if len(self.known) > self.LIMIT:
                self.clear()
            bits = 0
            if self.may(word):
                for name, test in self.tests.items():
                    if test(word):
                        bits |= self.bits[name]
            self.known[word] = bits
        return bits

    def clear(self) -> None:
        self.known: dict[str, int] = {}


def _where(test, items: list) -> list[int]:
    """The places of the items `test` says yes to (as [i for i, x in enumerate(items) if
    test(x)], the loop in C: a rule's scan of a whole text)."""
    return list(itertools.compress(range(len(items)), map(test, items)))


def _marked(d: "_Doc", bit: int, end: int | None = None, marks: list[int] | None = None) -> list[int]:
    """The places before `end` of the words of `d` with `bit` set (`marks`: d's bits, while
    it is made), visiting the words with some bit set only."""
    marks = d.marks if marks is None else marks
    at = d.marked if end is None else d.marked[:bisect.bisect_left(d.marked, end)]
    return [i for i in at if marks[i] & bit]


def _positions(d: "_Doc", test: str, end: int | None = None) -> list[int]:
    """The places of the words of `d` before `end` that the word test `test` says yes to."""
    return _marked(d, _WORD_TESTS.bits[test], end)


def _table_firsts(word: str) -> tuple[str, ...]:
    """The forms of `word` (itself, then particles off) a table spelling can start with; ك
    comes off only before ال (كسرت is no Sirte; كالرياض is Riyadh)."""
    firsts = names()[1]
    return tuple(f for f in (word, *_strip_particles(word))
                 if (f in firsts or len(f) > 3 and f[:3] in ("عبد", "ابو"))
                 and not (word[:len(word) - len(f)].endswith("ك") and not f.startswith("ال")))


def _acceptable(d: _Doc, name: _Name, k: str, i: int, size: int, particle: bool, stops) -> bool:
    word = d.words[i]
    arabic = _is_arabic(word)
    if not arabic:
        if not word[:1].isupper():
            return False                # English names are capitalised
        if size == 1 and len(word) <= 3 and not word.isupper() and name.kind == "place":
            return False
        if name.kind == "place" and i >= 2 and d.words[i - 1] == "of" \
                and name.id not in _country_ids() \
                and _capitalised(d.words[i - 2]) and d.words[i - 2].lower() not in EN_TITLES \
                and d.words[i - 2].lower() not in EN_NOBLE and not _ROMAN.fullmatch(d.words[i - 2]):
            return False        # Treaty of Rome, Edict of Nantes: part of a name (not Duke of Apulia, Sergius IV of Naples)
        if name.kind == "place" and _inside_capitalised_run(d, i, size):
            return False        # Toyota Corona, Public Health England, Queen Victoria, Norman Cantor
    if name.kind == "place":
        prev = d.norm[i - 1] if i else ""
        if k in AR_NEVER_PLACE or "\u064b" in word and arabic:
            return False            # المملكة; سورياً, عراقياً: adjectives
        if k in stops["place"] and not _place_cue(prev) \
                and not ((particle or i >= 2 and d.words[i - 1] in "-–/") and _after_place(d, i, stops)):
            return False            # a stop-form without a cue word before it
        nxt = d.norm[i + size] if i + size < len(d.norm) else ""
        if nxt in AR_VERB_PLACES.get(k, ()) or prev in AR_NOT_PLACE_AFTER.get(k, ()):
            return False
        if k == _TAIZ and (prev in AR_VERB_HELPERS):
            return False
        if k == _ADEN and prev in AR_EDEN:
            return False
        if k in AR_ADJECTIVE_COUNTRIES and not particle and prev not in found_places() \
                and (prev.startswith("ال") or any(b.startswith("ال") for b in _strip_particles(prev))) \
                and prev not in ARABIC_STOPWORDS:      # إلى سورية is the country; للكشافة السعودية the adjective
            return False
    elif k in stops.get(name.kind, ()) and not (name.kind == "org" and d.football() and _club_cue(d, i, size)):
        return False
    elif name.kind == "person" and size == 1 and i and (_given(d, i - 1) or d.norm[i - 1] in AR_CHAIN):
        return False        # a surname inside a longer name (عادل بن أحمد الجبير): the name rules
    elif name.kind == "person" and size == 1 and d.people.get("surname:" + k, name.id) != name.id:
        return False        # المالكي after فايز المالكي is he, not نوري المالكي (the next pass)
    return True


@functools.lru_cache(maxsize=100_000)
def _place_cue(w: str) -> bool:
    """`w` (normalised), particles off, is a word that makes the next one a place (مدينة, بمحافظة)."""
    return w in AR_PLACE_CUES or not AR_PLACE_CUES.isdisjoint(_strip_particles(w))


def _inside_capitalised_run(d: _Doc, i: int, size: int) -> bool:
    """An English place with a capitalised word right after it, or inside a sentence before it,
    that is no word of places (City, Northern) or function word: part of another name."""
    nxt = d.words[i + size] if i + size < len(d.words) else ""
    if _capitalised(nxt) and nxt.lower() not in EN_PLACE_NEIGHBOURS and nxt.lower() not in EN_NOT_NAME:
        return True
    prev = d.words[i - 1] if i else ""
    if not _capitalised(prev) or prev.lower() in EN_PLACE_NEIGHBOURS or prev.lower() in EN_NOT_NAME:
        return False
    sentence_start = i < 2 or d.words[i - 2] in (".", "!", "?", "\n", ":", ";", '"', "(", "“")
    return prev.lower() in EN_TITLES or not sentence_start


_CLUB_CUES = _n("""فريق فريقي فريقا الفريق نادي أمام ضد لاعب جماهير مواجهة مدرب مباراة بين
لقاء الفريقين وصيف متصدر إدارة""")


def _club_named_like_city(d: _Doc, i: int, size: int) -> bool:
    """In a football text, a city with a word of the game before it (مدرب برشلونة, أمام روما)
    or its country's adjective after it (ليون الفرنسي) is the club; countries stay places."""
    if not _is_arabic(d.words[i]) or not d.football() or d.norm[i + size - 1] in _countries():
        return False
    nxt = d.norm[i + size] if i + size < len(d.norm) else ""
    prev = d.norm[i - 1] if i else ""
    if prev == "في" or not AR_PLACE_CUES.isdisjoint((prev, *_strip_particles(prev))):
        return False        # بمدينة لوزان السويسرية, في ميلانو الإيطالية: the city (إلى ليون الفرنسي: the club)
    return not _CITY_CLUB_CUES.isdisjoint((prev, *_strip_particles(prev))) or _nationality(nxt)


_CITY_CLUB_CUES = _n("فريق فريقي الفريق نادي لاعب مدرب جماهير إدارة مهاجم مدافع حارس")


def _after_place(d: _Doc, i: int, stops) -> bool:
    """A place with و attached right after another place, or after a place and a dash or
    slash: الدمام والخبر, مكة والمدينة, الدمام-الخبر."""
    table_, _ = names()
    if i >= 2 and d.words[i - 1] in ("-", "–", "/"):
        prev = table_.get(d.norm[i - 2])
        return bool(prev and prev.kind == "place" and d.norm[i - 2] not in stops["place"])
    if not i or d.norm[i][:1] != "و":
        return False
    prev = table_.get(d.norm[i - 1])
    return bool(prev and prev.kind == "place" and d.norm[i - 1] not in stops["place"])


def _club_cue(d: _Doc, i: int, size: int) -> bool:
    """A club's name (الهلال) with a word of the game within three words before it."""
    return any(w in _CLUB_CUES or not _CLUB_CUES.isdisjoint(_strip_particles(w))
               for w in d.norm[max(0, i - 3):i])


@functools.lru_cache(maxsize=None)
def found_places() -> frozenset:
    """Normalised one-word place names (a country after a place is no adjective of it)."""
    table_, _ = names()
    return frozenset(k for k, n in table_.items() if n.kind == "place" and n.words == 1)


def _title_at(d: _Doc, i: int) -> int:
    """The number of words of the title starting at i (particles off its first word), or 0."""
    word = d.norm[i]
    if not d.marks[i] & _TITLE:         # _title_first(word), marked
        return 0
    for first in (word, *_strip_particles(word)):
        if first not in AR_TITLE_FIRST:
            continue
        best = 0
        for tail in AR_TITLE_TAILS[first]:
            if d.norm[i + 1:i + 1 + len(tail)] == tail:
                best = max(best, 1 + len(tail))
        if best:
            return best
    return 0


@functools.lru_cache(maxsize=None)
def given_names() -> frozenset:
    """Arabic given names (names_ar.tsv), normalised."""
    return frozenset(normalize(row[0]) for row in read_rows("names_ar") if row[0])


def _given(d: _Doc, i: int) -> bool:
    """Word i is a given name (على "on" is not علي)."""
    w = d.norm[i]
    if w == "علي" and d.words[i].endswith("ى"):
        return False
    return w in given_names() or (w[:3] == "عبد" and len(w) > 4 and w[3:] not in ARABIC_STOPWORDS)


def _name_word(d: _Doc, i: int) -> bool:
    """Word i could be part of a name: Arabic, no function word, title or organisation head."""
    w = d.norm[i]
    if w == "علي" and not d.words[i].endswith("ى"):
        return True
    return len(w) >= 2 and _is_arabic(d.words[i]) and w not in _AR_NEVER_NAME and not _title_at(d, i)


def _name_start(d: _Doc, i: int, strict: bool) -> bool:
    """Word i can start a name: a given name, or (after a title) a plain word without a
    particle attached or the article."""
    if d.used[i] or not _name_word(d, i) or d.norm[i].startswith("ال") or d.norm[i] in AR_QUALIFIERS:
        return False
    if _given(d, i):
        return True
    return not strict and d.norm[i][0] not in "وفبلكيت" and not _TANWEEN.search(d.words[i]) \
        and not (d.norm[i].endswith("ت") and len(d.norm[i]) > 3)     # سقطت: a verb


def _name_at(d: _Doc, i: int, strict: bool) -> int:
    """How many words the Arabic name starting at i has (0: none). After the first word:
    chains (بن X, آل X, أبو X), one family name with the article (التركي), given names, and
    (not strict: after a title) up to two plain words (باراك أوباما, فرانك فالتر شتاينماير)."""
    n = len(d.norm)
    if i < n and d.norm[i] in foreign_given_names() and not d.used[i]:
        size = _foreign_name_at(d, i)
        if size >= 2:
            return size
    if i >= n or not _name_start(d, i, strict):
        return 0
    j = i + 1
    plain = 0
    while j < n and j - i < 8 and not d.used[j]:
        w = d.norm[j]
        if w in AR_CHAIN or w in AR_ABD:
            if j + 1 < n and not d.used[j + 1] and (_name_word(d, j + 1) or w == "ال" and _is_arabic(d.words[j + 1])
                                                    and d.norm[j + 1] not in ARABIC_STOPWORDS):
                j += 2          # آل الشيخ: after آل a title word is the family's name
                continue
            break
        if not _name_word(d, j):
            break
        if w in ("الدين", "الله") and j == i + 1:
            j += 1          # عز الدين الأصبحي, فتح الله: one given name
            continue
        if w.startswith("ال"):
            if w in _AR_NISBA_STOP or d.norm[j - 1].startswith("ال") and d.norm[j - 1] not in AR_CHAIN \
                    and not (j == i + 2 and d.norm[j - 1] in ("الدين", "الله")):
                break
            if (strict or j >= i + 2 and d.norm[j - 2] in AR_CHAIN) \
                    and not (w.endswith("ي") or w in family_names() or w[2:] in given_names()):
                break       # حسن الجوار, صلاح المدمر, تميم بن حمد الوفد: a noun or an adjective
            if w.endswith("ات") and len(w) > 5 and w not in family_names():
                break       # المدرب دونيس التدريبات: a plural noun, no family (العبيدات is one)
            j += 1
            if j < n and _second_nisba(d, j):
                j += 1          # محمد السعيدي المالكي: two family names
            if j < n and d.norm[j] not in AR_CHAIN and d.norm[j] not in AR_ABD:
                break
            continue
        if d.norm[j - 1].startswith("ال") and d.norm[j - 1] not in AR_CHAIN \
                and not (j == i + 2 and d.norm[j - 1] in ("الدين", "الله")):
            break
        if _given(d, j) and w[0] not in "وفبل":
            j += 1
            continue
        if strict and plain == 0 and j + 1 < n and d.norm[j + 1].startswith("ال") \
                and (d.norm[j + 1].endswith("ي") or d.norm[j + 1] in family_names()) and w[0] not in "وفبل":
            plain += 1      # سامي معوض الحربي
            j += 1
            continue
        if strict and j == i + 1 and (j + 1 >= n or d.words[j + 1] in "،,.:;-–)") and w[0] not in "وفبلت" \
                and not _TANWEEN.search(d.words[j]):
            return 2        # خالد صلوي،
        if strict or plain >= 2 or w[0] in "وفبل" or _imperfect_verb(w):
            break
        plain += 1
        j += 1
    return j - i


def _second_nisba(d: _Doc, j: int) -> bool:
    """Word j, after a family name ending in ي, is a second one (not a country's adjective)."""
    w, prev = d.norm[j], d.norm[j - 1]
    return (prev.endswith("ي") and w.startswith("ال") and w.endswith("ي") and not d.used[j]
            and _is_arabic(d.words[j]) and w not in _AR_NISBA_STOP and not _nationality(w)
            and w not in ARABIC_STOPWORDS and not _title_at(d, j))


def _imperfect_verb(w: str) -> bool:
    """يبلغ, يطارد, يستقبل: a verb, not a name (ياماماتو, يوشيدا end in a vowel)."""
    return w[:1] == "ي" and 4 <= len(w) <= 6 and w[-1] not in "واىيه"


@functools.lru_cache(maxsize=None)
def foreign_given_names() -> frozenset:
    """Given names of other languages in Arabic letters (names_foreign_ar.tsv), normalised."""
    return frozenset(normalize(row[0]) for row in read_rows("names_foreign_ar") if row[0])


AR_FOREIGN_CONNECT = _n("دي دا دو دل فان فون لو لا دوس ديل بن")


def _foreign_name_at(d: _Doc, i: int) -> int:
    """A foreign given name and one or two more name words (جيمس وولسي, ستيفان دي ميستورا,
    فرانك فالتر شتاينماير); a third word that reads as a verb (يقول, أعلن) is not taken."""
    n = len(d.norm)
    j = i + 1
    while j < n and j - i < 4 and not d.used[j] and _is_arabic(d.words[j]):
        w = d.norm[j]
        if w in AR_FOREIGN_CONNECT and j + 1 < n and _is_arabic(d.words[j + 1]):
            j += 1
            continue
        if not _name_word(d, j) or w.startswith("ال") or _one_word_place(w) or "\u064b" in d.words[j]:
            break
        if j - i >= 2 and (w[0] in "يتناوفبلك" or w.endswith(("ت", "وا"))):
            break           # يقول, أعلنت, لرويترز: no third name word
        j += 1
    while j > i + 1 and d.norm[j - 1] in AR_FOREIGN_CONNECT:
        j -= 1
    return j - i


@functools.lru_cache(maxsize=None)
def family_names() -> frozenset:
    return frozenset(normalize(row[0]) for row in read_rows("family_ar") if row[0])


_TANWEEN = re.compile("[\u064b-\u064d]|ا$")      # اتصالاً هاتفياً: adverbs, no names
# titles after which only a given name starts a name (المواطن محمد ..., not الشاب طيلة ...)
_AR_FUNCTION_WORDS = ARABIC_STOPWORDS | AR_NOT_NAME
# words that are no part of a name (_name_word): function words, heads, portfolios
_AR_NEVER_NAME = _AR_FUNCTION_WORDS | AR_SKIP | AR_ORG_HEADS | AR_PORTFOLIO
AR_WEAK_TITLES = _n("""المواطن المواطنة الشاب الطفل الطفلة المتهم المدعو الإرهابي الانتحاري
الشهيد الجندي الطالب الطالبة المبتعث الحكم النجم الحارس المهاجم المدافع الظهير الأمين الوكيل
نائب مساعد عضو مدير المدير قائد القائد زعيم الزعيم رئيس مستشار المستشار الحاج الداعية الكاتب
المفتي الإمام القاضي الراحل الفقيد الزميل محافظ المحافظ الأب الملا مدرب لاعب""")
# words between a title and the name: الفريق الركن الطيار, العريف أول, اللواء متقاعد
AR_QUALIFIERS = _n("ركن طيار أول اول متقاعد بحري الركن الطيار المتقاعد صاحب السمو الملكي")
# words that follow names but are no family name
_AR_NISBA_STOP = _n("""السابق الراحل المخلوع الحالي الأسبق المساعد العام الجديد الأول
المكلف الرسمي الأمني الإعلامي التنفيذي الرئيسي الرئيسية المركزي الدولي الوطني الأعلى
الخاص الخاصة العامة المقبل الماضي الحالية الجديدة الشريفين المنورة المكرمة التابع التابعة""")


def _title_first(word: str) -> bool:
    """`word` (particles off) can be the first word of a title (what _title_at needs)."""
    return word in AR_TITLE_FIRST or not AR_TITLE_FIRST.isdisjoint(_strip_particles(word))


def _people_by_title(d: _Doc) -> None:
    n = len(d.norm)
    i = 0
    for at in _positions(d, "title"):
        if at < i:
            continue
        i = at
        size = _title_at(d, i) if _is_arabic(d.words[i]) and not d.used[i] else 0
        if not size or _title_in_name(d, i):
            continue
        j = i + size
        skipped = 0
        strict = _weak_title(d.norm[i])
        while j < n and skipped < 8:        # the title's qualifiers: الأمريكي, لوزارة الداخلية
            t = _title_at(d, j)
            if t:
                strict = d.norm[j] in AR_WEAK_TITLES
                j += t
                skipped += 1
                continue
            kind = _after_title(d.norm[j])
            if kind == "qualifier":
                j += 1
                continue
            if kind == "place":
                j += 1          # أمير قطر الشيخ تميم, وزير خارجية مصر سامح شكري
                skipped += 1
                continue
            if d.used[j] and j + 1 < n:
                j += 1
                skipped += 1
                continue
            if kind in ("definite", "body"):
                if kind == "body":
                    strict = True       # رئيس مجلس مركز إكرام الموتى: the words are the body's name
                j += 1
                skipped += 1
                continue
            break
        size_name = _name_at(d, j, strict=strict)
        if size_name >= 1 and _facility_before(d, i):
            for k in range(i, j + size_name):       # ملعب الأمير عبدالرحمن بن سعود: no mention
                d.used[k] = True
            i = j + size_name
        elif size_name >= 2:
            _person(d, d.words[j:j + size_name], j)
            d.titled.add(_display(d.words[j:j + size_name]))
            i = j + size_name
        else:
            i = max(j, i + 1)


@functools.lru_cache(maxsize=None)
def _weak_title(w: str) -> bool:
    """`w` (normalised), particles off, is a title after which only a given name starts a name."""
    return w in AR_WEAK_TITLES or not AR_WEAK_TITLES.isdisjoint(_strip_particles(w))


@functools.lru_cache(maxsize=200_000)
def _after_title(w: str) -> str:
    """What a word (normalised, no title) between a title and a name is, for _people_by_title:
    "qualifier" (ركن, المتقاعد), "place" (a portfolio or a place: خارجية, مصر), "body" (a head of
    idafa: مجلس, لوزارة), "definite" (the article, no function word: الأمريكي), else ""."""
    if w in AR_QUALIFIERS:
        return "qualifier"
    if w in AR_PORTFOLIO or _one_word_place(w) or not _plain_places().isdisjoint(_strip_particles(w)):
        return "place"
    bare = _strip_particles(w)
    if w in AR_NOT_NAME or w in ARABIC_STOPWORDS:
        return ""
    if w in AR_SKIP or not AR_SKIP.isdisjoint(bare):
        return "body"
    if w.startswith("ال") or any(b.startswith("ال") for b in bare):
        return "definite"
    return ""


def _one_word_place(w: str) -> bool:
    return w in _plain_places()


@functools.lru_cache(maxsize=None)
def _plain_places() -> frozenset:
    """The one-word places that need no cue (found_places without mentions_stop.tsv's)."""
    return found_places() - stop_forms()["place"]


def _facility_before(d: _Doc, i: int) -> bool:
    """The word before the title at i is a building, road or prize named after the person."""
    prev = d.norm[i - 1] if i else ""
    return prev in AR_FACILITIES or not AR_FACILITIES.isdisjoint(_strip_particles(prev))


def _title_in_name(d: _Doc, i: int) -> bool:
    """The title word at i ends a place or organisation of the tables (شرم الشيخ)."""
    return bool(i) and _ends_table_name(d.norm[i - 1], d.norm[i])


@functools.lru_cache(maxsize=100_000)
def _ends_table_name(prev: str, word: str) -> bool:
    """`word` after `prev` (normalised, particles off) ends a place or organisation of the tables."""
    table_, _ = names()
    return any((name := table_.get(p + word)) and name.kind in ("place", "org") for p in (prev, *_strip_particles(prev)))


def _known_person(words: list[str]):
    """The table entry of a name, also without its chains (عادل بن أحمد الجبير is عادل
    الجبير; سلمان بن عبدالعزيز آل سعود is سلمان بن عبدالعزيز)."""
    table_, _ = names()
    norm = list(map(_normal, words))
    tries = [norm]
    if len(norm) > 2 and norm[-2] == "ال" or len(norm) > 2 and norm[-2] == "آل":
        tries.append(norm[:-2])
    if len(norm) > 2 and normalize("آل") in norm:
        tries.append(norm[:norm.index(normalize("آل"))])
    bare = [w for k, w in enumerate(norm) if w not in ("بن", "ابن", "بنت") and
            (k == 0 or norm[k - 1] not in ("بن", "ابن", "بنت"))]
    if bare != norm:
        tries.append(bare)          # عبدالعزيز بن عبدالله آل الشيخ -> عبدالعزيز آل الشيخ
    if len(norm) >= 3 and norm[-1].startswith("ال"):
        tries.append([norm[0], norm[-1]])
    for t in tries:
        known = table_.get("".join(t))
        if known:
            return known
    return None


def _person(d: _Doc, words: list[str], start: int) -> None:
    k, known, value, surname = _person_name(tuple(words))
    if known and known.kind != "person" or k in stop_forms()["person"]:
        return
    _take(d, "person", value, start, start + len(words))
    d.people[k] = value
    if surname:
        d.people.setdefault("surname:" + surname, value)


@functools.lru_cache(maxsize=100_000)
def _person_name(words: tuple[str, ...]) -> tuple[str, _Name | None, str, str]:
    """(key, table entry or None, facet value, surname or "") of a person's words: the same in
    every text (names recur). The surname: the last word (normalised) with the article, no
    place."""
    known = _known_person(words)
    last = _normal(words[-1])
    surname = last if last.startswith("ال") and len(last) > 4 and last not in found_places() else ""
    return _mkey(words), known, known.id if known else _display(words), surname


def _given_people(d: _Doc) -> None:
    """A given name with a family name or a chain, without a title: يزيد الجماز, محمد بن سلمان."""
    n = len(d.norm)
    i = 0
    names_ = given_names()
    foreign = foreign_given_names()
    for at in _positions(d, "given", n - 1):
        if at < i:
            continue
        i = at
        w = d.norm[i]
        if d.used[i] or not (w in names_ or w[:3] == "عبد" or w[:1] == "و" and w[1:] in names_
                             or w in foreign or w[:1] == "و" and w[1:] in foreign):
            continue
        start = i
        if not _given(d, i) and w not in foreign and w[:1] == "و" and (w[1:] in names_ or w[1:] in foreign):
            d.words[i], d.norm[i] = d.words[i][1:], d.norm[i][1:]      # وشيبان العنزي
            d.marks[i] = _WORD_TESTS.mark(d.norm[i])       # what the later rules' tests see
        size = _name_at(d, start, strict=True)
        if size >= 2:
            _person(d, d.words[start:start + size], start)
            i = start + size
        else:
            i += 1


AR_SAYING = _n("""قال وقال أكد وأكد أوضح وأوضح أشار وأشار ذكر وذكر أعلن وأعلن صرح وصرح كشف وكشف
أفاد وأفاد أضاف وأضاف بين وبين لفت ولفت شدد وشدد""")


def _people_by_apposition(d: _Doc) -> None:
    """Two name words before a comma and a title, after a verb of saying or starting with a
    given name (وقال مطر الطاير، المدير العام; هشام جبر، مدير المركز; not وقال مصدر مسؤول،
    إن); two name words before a dash and a place or paper, a byline (عبدالله الدقاش -
    الأحساء, حاتم العميري- سبق)."""
    n = len(d.norm)
    table_, _ = names()
    for k in _marked(d, _APPOSITION):
        i = k - 2
        if i < 0 or k + 1 >= n:
            continue
        comma = d.words[k] in "،,"
        if comma and not d.marks[k + 1] & _TITLE:
            continue        # most commas: no title after them (_title_at and AR_TITLE_FIRST need the bit)
        if d.used[i] or d.used[i + 1] or not _is_arabic(d.words[i]):
            continue
        if comma:
            if not (_title_at(d, k + 1) or d.norm[k + 1] in AR_TITLE_FIRST):
                continue
            if not (_given(d, i) or i and d.norm[i - 1] in AR_SAYING):
                continue
        else:
            after = table_.get(d.norm[k + 1])
            if not (after and after.kind == "place" or d.norm[k + 1] in quoted_outlets()) \
                    or i and d.words[i - 1] not in "\n.:؛;«»\"" and d.norm[i - 1] not in ("تصوير", "كتب"):
                continue        # a byline starts the text or a sentence
        if _name_at(d, i, strict=False) == 2 and not _one_word_place(d.norm[i + 1]):
            _person(d, d.words[i:i + 2], i)


_APPOSITION_MARKS = frozenset("،,-–—ـ")
_LIST_MARKS = frozenset("،,.؛")
_LIST_MARKS_COLON = _LIST_MARKS | {":"}


def _people_in_lists(d: _Doc) -> None:
    """A list of names between commas (a squad, a board; a colon may open it): when at least
    three of its items and a third of them are people already found, an item of two or three name words (no place, verb,
    article or particle first) is a person too (باسم عطالله، أسامة هوساوي، زكريا سامي، ...)."""
    if len(d.found["person"]) < 3:
        return
    marks = [k for k in _where(_LIST_MARKS_COLON.__contains__, d.words) if d.words[k] != ":"
             or k + 3 < len(d.words) and d.words[k + 3] in _LIST_MARKS]
    if len(marks) < 3:
        return
    items, run = [], []
    for a, b in zip(marks, marks[1:]):
        if 2 <= b - a - 1 <= 3:
            run.append((a + 1, b))
            continue
        items.append(run)
        run = []
    items.append(run)
    for run in items:
        if len(run) < 3:
            continue            # (most runs: no list)
        people = [(s, e) for s, e in run if all(d.used[s:e]) and _display(d.words[s:e]) in d.found["person"]]
        if len(people) < 3 or 3 * len(people) < len(run):
            continue
        for s, e in run:
            if not any(d.used[s:e]) and all(_is_arabic(w) and _name_word(d, k) and not _one_word_place(d.norm[k])
                                            and not _imperfect_verb(d.norm[k]) for k, w in enumerate(d.words[s:e], s)) \
                    and not d.norm[s].startswith("ال") and d.norm[s][:1] not in "وفبل":
                _person(d, d.words[s:e], s)


def _given_start(w: str) -> bool:
    """`w` can start a name without a title (the test _given_people makes of a word)."""
    names_, foreign = given_names(), foreign_given_names()
    return (w in names_ or w[:3] == "عبد" or w[:1] == "و" and w[1:] in names_
            or w in foreign or w[:1] == "و" and w[1:] in foreign)


@functools.lru_cache(maxsize=None)
def english_given_names() -> frozenset:
    return frozenset(row[0] for row in read_rows("names_en") if row[0])


def _capitalised(w: str) -> bool:
    return w[:1].isupper() and not _is_arabic(w) and w[:1].isalpha()


# a word _capitalised says yes to starts with an upper-case letter: only the Latin words do
_LATIN_START = re.compile("[A-Z\u00C0-\u024F\u1E00-\u1EFF]")


def _english_people(d: _Doc, guess: bool) -> None:
    """Capitalised runs in English text: after a title (President, Dr, Sheikh ...), or
    starting with a given name (names_en.tsv), two to four words (an initial may stand
    between: Nicholas E. Golovin); a run holding an organisation's head noun is one. With
    `guess` (after the places and organisations of the tables are taken): also two or three
    capitalised words inside a sentence that hold no word of things (River, Hall, Treaty ...)
    or peoples (Roman, English): Kony Ealy, Hoesung Lee."""
    words, n = d.words, len(d.words)
    if not d.latin:
        return
    i = 0
    for at in _marked(d, _LATIN_UPPER):       # the words _capitalised may say yes to
        if at < i:
            continue
        i = at
        if d.used[i] or not _capitalised(words[i]):
            continue
        j, parts = i, []
        while j < n and not d.used[j]:
            w = words[j]
            if _capitalised(w):
                parts.append(j)
                j += 1
                if len(w) == 1 and j < n and words[j] == ".":
                    j += 1          # an initial
                continue
            if w.lower() in EN_CONNECT and j + 1 < n and _capitalised(words[j + 1]) or _EN_ARTICLE.match(w):
                parts.append(j)
                j += 1
                continue
            break
        run = [words[k] for k in parts]
        lowered = [r.lower().rstrip(".") for r in run]
        postfix = len(run) >= 2 and lowered[-1] in EN_POSTFIX_TITLES and lowered[-2] not in EN_TITLES
        titled = postfix            # Genghis Khan: the name with its honorific
        for t in range(len(run) - 1 - postfix, -1, -1):
            if lowered[t] in EN_TITLES:
                titled, parts, run, lowered = True, parts[t + 1:], run[t + 1:], lowered[t + 1:]
                break
        if not titled and i > 0 and words[i - 1].lower().rstrip(".") in EN_TITLES:
            titled = True
        if run and not EN_ORG_HEADS.isdisjoint(lowered):
            _english_org(d, parts[0], parts[-1] + 1)
        elif run and not any(x in EN_NOT_NAME and (k == 0 or x in EN_CALENDAR) or x in EN_THINGS
                             for k, x in enumerate(lowered)) and len(run) <= 4 \
                and (titled and len(run) >= 1 or run[0] in english_given_names() and len(run) >= 2
                     or guess and _guessed_name(d, parts, lowered)):
            k = _mkey(run)
            known = names()[0].get(k)
            if not known or known.kind == "person":
                value = known.id if known else " ".join(w for w in run)
                _take(d, "person", value, parts[0], parts[-1] + 1)
                d.people[k] = value
                d.people.setdefault("surname:" + _normal(run[0 if postfix else -1]), value)
        i = max(j, i + 1)


_EN_ARTICLE = re.compile(r"(?:al|el|ad|as|ash|at|ar|az)-[A-Z]")     # Adel al-Jubeir
EN_THINGS = frozenset("""river garden gardens hall church wall walls ages lakes lake digital theatre
theater tower museum stadium bowl act treaty edict peninsula island islands valley mountain
mountains road street avenue ave square park bridge station airport house palace castle
cathedral temple mosque gate center centre institute basin jungle forest sea ocean bay gulf
coast desert region province county district state states city republic kingdom empire
dynasty war battle revolution crisis prize award cup league games olympics day festival news
times post journal magazine movies box office bureau system standard series show film book
award medal order bible gospel psalms nation nobility captivity freedom church quadrangle
quadrangles gothic style yard area metropolitan megalopolis conference world cabaret
program programme project mission trophy division index north south east west northern
southern eastern western little great new old upper lower central middle seven six five four
three two one side shields causeway""".split())
EN_PEOPLES = re.compile(r"(?:an|ian|ish|ese|ic|ican|ern|ist)$")


def _guessed_name(d: _Doc, parts: list[int], lowered: list[str]) -> bool:
    """Two or three capitalised words inside a sentence that are no thing or people."""
    if not 2 <= len(parts) <= 3 or any(x in EN_THINGS or x in EN_TITLES for x in lowered):
        return False
    if any(EN_PEOPLES.search(x) and len(x) > 5 for x in lowered[:1]):
        return False
    table_ = names()[0]
    if any((name := table_.get(_normal(d.words[k]))) and name.kind == "place" for k in parts):
        return False        # Orkney Vikings, Downtown Fresno: a place's word, no person
    before = d.words[parts[0] - 1] if parts[0] else "."
    if before in (".", "!", "?", "\n", ":", "(", ";", "the", "The", "of", "a", "an") or before[:1].isupper():
        return False
    return all(d.words[k][1:].islower() or len(d.words[k]) == 1 for k in parts) \
        and all(d.words[k].lower() not in EN_CONNECT for k in parts)


EN_FAITHS = frozenset("islam christianity judaism buddhism hinduism sunni shia shiite".split())
EN_VERBS = frozenset("""said says was is had has wrote argued thought believed became would did took
made led saw went began died suggested proposed returned ruled married won lost claimed stated
noted used moved sent gave told found held left called named met""".split())
_SENTENCE_END = frozenset(".!?\n:;\"“(")


def _english_single_names(d: _Doc) -> None:
    """A capitalised word alone, twice or more in the text, that the tables do not know: a
    person where it is no word of things or peoples, never follows an article (the Yuan),
    stands inside a sentence at least once and once acts like a person: a possessive or a verb
    after it (Temüjin's, Tesla said, Jamukha supported ...ed). Aristotle, Gandhi, Thoreau."""
    if not d.latin:
        return
    words, n = d.words, len(d.words)
    seen: dict[str, list[int]] = {}
    for i in _marked(d, _LATIN_UPPER):
        w = words[i]
        if not d.used[i] and _capitalised(w) and len(w) >= 4 and not w.isupper() \
                and (i + 1 >= n or not _capitalised(words[i + 1])) \
                and (i < 2 or not _capitalised(words[i - 1]) or words[i - 2] in _SENTENCE_END):      # Then Jamukha's
            seen.setdefault(w, []).append(i)
    table_ = names()[0]
    for w, at in seen.items():
        low = w.lower()
        if len(at) < 2 or low in EN_NOT_NAME or low in EN_THINGS or low in EN_TITLES or low in EN_ORG_HEADS \
                or low.endswith(("s", "ism", "ity")) or low in EN_FAITHS or EN_PEOPLES.search(low) and len(low) > 5 \
                or table_.get(_normal(w)) or "surname:" + _normal(w) in d.people:
            continue        # Normans, Islamism; Kublai after Kublai Khan is he (_again)
        if any(i and (words[i - 1].lower() in ("the", "a", "an") or words[i - 1].lower() in EN_CONNECT
                      or words[i - 1] in ("op", "den", "ter", "du", "des")) for i in at):
            continue        # the Yuan, Bergen op Zoom
        if all(i == 0 or words[i - 1] in _SENTENCE_END for i in at):
            continue
        if not any(i + 1 < n and (words[i + 1] in ("'", "’") or words[i + 1] in EN_VERBS
                                  or words[i + 1].endswith("ed") and words[i + 1].islower()) for i in at):
            continue
        d.found["person"].add(w)
        for i in at:
            d.used[i] = True


def _english_org(d: _Doc, i: int, j: int) -> None:
    """A capitalised run holding an organisation head noun, with "of the X" after it."""
    words = d.words
    k = j
    while k + 1 < len(words) and words[k] in ("of", "for") and (words[k + 1][:1].isupper() or
                                                                  words[k + 1] == "the"):
        k += 1
        if words[k] == "the":
            k += 1
        while k < len(words) and words[k][:1].isupper() and words[k].isalpha():
            k += 1
    start = i + 1 if words[i] == "The" else i
    if k - start >= 2:
        _take(d, "org", " ".join(words[start:k]), start, k)


@functools.lru_cache(maxsize=200_000)
def _org_head(word: str) -> str | None:
    """The organisation head noun `word` is (particles off), or None."""
    if word in AR_ORG_HEADS:
        return word
    return next((b for b in _strip_particles(word) if b in AR_ORG_HEADS), None)


# words after a name that end no organisation's name but for these (المركز الوطني)
_AR_ORG_TAIL_STOP = _AR_NISBA_STOP - {"الوطني", "الدولي", "المركزي", "الاعلي"}


def _orgs_by_head(d: _Doc) -> None:
    """A head noun with its complement: وزارة الداخلية, هيئة كبار العلماء, شركة أرامكو,
    مركز الملك سلمان للإغاثة والأعمال الإنسانية, النادي الأدبي بالرياض, البنك المركزي التركي."""
    n = len(d.norm)
    i = 0
    table_, _ = names()
    for at in _positions(d, "org_head"):
        if at < i:
            continue
        i = at
        word = d.norm[i]
        head = _org_head(word) if _is_arabic(d.words[i]) and not d.used[i] else None
        if head is None or head in _AR_INNER_HEADS and _inner_org(d, i, head) or word == head and _counted(d, i):
            continue
        if head in AR_FORCE_HEADS and (word[:1] == "ل" or not (i + 1 < n and (
                d.norm[i + 1] in AR_FORCE_BRANCHES or d.norm[i + 1:i + 3] == ["الامن", "الخاصه"]))):
            continue        # للقوات المسلحة الإماراتية: inside the body before it (القيادة العامة ...)
        if head in AR_ADJECTIVE_HEADS and not (i + 1 < n and d.norm[i + 1].startswith("ال")
                                               and d.norm[i + 1].endswith(("ي", "ه", "ا"))
                                               and (head != "الرئاسه" or d.norm[i + 1] == "العامه")):
            continue
        definite = head.startswith("ال")
        proper = False
        j = i + 1
        while j < n and j - i <= 8 and not d.used[j]:
            w = d.norm[j]
            nxt = d.norm[j + 1] if j + 1 < n else ""
            if j == i + 1 and w in _AR_EVALUATIVE:
                break           # نادي المفضل ("my favourite club"): a description, no name
            if w in ("الملك", "الامير", "الشيخ", "الامام") and j + 1 < n and _name_word(d, j + 1):
                if definite or j > i + 1 and d.norm[j - 1] != "الشريفين":
                    break       # الاتحاد الكويتي الشيخ طلال, المؤسسة الأمير بندر: the title is a person's
                j += 1          # جامعة الملك سعود, مؤسسة خادم الحرمين الشريفين الملك عبدالله
                continue
            if j == i + 1 and head in AR_PLACE_ORG_HEADS and _one_word_place(w):
                j += 1          # شرطة جدة, أمانة الرياض, جامعة تبوك
                proper = True
                break
            if not _is_arabic(d.words[j]) or w in _AR_FUNCTION_WORDS or _title_at(d, j):
                break
            if j == i + 1 and w.startswith("لل") and (not definite or head in AR_ORG_GENERIC):
                break           # شركة للتوزيع, صندوق للخدمة الشاملة: no name; الجامعة للشؤون
                #                 الأكاديمية (وكيل الجامعة ...): a unit of a body named elsewhere
            if w[:1] == "و" and (j == i + 1 and w[1:3] == "ال" or w[1:] in ARABIC_STOPWORDS or w[1:] not in AR_PAIRED_HEADS
                                 and (w[1:] in AR_ORG_HEADS or w[1:3] == "ال" and w[3:] in AR_ORG_HEADS)):
                break           # الصندوق الكشفي العالمي والمنظمة الكشفية: the next organisation
            if head in AR_FORCE_HEADS and not (w.startswith("ال") or w == "لامن"):
                break           # القوات البرية للتعامل مع, قوات الأمن الخاصة بعسير, القوات المسلحة وكبار الضباط
            if w.startswith(("ال", "لل")) or w[:1] == "و" and w[1:3] == "ال":
                if j == i + 1 and w == "المنطقه" and not nxt.startswith("ال"):
                    break       # إمارة المنطقة: which region is not said
                if definite and j >= i + 2 and w.startswith("ال") and not w.endswith(("ي", "ه")) \
                        and d.norm[j - 1].startswith("ال"):
                    break       # التلفزيون الأردني اللقطات: adjectives only after a definite head
                j += 1
                continue
            if definite and j == i + 1:
                break           # البنك المركزي: a definite head needs its adjective first
            if w.startswith("بال") and any((o := table_.get(f)) and o.kind == "org" for f in (w[1:], w[1:] + nxt)):
                break           # الإدارة العامة للطيران بالهلال الأحمر: the next organisation
            if w.startswith(("بال", "بمنطق", "بمحافظ", "بمدين")) and j > i + 1:
                j += 1 if w.startswith("بال") else 2
                break           # where it is: النادي الأدبي بالرياض
            if w[:1] == "ب" and definite and j == i + 2 and _one_word_place(w[1:]):
                j += 1
                break           # الجمعية الفلكية بجدة: a definite head, its adjective and where it is
            if w in AR_PLACE_CUES and nxt and _is_arabic(d.words[j + 1]):
                j += 2          # إمارة منطقة مكة المكرمة
                continue
            if _org_head(w) and w not in AR_ORG_HEADS:
                break           # وشركة ..., ومركز ...: the next organisation
            if w[:1] in "لو" and len(w) > 3 and nxt.startswith("ال") and j > i + 1:
                j += 1          # مركز ... لرعاية الأطفال, وكالة غوث وتشغيل اللاجئين
                continue
            if j == i + 1 and nxt.startswith("ال") and nxt not in AR_NOT_NAME and head != "تنظيم":
                j += 1          # idafa: هيئة كبار العلماء (تنظيم حركة السير: a verbal noun)
                continue
            if j == i + 1 and (w[:1] in "يت" and 4 <= len(w) <= 6 and not _given(d, j) and not table_.get(w)):
                break           # a verb: مستشفى يبعد, جامعة تختتم
            if j == i + 1 and w in AR_PARTICIPLES:
                break           # تنظيم مكون من, شركة متخصصة في: a description, no name
            if j == i + 1 and head in AR_ORG_NAME_HEADS and (o := table_.get(w)) and o.kind == "org":
                j += 1
                break           # تنظيم داعش: the name of the tables ends it (not ... داعش العرب والأجانب)
            if j == i + 1 and head in AR_ORG_NAME_HEADS and w not in AR_ORG_HEADS and _name_word(d, j) \
                    and w[:1] not in "وفبل" and not w.endswith(("ه", "ي")):
                j += 1          # a proper name: شركة أرامكو, مجموعة صافولا
                proper = head != "حركه"        # حركة اعتبرت: a verb
                continue
            if d.norm[j - 1] in ("الملك", "الامير", "الشيخ", "الامام") and _name_word(d, j) \
                    and not (w[:1] in "تي" and 4 <= len(w) <= 6 and not _given(d, j)):     # جامعة الإمام تختتم
                j += 1          # جامعة الملك سعود, مركز الملك عبدالله بن عبدالعزيز
                while j + 1 < n and d.norm[j] in AR_CHAIN and _name_word(d, j + 1):
                    j += 2
                continue
            break
        while j > i + 1 and d.norm[j - 1] in _AR_ORG_TAIL_STOP \
                and not (head in AR_FORCE_HEADS and d.norm[j - 1] == "الخاصه"):      # قوات الأمن الخاصة
            j -= 1
        if j >= i + 2 and not (j == i + 2 and (d.norm[i + 1] in AR_ORG_GENERIC or head in AR_GENERIC_DEFINITE_HEADS
                                             and not table_.get(_mkey(d.norm[i:j])))) \
                and d.norm[i + 1] not in AR_ORG_GENERIC_FIRST \
                and (head not in AR_WEAK_HEADS or proper or _named(d, i + 1, j)):
            value, unknown = _org_name(tuple(d.words[i:j]), head)
            if value is not None:
                _take(d, "org", value, i, j)
                if unknown:
                    _place_where(d, i + 2, j)
            i = j
        else:
            i += 1


@functools.lru_cache(maxsize=100_000)
def _org_name(words: tuple[str, ...], head: str) -> tuple[str | None, bool]:
    """(the org value of an organisation's words, its head noun first (`head`: normalised,
    particles off), or None for none; whether the tables do not know it): the same in every
    text (names recur)."""
    table_, _ = names()
    first = words[0]
    if _normal(first) != head:
        if head.startswith("ال") and _normal(first).startswith("لل"):
            first = "ال" + first[2:]                   # للشركة -> الشركة
        elif len(first) > len(head):
            first = first[len(first) - len(head):]       # the particle off the head
    k = _mkey([first, *words[1:]])
    known = table_.get(k) or (table_.get(_mkey([first, *words[1:-1]])) if len(words) > 2 else None)
    outlet = quoted_outlets().get(_mkey(words[1:])) if head in AR_OUTLET_HEADS else None
    if _mkey([first, words[1]]) in stop_forms()["org"]:
        return None, False          # هيئة التدريس (mentions_stop.tsv): staff, no body
    if outlet:
        return outlet, False        # صحيفة الوئام is الوئام
    if known and known.kind != "org":
        return None, False
    if head == "وزاره" and len(words) >= 3 and _normal(words[-1]) in ("السعوديه", "السعودي"):
        words = words[:-1]      # وزارة الداخلية السعودية is وزارة الداخلية (a Saudi corpus)
    return (known.id, False) if known else (_display([first, *words[1:]]), True)


def _place_where(d: _Doc, start: int, end: int) -> None:
    """The place of an organisation's "where it is" (مركز الملك سلمان ... بمحافظة شرورة,
    الجمعية الفلكية بجدة): a place mentioned too; a place of its name (شرطة منطقة مكة
    المكرمة, صحيفة الرياض) is not."""
    table_, _ = names()
    for k in range(start, end):
        w = d.norm[k]
        if w.startswith(("بمنطق", "بمحافظ", "بمدين")):
            spans = [(k + 1, size) for size in (2, 1)]
        elif w[:1] == "ب" and len(w) > 3:
            spans = [(k, size) for size in (2, 1)]
        else:
            continue
        for at, size in spans:
            if at + size > end:
                continue
            words = d.norm[at:at + size]
            if at == k:
                words = [w[1:], *words[1:]]
            name = table_.get("".join(words))
            key = "".join(words)
            if name and name.kind == "place" and key not in AR_NEVER_PLACE \
                    and not (at == k and key in stop_forms()["place"]):        # بالمدينة: the city where
                d.found["place"].add(name.id)
                return


AR_OUTLET_HEADS = _n("صحيفة جريدة مجلة قناة وكالة")
# participles that describe what a head is made of or does (تنظيم مكون من خمسة)
AR_PARTICIPLES = _n("""مكون مكونة مؤلف مؤلفة متخصص متخصصة تابع تابعة مسجل مسجلة مرخص مرخصة
مملوك مملوكة متهم متهمة مختص مختصة""")
# adjectives of liking and size after a head: a description, no name (نادي المفضل, الشركة الكبرى)
_AR_EVALUATIVE = _n("المفضل المفضلة المحبوب الأفضل الأكبر الأصغر الكبرى الصغرى")
AR_NUMBER_WORDS = _n("""ثلاث ثلاثة أربع أربعة خمس خمسة ست ستة سبع سبعة ثماني ثمانية تسع تسعة عشر عشرة
عشرات مئات آلاف ألف مائة مئة عدة بضع""")


def _counted(d: _Doc, i: int) -> bool:
    """A head noun (no particle on it) after a number is counted, not named: 36 شركة مكرر,
    ثلاث شركات, عدة جمعيات (الثالث عشر بمكتبة الإسكندرية is named)."""
    if not i or d.words[i].startswith(("ال", "لل")):
        return False
    prev = d.words[i - 1]
    return prev.isdigit() or prev[-1:].isdigit() or d.norm[i - 1] in AR_NUMBER_WORDS
# heads that with a city or region after them name the body there (شرطة دبي, أمانة جدة)
AR_PLACE_ORG_HEADS = _n("شرطة بلدية أمانة إمارة جامعة غرفة محكمة مستشفى")


_AR_MANAGEMENT_HEADS = frozenset(("اداره", "الاداره"))      # إدارة نادي الهلال: the club's
_AR_INNER_HEADS = _AR_MANAGEMENT_HEADS | {"مكتبه"}           # the heads _inner_org can say yes to


def _inner_org(d: _Doc, i: int, head: str) -> bool:
    """A head whose organisation is the next one: إدارة نادي الهلال, إدارة الوحدة (the club);
    مكتبه is "his office", no library."""
    if d.words[i].endswith("ه") and head == "مكتبه":
        return True
    if head not in _AR_MANAGEMENT_HEADS or i + 1 >= len(d.norm):
        return False
    nxt = d.norm[i + 1]
    table_, _ = names()
    return bool(_org_head(nxt) or any((o := table_.get(f)) and o.kind == "org" for f in (nxt, *_strip_particles(nxt))))


def _quoted_outlets(d: _Doc) -> None:
    """A paper or channel named in quotes: لـ«الشرق الأوسط», "عكاظ", or before a dash at the
    start of a line (سبق- الرياض:, عين اليوم – جدة); elsewhere these names are words or places."""
    for i in [j - 1 for j in _marked(d, _DASH) if j]:
        if not d.used[i]:
            for size in (2, 1):
                if i - size + 1 >= 0 and (i < 12 or d.words[i - size] in "\n.-–—"):     # X-سبق-الرياض
                    outlet = quoted_outlets().get("".join(d.norm[i - size + 1:i + 1]))
                    if outlet:
                        _take(d, "org", outlet, i - size + 1, i + 1)
                        break
    quotes = _marked(d, _QUOTE)
    quoted = set(quotes)            # the places of the quotes (_QUOTES)
    for i in [j + 1 for j in quotes if j < len(d.words) - 2]:
        if not d.used[i]:
            for size in (3, 2, 1):
                if i + size in quoted:
                    k = "".join(d.norm[i:i + size])
                    outlet = quoted_outlets().get(k)
                    if outlet:
                        _take(d, "org", outlet, i, i + size)
                    break


_FOOTBALL = _n("""مباراة المباراة مباراته الدوري فريق الفريق لاعب اللاعب اللاعبين المدرب
كرة الملعب بطولة كأس هدف الهدف الموسم النادي نادي المحترفين""")
_QUOTES = frozenset('«»"“”\'')
_DASHES = frozenset("-–—")
# heads that name an organisation only with a name inside: إدارة مرور القصيم, مركز الملك
# سلمان ... (not إدارة العلاقات العامة, المركز الثاني, حركة كثيفة)
AR_WEAK_HEADS = _n("""إدارة قيادة حركة مركز سوق غرفة مكتب لجنة مجلس اللجنة المركز الإدارة
القيادة التحالف الاتحاد السوق تحالف ائتلاف الائتلاف اتحاد برنامج مجموعة""")
# complements that make no name: مجلس إدارة النادي, إدارة الحفل
AR_ORG_GENERIC_FIRST = _n("""إدارة ادارته إدارته الإدارة العلاقات عمليات العمليات المملكة الدولة البلاد
الوزارة الجامعة الهيئة الشركة المؤسسة""")     # وكالة الوزارة للشؤون الفنية: a unit of the ministry


def _named(d: _Doc, i: int, j: int) -> bool:
    """Words i..j-1 hold a name: a place or organisation of the tables, a given name after
    الملك/الأمير, where it is (بمنطقة, بالمنطقة, بالرياض; not بالأمانات), or a country's adjective (الاتحاد السعودي
    لكرة القدم, الائتلاف الوطني السوري)."""
    table_, _ = names()
    for k in range(i, j):
        w = d.norm[k]
        if w in ("الملك", "الامير", "الشيخ") or w.startswith(("بمنطق", "بمحافظ")) \
                or w.startswith("بال") and w[3:] in AR_PLACE_CUES \
                or _nationality(w) and d.norm[i - 1] not in ("الاداره", "اداره"):     # الإدارة الأمريكية: a government
            return True
        if any((name := table_.get(f)) and name.kind in ("place", "org") for f in (w, *_strip_particles(w))):
            return True
    return False


@functools.lru_cache(maxsize=200_000)
def _nationality(w: str) -> bool:
    """A country's adjective (normalised): السعودي, المصريه, الأمريكي, البريطانيه, الإماراتي."""
    if not w.startswith("ال") or not w.endswith(("ي", "يه")):
        return False
    stem = w[2:-2] if w.endswith("يه") else w[2:-1]
    if len(stem) < 2:
        return False
    countries = _countries()
    return not countries.isdisjoint((stem, "ال" + stem, stem + "ا", stem + "يا", "ال" + stem + "يه"))


@functools.lru_cache(maxsize=None)
def _countries() -> frozenset:
    """Normalised Arabic names of countries (CLDR and our spellings)."""
    out = set()
    for _code, ar, _en, aliases in gazetteer.countries():
        for s in (ar, *aliases):
            if s and _is_arabic(s):
                out.add(_mkey(_words(s)))
    return frozenset(out)


@functools.lru_cache(maxsize=None)
def _country_ids() -> frozenset:
    """The place ids of countries (Master of Italy, Kingdom of France: the country is named)."""
    table_, _ = names()
    return frozenset(n.id for code, ar, en, _ in gazetteer.countries()
                     if (n := table_.get(_mkey(_words(en)))) and n.kind == "place")


@functools.lru_cache(maxsize=None)
def quoted_outlets() -> dict[str, str]:
    """key -> the org value of the papers and channels of outlets.tsv and orgs.tsv."""
    out = {}
    for entry in table("outlets").entries.values():
        for s in (entry.ar, entry.en):
            if s:
                out[_mkey(_words(s))] = entry.ar or entry.id
    for id_, *_ in read_rows("orgs"):
        out.setdefault(_mkey(_words(id_)), id_)
    for form in ("سبق", "الوطن", "الرياض", "المدينة", "اليوم", "الجزيرة", "الاقتصادية", "الحياة",
                 "النهار", "الوئام", "الرياضية", "عكاظ", "المواطن", "تواصل", "عاجل"):
        out.setdefault(_mkey([form]), form)       # papers whose names are words or places
    afp = table("outlets").find("AFP")
    if afp:
        out.setdefault(_mkey(["الفرنسية"]), afp.ar or afp.id)     # a photo's «الفرنسية» is AFP
    return out


def _with_particles(words) -> frozenset:
    """Every word that is one of `words` (normalised) once _strip_particles takes its
    particles off, or is it: و/ف, then ب/ل/ك, لل for ال (a few more: they are checked)."""
    return frozenset().union(*map(_particle_forms, words))


@functools.lru_cache(maxsize=100_000)
def _particle_forms(w: str) -> frozenset:
    """_with_particles of one word, worked out once (surnames recur)."""
    inner = [w, *(q + w for q in "بلك")] + (["لل" + w[2:]] if w.startswith("ال") else [])
    return frozenset((*inner, *(p + x for p in "وف" for x in inner)))


def _again(d: _Doc) -> None:
    """Names found with a title, found again without it (the full name, or the surname)."""
    surnames = {k[8:]: v for k, v in d.people.items() if k.startswith("surname:")}
    if not surnames:
        return
    for i in _where(_with_particles(surnames).__contains__, d.norm):
        if d.used[i]:
            continue
        if not _is_arabic(d.words[i]) and not _capitalised(d.words[i]):
            continue
        for first in (d.norm[i], *_strip_particles(d.norm[i])):
            value = surnames.get(first)
            if value:
                d.found["person"].add(value)
                d.used[i] = True
                break


@functools.lru_cache(maxsize=None)
def entries(kind: str) -> dict[str, Entry]:
    """id -> Entry (Arabic and English names) of the people or organisations of the tables."""
    out: dict[str, Entry] = {}
    for name in (("learned_people", "people") if kind == "person" else ("orgs",)):
        for id_, ar, en, _aliases in read_rows(name):
            out[id_] = Entry(id_, ar, en or id_)
    if kind == "org":
        for entry in table("outlets").entries.values():
            if entry.ar and not (entry.id.isascii() and (entry.id.islower() or entry.id[:1].isdigit())):
                out.setdefault(entry.ar, Entry(entry.ar, entry.ar, entry.en))
    return out


def canonical(kind: str, value: str) -> str:
    """The facet value any spelling of a known person or organisation stands for (الملك
    سلمان -> سلمان بن عبدالعزيز), else the value as given."""
    words = _words(value) if value else []
    known = names()[0].get(_mkey(words)) if words else None
    if kind == "person" and not known and words:
        known = _known_person(words)
    return known.id if known and known.kind == kind else value


# the words that can start: a table's name, an organisation (its head), a title, a given name
# (the tests' own caches are passed by: a word is tested once, its bits kept in _WORDS)
def _may_mark(word: str) -> bool:
    """False only where no word test says yes: neither the word nor a form of it with
    particles off (as _strip_particles takes them) is a word they look for (_mark_words),
    and عبد/ابو starts none of these forms."""
    known = _mark_words()
    if word in known or "عبد" in word[:5] or "ابو" in word[:5]:
        return True
    # forms with particles off: only of a word starting with one (most words do not)
    return word[:1] in _PARTICLE_LETTERS and (word[1:] in known or word[2:] in known or "ال" + word[2:] in known
                                              or "ال" + word[3:] in known)


_PARTICLE_LETTERS = frozenset("وفبلك")      # the letters _strip_particles takes off


@functools.lru_cache(maxsize=None)
def _mark_words() -> frozenset:
    """The words the word tests look for: tables' first words, heads, titles, given names."""
    return names()[1] | AR_ORG_HEADS | AR_TITLE_FIRST | given_names() | foreign_given_names() | _AR_ABD_FORMS


_WORD_TESTS = _WordTests(_may_mark, name=_table_firsts, org_head=_org_head.__wrapped__, title=_title_first,
                         given=_given_start, abd=_AR_ABD_FORMS.__contains__)
_TITLE, _ABD, _GIVEN = _WORD_TESTS.bits["title"], _WORD_TESTS.bits["abd"], _WORD_TESTS.bits["given"]
# bits of the words as written (_raw_marks), above the tests' bits: the punctuation the rules
# look for, a word starting with A-Z, one _capitalised may say yes to
_DASH, _QUOTE, _APPOSITION, _CAPITAL_AZ, _LATIN_UPPER = (1 << k for k in range(16, 21))
_PUNCTUATION = {c: _DASH * (c in _DASHES) | _QUOTE * (c in _QUOTES) | _APPOSITION * (c in _APPOSITION_MARKS)
                for c in _DASHES | _QUOTES | _APPOSITION_MARKS}


# the tables the rules read, each built at its first call (warm() builds them all)
_TABLES = (names, stop_forms, _key_prefixes, _longer_prefixes, found_places, _plain_places, given_names,
           foreign_given_names, family_names, english_given_names, _countries, _country_ids, quoted_outlets,
           _mark_words, _ala_starts_no_name)


def warm() -> None:
    """Build every table the rules read now (an empty text reaches only some): indexing
    workers forked later share them instead of each building its own at its first texts."""
    for build in _TABLES:
        build()


def reload() -> None:
    """Read the tables again (after $CORPUS_METADATA_DIR or a table changed)."""
    for cached in (*_TABLES, entries, _nationality, _table_starts, _person_name, _ends_table_name, _org_name,
                   _after_title):
        cached.cache_clear()
    table.cache_clear()
    gazetteer.places.cache_clear()
    _WORD_TESTS.clear()
    _WORDS.clear()
    _TEXTS.clear()
