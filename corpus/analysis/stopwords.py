"""Stopword lists, by word class. Arabic words are written naturally here and normalised on load.

Only function words: a content word that is merely frequent (عام, عدد, اسم; year, name) is
left to idf, since it is sometimes the point of a query.
"""
from __future__ import annotations

from corpus.analysis.normalize import normalize

ARABIC_CLASSES = {
    "prepositions": """
        من الى إلى عن على في فى مع بين حتى منذ مذ عند لدى خلال ضد نحو دون حول عبر بعد قبل تحت فوق
        امام أمام وراء خلف ضمن
    """,
    # a preposition with an attached pronoun
    "prepositions+pronoun": """
        علي عليه عليها عليهم عليهما إليه اليه إليها اليها إليهم اليهم منه منها منهم فيه فيها فيهم
        به بها بهم له لها لهم عنه عنها عنهم معه معها معهم لدي لديه لديها لديهم
    """,
    # interrogatives, alone and behind a preposition (بماذا, لمن, ممن)
    "question words": """
        من ما ماذا متى أين اين كيف هل لماذا كم أي اي أية أيان أنى بماذا لمن ممن عمن بمن فيم
    """,
    "pronouns": "هو هي هم هن هما انت أنت انتم أنتم نحن انا أنا اياه إياه",
    "demonstratives": "هذا هذه هذان هاتان هؤلاء ذلك تلك أولئك اولئك هنا هناك هنالك",
    "relatives": "الذي التي الذين اللذين اللتين اللذان اللتان اللاتي اللواتي اللائي التى الذى",
    "conjunctions and particles": """
        لكن لكنه لكنها بل او أو ام أم ثم كما ايضا أيضا إن ان أن إنه انه أنه إنها انها أنها اذا إذا
        إذ اذ لو لولا لم لن لا قد لقد كي لكي لأن لان حيث بينما عندما حينما كلما مما عما فيما
    """,
    # the copula and its negation, and تم, the auxiliary of the Arabic passive ("تم بناؤه")
    "auxiliaries": "كان كانت كانوا يكون تكون يكن ليس ليست لست تم يتم تمت",
    "quantifiers": "كل بعض غير سوى ذات ذو ذي مثل",
    # frequent function words with the conjunction و or ف written on
    "with conjunction": """
        ولا وما ومن وفي وعلى وعن وإلى والى وهو وهي وهم وقد وكان وكانت ولم ولن وأن وان وإن وذلك
        وهذا وهذه فإن فان فقد فلا
    """,
}

# Lucene's EnglishAnalyzer list plus pronouns, auxiliaries, prepositions, determiners and
# quantifiers (another, few, many, much, more, most), and the question words.
ENGLISH = """
a an and are as at be but by for if in into is it no not of on or such that the their then there these they
this to was will with what which who whom whose when where why how did do does done has have had having been
being were am i me my we our you your he him his she her its them than so can could would should may might
must shall from up down out over under again further once here all any both each few many much more most other
another some own same too very s t just about above after before between among through during against across
along within without upon toward towards via
"""

ARABIC = " ".join(ARABIC_CLASSES.values())
ARABIC_STOPWORDS = frozenset(normalize(w) for w in ARABIC.split())
ENGLISH_STOPWORDS = frozenset(ENGLISH.split())
