"""corpus.extract: dates, header metadata and body cleaning of raw .txt articles."""
import datetime as dt
from pathlib import Path

import pytest

from corpus.extract import parse_article, parse_date
from corpus.metadata import indexed_metadata

SEEDS = Path(__file__).parents[1] / "seeds"
D = dt.date


def seed(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return parse_article(path.read_text(encoding="utf-8"), str(path))


# ---- the two seeds -----------------------------------------------------------------------------

def test_seed_000_header():
    doc = seed("000")
    assert (doc.title, doc.section, doc.date) == (
        "التحالف الدولي يحث الجيش العراقي والبيشمركة على مزيد من التعاون", "دولي", D(2019, 1, 22))
    assert (doc.place, doc.author, doc.source) == ("أربيل", "أربيل (العراق) / عارف يوسف / الأناضول", "الأناضول")
    assert indexed_metadata(doc)["author"] == "عارف يوسف"      # issue 20: the byline kept whole
    assert doc.id == doc.path and doc.id.endswith("000_2b962490b787794b.txt")
    assert doc.lang == ""


def test_seed_000_body():
    doc = seed("000")
    assert doc.body.startswith('أكد استمراره في برنامج دعم وتدريب "البيشمركة"')      # the subtitle stays
    assert doc.body.split("\n\n")[1].startswith("حث التحالف الدولي بقيادة الولايات المتحدة")
    assert doc.body.endswith("ويشن هجمات خاطفة بين فترات متباينة.")
    for gone in ("Arbil", "22.01.2019", "محدث", "الأخبار المنشورة على الصفحة الرسمية", "عارف يوسف", doc.title):
        assert gone not in doc.body
    assert "\n\n\n" not in doc.body and "  " not in doc.body


def test_seed_004():
    doc = seed("004")
    assert doc.title == "مسؤول بوزارة البيشمركة : اتفاق مع الجيش على تشكيل 4 غرف عمليات مشتركة في “اقرب وقت”"
    assert (doc.section, doc.date, doc.place, doc.author, doc.source) == ("", None, "", "", "")
    assert doc.body.startswith("خلال الاجتماع الامني المشترك مع الكاظمي\n\nافاد مسؤول")
    assert doc.body.endswith("وصولا إلى ديالى على حدود إيران.")
    for gone in ("May be an image", "No description available", "Privacy Policy", "تنويه", "\n\n,"):
        assert gone not in doc.body


# ---- dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("22.01.2019", D(2019, 1, 22)),
    ("22/01/2019", D(2019, 1, 22)),
    ("22-01-2019", D(2019, 1, 22)),
    ("2019-01-22", D(2019, 1, 22)),
    ("2015-07-21 02:51:32", D(2015, 7, 21)),
    ("2015-07-21T02:51:32Z", D(2015, 7, 21)),
    ("22 يناير 2019", D(2019, 1, 22)),
    ("٢٢ كانون الثاني ٢٠١٩", D(2019, 1, 22)),
    ("۲۲/۰۱/۲۰۱۹", D(2019, 1, 22)),
    ("1 شباط 2020", D(2020, 2, 1)),
    ("1 آذار 2020", D(2020, 3, 1)),
    ("1 اذار 2020", D(2020, 3, 1)),
    ("1 نيسان 2020", D(2020, 4, 1)),
    ("1 أيار 2020", D(2020, 5, 1)),
    ("1 حزيران 2020", D(2020, 6, 1)),
    ("1 تموز 2020", D(2020, 7, 1)),
    ("1 آب 2020", D(2020, 8, 1)),
    ("1 أيلول 2020", D(2020, 9, 1)),
    ("1 تشرين الأول 2020", D(2020, 10, 1)),
    ("1 تشرين الثاني 2020", D(2020, 11, 1)),
    ("1 كانون الأول 2020", D(2020, 12, 1)),
    ("1 فبراير 2020", D(2020, 2, 1)),
    ("1 مارس 2020", D(2020, 3, 1)),
    ("1 أبريل 2020", D(2020, 4, 1)),
    ("1 ابريل 2020", D(2020, 4, 1)),
    ("1 مايو 2020", D(2020, 5, 1)),
    ("1 يونيو 2020", D(2020, 6, 1)),
    ("1 يونيه 2020", D(2020, 6, 1)),
    ("1 يوليو 2020", D(2020, 7, 1)),
    ("1 يوليه 2020", D(2020, 7, 1)),
    ("1 أغسطس 2020", D(2020, 8, 1)),
    ("1 اغسطس 2020", D(2020, 8, 1)),
    ("1 سبتمبر 2020", D(2020, 9, 1)),
    ("1 أكتوبر 2020", D(2020, 10, 1)),
    ("1 اكتوبر 2020", D(2020, 10, 1)),
    ("1 نوفمبر 2020", D(2020, 11, 1)),
    ("1 ديسمبر 2020", D(2020, 12, 1)),
    ("3 مايو/أيار 2020", D(2020, 5, 3)),
    ("الـ 3 من مايو/أيار 2020", D(2020, 5, 3)),
    ("5 اكتوبر/ تشرين الأول 2017", D(2017, 10, 5)),
    ("January 22, 2019", D(2019, 1, 22)),
    ("22 Jan 2019", D(2019, 1, 22)),
    ("22 Jan. 2019", D(2019, 1, 22)),
    ("Sept 3rd, 2020", D(2020, 9, 3)),
    ("نشر في 22.01.2019 ثم 23.01.2019", D(2019, 1, 22)),        # the first one
    ("31.02.2019", None),                                      # no such day
    ("22.13.2019", None),
    ("01/22/2019", None),                                      # month/day order is not guessed
    ("الـ 3 من مايو/أيار الجاري", None),                        # no year
    ("اكتوبر/ تشرين الأول 2017", None),                        # no day
    ("22 فلان 2019", None),                                    # not a month
    ("22.01.1066", None),                                      # implausible year
    ("", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


# ---- header rules ------------------------------------------------------------------------------

@pytest.mark.parametrize("dateline, place, author, source", [
    ("أربيل (العراق) / عارف يوسف / الأناضول", "أربيل", "عارف يوسف", "الأناضول"),
    ("بغداد / الأناضول", "بغداد", "", "الأناضول"),
    ("بغداد / رويترز", "بغداد", "", "رويترز"),
    ("باريس / أ ف ب", "باريس", "", "أ ف ب"),
    ("بيروت / أ.ف.ب", "بيروت", "", "أ.ف.ب"),
    ("أربيل / شفق نيوز", "أربيل", "", "شفق نيوز"),
    ("أربيل / كردستان 24", "أربيل", "", "كردستان 24"),
    ("Baghdad / Reuters", "Baghdad", "", "Reuters"),
    ("بغداد / الأناضول / سيف أحمد", "بغداد", "سيف أحمد", "الأناضول"),     # the agency is recognised
    ("بغداد / سيف أحمد", "", "", ""),                                     # no agency: not a dateline
    ("الموصل / تلعفر", "", "", ""),
])
def test_dateline(dateline, place, author, source):
    doc = parse_article(f"عنوان الخبر هنا\n\n{dateline}\n\nنص الخبر الأول.", "a.txt")
    assert (doc.place, doc.source) == (place, source)
    assert doc.author == (dateline if place else "")      # the byline as given; the person parsed from it
    assert indexed_metadata(doc)["author"] == author
    assert (dateline not in doc.body) == bool(place)


@pytest.mark.parametrize("text, section, title, first_paragraph", [
    ("دولي\n\nعنوان الخبر\n\nنص.", "دولي", "عنوان الخبر", "نص."),
    ("شؤون عربية\nعنوان الخبر\nنص.", "شؤون عربية", "عنوان الخبر", "نص."),
    ("عنوان طويل من عدة كلمات\n\nنص.", "", "عنوان طويل من عدة كلمات", "نص."),
    ("كورونا\n\n" + "فقرة طويلة جدا " * 30, "", "كورونا", "فقرة طويلة جدا"),  # a one-word title
    ("22.01.2019\nعنوان الخبر\nنص.", "", "عنوان الخبر", "نص."),                # a date line is not the title
    ("فقرة طويلة جدا " * 30, "", "", "فقرة طويلة جدا"),                       # a paragraph is not a title
])
def test_section_and_title(text, section, title, first_paragraph):
    doc = parse_article(text, "a.txt")
    assert (doc.section, doc.title) == (section, title)
    assert doc.body.startswith(first_paragraph)


@pytest.mark.parametrize("text, expected", [
    ("عنوان\n22.01.2019 - محدث : 22.01.2019\nنص في 5 مايو 2018.", D(2019, 1, 22)),   # header over body
    ("عنوان\nالثلاثاء 22 يناير 2019\nنص.", D(2019, 1, 22)),
    ("عنوان\nنص في 5 مايو 2018.", D(2018, 5, 5)),                                   # else the body
    ("عنوان\nمقدمة الخبر عن أحداث 1 مايو 2017 في المدينة\n22.01.2019\nنص.", D(2019, 1, 22)),                 # a date line first
    ("عنوان\nنص في 5 مايو.", None),
])
def test_article_date(text, expected):
    assert parse_article(text, "a.txt").date == expected


def test_date_line_removed_but_dated_sentence_kept():
    doc = parse_article("عنوان\n22/01/2019\nوقع الحادث في 21 يناير 2019 قرب المدينة.", "a.txt")
    assert doc.body == "وقع الحادث في 21 يناير 2019 قرب المدينة."


def test_transliteration_dropped_only_before_arabic_dateline():
    doc = parse_article("عنوان\n\nArbil\n\nأربيل / الأناضول\n\nنص.", "a.txt")
    assert (doc.place, doc.body) == ("أربيل", "نص.")
    doc = parse_article("Oil prices rise after the OPEC meeting\n\nMarkets rally\n\nLondon / Reuters\n\nText.", "a.txt")
    assert (doc.place, doc.body) == ("London", "Markets rally\n\nText.")


# ---- body cleaning -----------------------------------------------------------------------------

@pytest.mark.parametrize("noise", [
    "May be an image of 1 person and indoor",
    "May be a cartoon of text",
    "Image may contain: 2 people, people standing",
    "No description available.",
    "لا يتوفر وصف للصورة.",
    "Read our Privacy Policy by clicking here",
    "تنويه: جميع المقالات المنشورة تمثل رأي كتابها فقط",
    ",",
    "الأخبار المنشورة على الصفحة الرسمية لوكالة الأناضول، هي اختصار لجزء من الأخبار. يُرجى الاتصال بالرابط التالي.",
    "عنوان الخبر",                                             # the title repeated
])
def test_noise_line_removed(noise):
    doc = parse_article(f"عنوان الخبر\n\nفقرة أولى.\n\n{noise}\n\nفقرة ثانية.", "a.txt")
    assert doc.body == "فقرة أولى.\n\nفقرة ثانية."


def test_real_sentence_starting_like_noise_kept():
    doc = parse_article("Title\n\nMay be a turning point for the talks.", "a.txt")
    assert doc.body == "May be a turning point for the talks."


def test_footer_names_the_source_only_without_dateline():
    footer = "الأخبار المنشورة على الصفحة الرسمية لوكالة الأناضول، هي اختصار لجزء من الأخبار."
    assert parse_article(f"عنوان\n\nنص.\n\n{footer}", "a.txt").source == "الأناضول"
    assert parse_article(f"عنوان\n\nبغداد / رويترز\n\nنص.\n\n{footer}", "a.txt").source == "رويترز"
    assert parse_article("عنوان\n\nنص عن وكالة الأناضول.", "a.txt").source == ""


def test_whitespace_normalised():
    doc = parse_article("  عنوان \t الخبر  \r\n\r\n\r\n نص\u00a0  أول. \r\n\n\n\nنص ثان \n", "a.txt")
    assert (doc.title, doc.body) == ("عنوان الخبر", "نص أول.\n\nنص ثان")
