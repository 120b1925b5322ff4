"""People, organisations and places mentioned (corpus/metadata/mentions.py): the rules of
the module's docstring, one case each, Arabic and English; the tables users extend; the
coordinates of mentioned places (corpus/metadata/gazetteer.py)."""
from __future__ import annotations

import pytest

from corpus import metadata
from corpus.metadata import gazetteer, mentions, tables


def found(text: str, title: str = ""):
    return mentions.extract(title, text)


def test_spokesman_and_ministry_whole_names_and_the_surname_again():
    m = found("وقال المتحدث الأمني لوزارة الداخلية اللواء منصور التركي إن قوات الأمن ضبطت خلية "
              "في الرياض. وأضاف التركي أن التحقيقات مستمرة.")
    assert m.person == ["منصور التركي"]
    assert m.org == ["وزارة الداخلية"]
    assert m.place == ["Riyadh"]


def test_names_in_the_table_are_one_value_whatever_the_spelling():
    m = found("بعث خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود برقية، واستقبل "
              "وزير الخارجية الأستاذ عادل بن أحمد الجبير السفير.")
    assert m.person == ["سلمان بن عبدالعزيز", "عادل الجبير"]
    assert found("الملك سلمان بن عبد العزيز").person == ["سلمان بن عبدالعزيز"]      # عبد العزيز = عبدالعزيز
    assert metadata.canonical("person", "King Salman") == "سلمان بن عبدالعزيز"


def test_titles_chains_and_given_names():
    m = found("التقى الرئيس الأمريكي باراك أوباما الأمير محمد بن نايف بن عبدالعزيز، وحضر "
              "اللقاء خالد صلوي، وشارك يزيد الجماز.")
    assert m.person == ["باراك أوباما", "خالد صلوي", "محمد بن نايف", "يزيد الجماز"]


def test_words_after_titles_or_given_names_that_are_no_names():
    assert found("تلقى وزير الدفاع اتصالاً هاتفياً من نظيره").person == []
    assert found("تعزيز حسن الجوار بين البلدين").person == []         # حسن: a name, الجوار: a noun
    assert found("قال الشاب طيلة أيام وجوده").person == []             # a weak title needs a given name


def test_attached_particles_and_longest_match():
    m = found("وصلت الطائرة إلى صنعاء ولليمن وبغداد، ثم إلى لبنان والمملكة العربية السعودية.")
    assert m.place == ["Baghdad", "Lebanon", "Sanaa", "Saudi Arabia", "Yemen"]


@pytest.mark.parametrize("text, place", [
    ("زار المدينة المنورة", "Medina"),                 # the longer name
    ("في مدينة الخبر", "Khobar"),                      # after a cue word
    ("استمرت الاشتباكات في تعز", "Taiz"),
    ("هبطت الطائرة في مطار عدن", "Aden"),
    ("أعلنت السعودية", "Saudi Arabia"),
])
def test_ambiguous_names_that_are_places(text, place):
    assert place in found(text).place


@pytest.mark.parametrize("text", [
    "قال مدير المدينة إن",             # "the city"
    "ورد في الخبر أن",                  # "the news"
    "نقلت قناة الجزيرة عن مصادر",        # the channel (an organisation)
    "لا تعز عليه نفسه",                 # the verb
    "وعدهم الله جنات عدن",              # Eden
    "انتشرت القوات السعودية",            # the adjective
    "ذكرت rt و cnn و sky أن",            # channels are no places
    "نقلت قناة المنار عن مصادر",
])
def test_ambiguous_names_that_are_no_places(text):
    assert found(text).place == []


def test_places_inside_names_of_organisations_are_not_places_mentioned():
    m = found("قال لـ«الشرق الأوسط» مدير جامعة الملك سعود في صحيفة الرياض")
    assert "جامعة الملك سعود" in m.org and "الشرق الأوسط" in m.org
    assert m.place == [] and m.person == []


def test_organisations_by_head_noun_and_generic_phrases():
    m = found("أعلنت هيئة كبار العلماء وشركة أرامكو السعودية ومركز الملك سلمان للإغاثة والأعمال "
              "الإنسانية، وعقد مجلس إدارة النادي اجتماعه مع إدارة العلاقات العامة.")
    assert m.org == ["أرامكو", "مركز الملك سلمان للإغاثة والأعمال الإنسانية", "هيئة كبار العلماء"]


def test_clubs_whose_names_are_words_only_in_football_texts():
    assert "الهلال" in found("فاز فريق الهلال على النصر في مباراة الدوري أمس").org
    assert found("شوهد الهلال في السماء ليلة النصر").org == []


