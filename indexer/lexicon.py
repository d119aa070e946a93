"""The Swedish word lists in one place: stop words, abbreviations, months, seasons, endings,
and the words minutes use for decisions, verdicts, attachments and questions.

Each list is general Swedish (or the genre's common vocabulary), never words picked for a
particular question. The modules that use a list compile it into their own patterns.
"""

from __future__ import annotations

from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_SWEDISH

# -- words and stems ----------------------------------------------------------------------

# Stop words: Swedish function words and the pieces of abbreviations such as "bl a", "t ex".
STOP_WORDS = frozenset(STOPWORDS_SWEDISH) | {"bl", "t", "ex", "m", "fl", "osv", "ca", "dvs"}
# English function words: a question made more of these than of Swedish stop words is English.
ENGLISH_STOP_WORDS = frozenset(STOPWORDS_EN) | {
    *("what", "which", "who", "whom", "whose", "when", "where", "why", "how"),
    *("did", "does", "do", "was", "were", "has", "had", "would", "should", "could", "can"),
    *("came", "up", "before", "after", "about", "any"),
}

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

# Words that say a document is minutes of some meeting but not which: a title made of them
# (and of the series' or organisation's own words) names no meeting.
GENERIC_TITLE_WORDS = frozenset(
    [
        "protokoll", "mötesprotokoll", "styrelseprotokoll", "minnesanteckningar", "anteckningar",
        "minutes", "meeting", "möte", "mötet", "styrelsemöte", "styrelsemötet", "styrelse",
        "styrelsen", "sammanträde", "styrelsesammanträde", "fört", "ordinarie",
    ]
)  # fmt: skip

# What kind of agenda item a heading is, said as a label ("Diskussion: …") or, with decision
# items too, in brackets ("Sobonadagarna (information)"). Not what the item says, so an
# answer leaves it out ("Beslut: …" before a sentence does say something, and stays).
ITEM_KIND_LABELS = (
    r"info(?:rmation)?(?:spunkt)?|diskussion(?:spunkt)?|rapport|för\s+kännedom|fk"
    r"|meddelande|övrigt|punkt"
)
ITEM_KIND_BRACKETED = rf"{ITEM_KIND_LABELS}|beslut(?:spunkt|särende)?"

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

