"""The Swedish word lists in one place: stop words, abbreviations, months, seasons, endings,
and the words minutes use for decisions, verdicts, attachments and questions.

Each list is general Swedish (or the genre's common vocabulary), never words picked for a
particular question. The modules that use a list compile it into their own patterns.
"""

from __future__ import annotations

from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_SWEDISH

# -- words and stems ----------------------------------------------------------------------

# Stop words: Swedish function words and the pieces of abbreviations such as "bl a", "t ex".
STOP_WORDS = frozenset(STOPWORDS_SWEDISH) | {"bl", "t", "ex", "m", "fl", "osv", "ca", "dvs"}

_STEMMER = Stemmer.Stemmer("swedish")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a lower-cased Swedish word."""
    return _STEMMER.stemWord(word)


# Endings that look like words after a compound is cut, but never stand alone.
BOUND_SUFFIXES = frozenset(
    ("ning", "ningen", "ningar", "ings", "ingen", "ingar", "heten", "heter", "else", "elser")
    + ("skap", "skapet", "ande", "ende", "erna", "arna", "orna")
)

# Common inflectional endings, longest first, for a light stem of names ("styrelsen").
INFLECTIONS: tuple[str, ...] = (
    "arna",
    "erna",
    "orna",
    "ens",
    "ets",
    "ans",
    "en",
    "et",
    "an",
    "ar",
    "er",
    "or",
) + ("na", "a", "e", "s")

# Abbreviations (without their last full stop) after which no sentence ends.
ABBREVIATIONS = frozenset(
    [
        "bl.a",
        "bl",
        "t.ex",
        "ex",
        "tex",
        "m.m",
        "mm",
        "osv",
        "o.s.v",
        "ca",
        "dvs",
        "d.v.s",
        "s.k",
        "sk",
        "kl",
        "t.o.m",
        "fr.o.m",
        "m.fl",
        "mfl",
        "p.g.a",
        "pga",
        "resp",
        "etc",
        "jfr",
        "ang",
        "inkl",
        "exkl",
        "tel",
        "nr",
        "st",
        "ev",
        "f.d",
        "e.d",
        "o.d",
        "f.ö",
        "sek",
        "ordf",
        "v.ordf",
        "kap",
        "enl",
        "tf",
        "obs",
        "prel",
        "forts",
        "adj",
        "ledam",
        "tim",
    ]
)

QUESTION_WORDS = frozenset(
    ["vad", "vem", "vems", "vilka", "vilken", "vilket", "när", "hur", "var", "varför", "vart"]
)

# -- time ---------------------------------------------------------------------------------

MONTHS = {  # Swedish and English month names and abbreviations → month number
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "february", "feb"), 2),
    **dict.fromkeys(("mars", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("maj", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("augusti", "august", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("december", "dec"), 12),
}

SEASONS = {  # season word stem → (first month, last month)
    "vår": (1, 6),
    "vt": (1, 6),
    "sommar": (6, 8),
    "höst": (8, 12),
    "ht": (8, 12),
}

# Words after "förra"/"senaste" that name a period, not a meeting (folded, without å/ä/ö).
PERIODS = frozenset(
    {"aret", "manaden", "veckan", "terminen", "varen", "hosten", "sommaren", "gangen"}
)

# -- what minutes say -----------------------------------------------------------------------

# Words that open a decision; a heading that is only one of them belongs to the item above.
DECISION_OPENERS = frozenset(
    [
        "beslut",
        "beslutet",
        "beslutade",
        "beslutades",
        "beslutar",
        "att",
        "förslag",
        "yrkande",
        "yrkanden",
    ]
)

# Regular-expression alternations (use with word boundaries and re.IGNORECASE).
DECISION_QUESTION = r"beslut\w*|bestäm\w*|vad blev|kom\w* fram till|bifö?ll\w*|bevilja\w*|godkän\w*"
DECISION_LANGUAGE = (
    r"beslut\w*|bifalles|bifalls|bifölls|biföll|avslås|avslogs|fastställ\w*|ska|skall"
    r"|kommer att|uppdrar|uppdrogs|uppdras|antogs|antas|godkän\w*|bevilja\w*|valdes|väljs"
)
# A verdict ("Beslut: Attsats bifalles") is made of VERDICT_WORDS with at least one VERDICT.
VERDICT = r"bifall\w*|bifölls|avslå\w*|avslogs|godkän\w*|antas|antogs|fastställ\w*"
VERDICT_WORDS = rf"{VERDICT}|beslut\w*|attsats\w*|yrkande\w*|förslag\w*|enhällig\w*|ja|nej"

# Words in file names that mark an attachment, or the minutes themselves.
ATTACHMENT_NAME_WORDS = r"bilag|bildspel|presentation|rapport|underlag|appendix|attachment"
MINUTES_NAME_WORDS = r"protokoll|minnesanteckning|anteckningar|minutes"
