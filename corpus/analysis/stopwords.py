"""Stopword lists. Arabic words are written naturally here and normalised on load."""
from __future__ import annotations

from corpus.analysis.normalize import normalize

ARABIC = """
من الى إلى عن على علي في فى مع بين حتى منذ عند لدى لدي خلال ضد نحو دون حول عبر بعد قبل تحت فوق امام أمام
وراء خلف ضمن لكن لكنه لكنها بل او أو ام أم ثم كما ايضا أيضا اي أي إن ان أن إنه انه أنه إنها انها أنها
اذا إذا إذ اذ لو لولا لم لن لا ما ماذا متى أين اين كيف هل كم لماذا أيان أنى هو هي هم هن هما انت أنت انتم أنتم
نحن انا أنا اياه إياه هذا هذه هذان هاتان هؤلاء ذلك تلك أولئك اولئك هنا هناك هنالك الذي التي الذين اللذين اللتين
اللذان اللتان اللاتي اللواتي اللائي كل بعض غير سوى قد لقد كان كانت كانوا يكون تكون يكن ليس ليست لست
عليه عليها عليهم اليه إليه اليها إليها اليهم إليهم منه منها منهم فيه فيها فيهم به بها بهم له لها لهم
عنه عنها عنهم معه معها معهم ذات ذو ذي تم حيث بينما كلما مثل مما عما كي لكي لأن لان ولا وما ومن وفي وعلى
وعن وإلى والى وهو وهي وهم وقد وكان وكانت ولم ولن وأن وان وإن وذلك وهذا وهذه التى الذى فإن فان فقد فلا
"""

# Lucene's EnglishAnalyzer list plus common pronouns and auxiliaries; question words included.
ENGLISH = """
a an and are as at be but by for if in into is it no not of on or such that the their then there these they
this to was will with what which who whom whose when where why how did do does done has have had having been
being were am i me my we our you your he him his she her its them than so can could would should may might
must shall from up down out over under again further once here all any both each few more most other some own
same too very s t just about above after before between through during against
"""

ARABIC_STOPWORDS = frozenset(normalize(w) for w in ARABIC.split())
ENGLISH_STOPWORDS = frozenset(ENGLISH.split())