MONTH_NAMES = (  # month number - 1 → its Swedish name
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip

SEASONS = {  # season word stem → (first month, last month); a winter starts the year before
    **dict.fromkeys(("vår", "vt", "spring"), (1, 6)),
    **dict.fromkeys(("sommar", "summer"), (6, 8)),
    **dict.fromkeys(("höst", "ht", "autumn"), (8, 12)),
    **dict.fromkeys(("vinter", "winter"), (12, 3)),
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
DECISION_QUESTION = (
    r"beslut\w*|bestäm\w*|vad blev|kom\w* fram till|bifö?ll\w*|bevilja\w*|godkän\w*"
    r"|valdes|väljs|vald|utsågs|antogs|avslogs|bordlades|röstade\w*"
)
DECISION_LANGUAGE = (
    r"beslut\w*|bifalles|bifalls|bifölls|biföll|avslås|avslogs|fastställ\w*|ska|skall"
    r"|kommer att|uppdrar|uppdrogs|uppdras|antogs|antas|godkän\w*|bevilja\w*|valdes|väljs"
)
# How a question asks about minutes, not what it asks about: verbs of saying, thinking,
# discussing and planning, and light verbs (question words are stop words already).
QUESTION_SCAFFOLDING = (
    r"sa|sade|sades|sagt|tyckte|tycker|tänkte|ansåg|anser|diskutera\w*|pratade\w*"
    r"|togs upp|tog upp|tagits upp|nämn\w*|planera\w*|fick|får|finns|fanns|gjorde|gjordes"
    r"|ska|skall"
)
# A verdict ("Beslut: Attsats bifalles") is made of VERDICT_WORDS with at least one VERDICT.
VERDICT = r"bifall\w*|bifölls|avslå\w*|avslogs|godkän\w*|antas|antogs|fastställ\w*"
VERDICT_WORDS = rf"{VERDICT}|beslut\w*|attsats\w*|yrkande\w*|förslag\w*|enhällig\w*|ja|nej"

# Words in file names that mark an attachment, or the minutes themselves.
ATTACHMENT_NAME_WORDS = r"bilag|bildspel|presentation|rapport|underlag|appendix|attachment"
MINUTES_NAME_WORDS = r"protokoll|minnesanteckning|anteckningar|minutes"

# -- decisions (indexer/decisions) ----------------------------------------------------------
# Alternations for regular expressions (lower case; use with word boundaries, re.IGNORECASE).

# Verdicts on a proposal, by outcome, in the passive and past forms minutes write them
# (with the misspellings of "bifalles" that minutes keep: "biffales", "ifalles").
VERDICT_APPROVED = (
    r"b?if+al+(?:es|s|des|its)|bifölls|godkän+s|godkändes|antas|antogs|fastställs"
    r"|fastställdes|beviljas|beviljades|bekräftas|bekräftades"
)
VERDICT_REJECTED = (
    r"avslås|avslogs|avslages|avslags|avslaget|nekas|nekades|röstas\s+ne[dr]|röstades\s+ne[dr]"
    r"|faller|föll"
)
VERDICT_TABLED = r"bordl(?:äggs|ägges|ades)|bordsl(?:äggs|ägges)|skjuts\s+upp|sköts\s+upp"
VERDICT_REFERRED = r"återremitter(?:as|ades)"
# The same verdicts in the active voice, after a subject ("Mötet bifaller motionen").
ACTIVE_APPROVED = r"bifaller|biföll|godkänner|godkände|antar|antog|fastställer|fastställde|beviljar"
ACTIVE_REJECTED = r"avslår|avslog|nekar|nekade|röstar\s+ne[dr]|röstade\s+ne[dr]"
ACTIVE_TABLED = r"bordlägger|bordlade|skjuter\s+upp|sköt\s+upp"
ACTIVE_REFERRED = r"återremitterar|återremitterade"
# The same verdicts proposed in an att-sats ("att bifalla attsats 2 från motionären").
PROPOSED_APPROVAL = r"bifalla|bifall|godkänna|anta|fastställa"
PROPOSED_REJECTION = r"avslå|avslag\s+på"
PROPOSED_TABLING = r"bordlägga|bordslägga"
PROPOSED_REFERRAL = r"återremittera"
# Words in a decision that table or refer back the matter, wherever they stand.
TABLING = r"bordlägg\w*|bordlades|bordlagts|bordsläg\w*"
REFERRAL = r"återremitt\w*"
# What a verdict points at: the att-satser, the proposal, the motion, the item.
PROPOSAL_NOUNS = (
    r"attsats\w*|attsatts\w*|förslag\w*|\w*yrkande\w*|yrkan|motion\w*|proposition\w*"
    r"|punkt(?:en)?|ärendet|frågan"
)
# Words that pick all of the att-satser rather than one.
ALL_WORDS = (
    r"samtliga|alla|båda|bägge|attsatserna|förslagen|yrkandena|förslaget|motionen|propositionen"
)
ORDINALS = {
    "första": 1,
    "andra": 2,
    "tredje": 3,
    "fjärde": 4,
    "femte": 5,
    "sjätte": 6,
    "sjunde": 7,
    "åttonde": 8,
    "nionde": 9,
    "tionde": 10,
}
# Where a verdict says which block of att-satser it means ("attsats 1 från motionen").
FROM_MOTION = r"motion\w*"
FROM_AMENDMENT = r"ändring\w*|\w*yrkand\w*|yrkan"
FROM_PREVIOUS = r"föregående|förgående|förra|tidigare"

# Headings of the blocks inside an agenda item. A decision block holds the verdicts or the
# decisions themselves; a proposal block holds att-satser that a verdict still has to decide;
# a procedure block (nominations, justering, notes, the board's reply) is neither.
DECISION_HEADING = r"beslut|beslutet|beslutas|beslut\s+som\s+fattades"
PROPOSAL_HEADING = (
    r"(?:förslag\w*|ändringsyrkande\w*|yrkande\w*|yrkan|ändrings\s+yrkan|från)\b.*"
    r"|.*(?:yrkande\w*|yrkan|\battsatser)\b.*|.*\bbeslut\w*\b.*\b(?:föregående|förra|tidigare)\b.*"
)
PROCEDURE_HEADING = (
    r"diskussion|.*\b(?:nominer\w*|utjustering|injustering|anteckningar|motivering|omröstning"
    r"|votering|ordningsfråga|svar\s+på|\w+överlämning|jämk\w*)\b.*"
)

# A sentence that records a decision of the meeting: a deciding body, then a deciding verb.
DECIDING_BODIES = (
    r"\w*mötet|\w*stämman|styrelsen|föreningen|sektionen|divisionen|vi|de\s+närvarande"
)
DECIDING_VERBS = (
    r"beslutar|beslutade|beslöt|har\s+beslutat|bestämmer|bestämde|har\s+bestämt|enas|enades"
    r"|röstar\s+för|röstade\s+för|röstar|röstade"
)
DECIDED_PASSIVE = r"beslutas|beslutades|beslöts|bestäms|bestämdes|det\s+beslutades|det\s+bestämdes"
# Words after a verdict that put the matter off to later: not a decision yet.
LATER = r"senare|framöver|längre\s+fram|separat\s+möte|vid\s+tillfälle"

# Elections: the verbs, before the people elected ("X väljs till") or after ("välja X till").
ELECTED_AFTER = r"väljs|väljes|valdes|valts|utses|utsågs|blev\s+valda?|är\s+valda?|invald[ae]?"
ELECTING_BEFORE = r"välja|väljer|valde|välj|utse|utser|utsåg"
ELECTION_AGENDA = r"\w*val\b|val\s+av|inval\w*|fyllnadsval\w*|nyval\w*|byte\s+av\s+ordförande"
# Capitalised words at a sentence's start that are not people's names.
NOT_NAMES = frozenset(
    ["mötet", "styrelsen", "stämman", "divisionsstämman", "årsmötet", "föreningen", "detta"]
    + ["det", "den", "denna", "dessa", "vi", "ni", "man", "han", "hon", "hen", "de", "alla"]
    + ["samtliga", "ingen", "inga", "posten", "attsatsen", "förslaget", "nominerade", "ordförande"]
    + ["kassör", "sekreterare", "mötesordförande", "mötessekreterare", "beslut", "att"]
    + ["ordf", "sekr", "v.ordf"]
)

# Money as minutes write it: "900kr", "16 000 SEK", "500:-", "0.10 kronor", "473 Boschmoney"
# (a club's own currency is "...money").
CURRENCIES = r"kr|kronor|krona|sek|tkr|kkr|ksek|mkr|euro|eur|€|\$|:-|\w+money"

# -- what a question asks for (search.answer_kinds) --------------------------------------------

# A question asking when, who, or how much / how many (use with re.IGNORECASE).
ASKS_WHEN = (
    r"^\W*när\b|\bvilk\w*(?:\s+\w+)?\s+(?:datum|dag|dagar|tid|tidpunkt|vecka|månad|kväll)\b"
    r"|\bhur dags\b|\bsenast när\b|^\W*when\b|\b(?:what|which) (?:date|day|time)\b"
)
ASKS_WHO = (
    r"\b(?:vem|vems)\b|^\W*vilka (?:har|hade|är|var|blev|leder|ledde|ska|skulle|kunde|satt)\b"
    r"|\bvilk\w*(?:\s+\w+)?\s+(?:person|personer|kommitté|grupp)\b|\bvad hette\b"
    r"|^\W*who\b|\bwhose\b"
)
# "hur många": how a question asks for an amount, not what it is about
HOW_MUCH = r"\bhur (?:mycket|många|stor|stora|hög|höga|lång|långa|länge)\b"
ASKS_AMOUNT = (
    rf"{HOW_MUCH}|\bvad (?:kostade|kostar)\b"
    r"|\bvilket belopp\b|\bhow (?:much|many|long|large)\b|\bwhat share\b"
)
WEEKDAYS = r"måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag"
# Words that name a role in an organisation: an answer to "who" may name one instead of a person.
ROLES = (
    r"\w*ordförande|\w*ordf|kassör\w*|sekreterare\w*|ledamot\w*|ledamöt\w*|revisor\w*"
    r"|\w*ansvarig\w*|valberedning\w*|\w*kommitté\w*|\w*nämnd\w*|styrelse\w*|\w*grupp\w*"
)