def test_english_people_organisations_and_places():
    m = found("President Barack Obama met Saudi Foreign Minister Adel al-Jubeir in Washington on "
              "Friday, the Ministry of Foreign Affairs said. Obama later flew to New York.")
    assert m.person == ["باراك أوباما", "عادل الجبير"]
    assert m.org == ["Ministry of Foreign Affairs"]
    assert m.place == ["New York", "Washington"]
    assert found("The Treaty of Rome was signed by Henry Cole.").place == []
    assert found("The Treaty of Rome was signed by Henry Cole.").person == ["Henry Cole"]


def test_users_extend_the_tables_and_the_index_notices(tmp_path, monkeypatch):
    before = metadata.tables_version()
    assert found("غنت بلقيس فتحي اليوم").person == []       # no given name, no family name known
    (tmp_path / "learned_people.tsv").write_text("بلقيس فتحي\tبلقيس أحمد فتحي\tBalqees Fathi\tبلقيس\n",
                                                 encoding="utf-8")
    (tmp_path / "orgs.tsv").write_text("نادي الصقور\tنادي الصقور\tFalcons Club\tالصقور\n", encoding="utf-8")
    monkeypatch.setenv(tables.ENV_DIR, str(tmp_path))
    mentions.reload()
    try:
        assert found("غنت بلقيس فتحي اليوم").person == ["بلقيس فتحي"]
        assert metadata.label("org", "نادي الصقور", "en") == "Falcons Club (نادي الصقور)"
        assert metadata.tables_version() != before        # an index built before says so
        assert not metadata.tables_current({"tables": before})
    finally:
        monkeypatch.delenv(tables.ENV_DIR)
        mentions.reload()
    assert metadata.tables_version() == before and metadata.tables_current({"tables": before})


def test_mentions_can_be_turned_off(monkeypatch):
    from corpus.document import Document
    doc = Document(id="x", path="p", title="وزارة الداخلية", body="في صنعاء", lang="ar")
    assert metadata.indexed_metadata(doc)["mentioned_place"] == ["Sanaa"]
    monkeypatch.setenv(metadata.MENTIONS_ENV, "off")
    assert metadata.indexed_metadata(doc)["mentioned_place"] == []


def test_coordinates_of_mentioned_places():
    lat, lon = gazetteer.coordinates("Sanaa")
    assert abs(lat - 15.35) < 0.1 and abs(lon - 44.2) < 0.1
    lat, lon = gazetteer.coordinates("Yemen")                    # a country: inside it
    assert 12 < lat < 19 and 42 < lon < 54
    assert gazetteer.coordinates("صنعاء") == gazetteer.coordinates("Sanaa")
    assert gazetteer.coordinates("Asir") is None and gazetteer.coordinates("") is None
    assert metadata.label("mentioned_place", "Sanaa", "ar") == "صنعاء (Sanaa)"


def test_a_name_learned_after_a_title_is_found_without_it(tmp_path, monkeypatch):
    learned = mentions.titled_names("", "قال الفنان ناصر القصبي في مؤتمر صحفي")
    assert learned == ["ناصر القصبي"]
    elsewhere = "ظهر ناصر القصبي في الحلقة"          # no title: the given-name rule finds it,
    assert found(elsewhere).person == ["ناصر القصبي"]
    assert found("عرض مسلسل طاش القصبي").person == []      # a lone surname is no one
    (tmp_path / "learned_people.tsv").write_text("رامز جلال\tرامز جلال\t\t\n", encoding="utf-8")
    monkeypatch.setenv(tables.ENV_DIR, str(tmp_path))
    mentions.reload()
    try:                                # and what bench/entities_learn.py wrote, without rule
        assert found("عرض برنامج رامز جلال").person == ["رامز جلال"]
    finally:
        monkeypatch.delenv(tables.ENV_DIR)
        mentions.reload()


def test_a_long_chain_of_titles_before_the_name():
    m = found("أكد المتحدث باسم التحالف المستشار بمكتب وزير الدفاع العميد ركن أحمد عسيري أن")
    assert m.person == ["أحمد عسيري"]


def test_a_given_name_with_a_conjunction_is_found_in_the_first_text_it_appears_in():
    # the rules look only at words a per-word test said yes to; وحسن becomes حسن on the way
    text = "كيف سيخرج بشار الأسد وحسن نصرالله من المعركة"
    mentions.reload()           # no word seen before
    first = mentions.extract("", text).person
    assert "حسن نصرالله" in first and first == mentions.extract("", text).person
