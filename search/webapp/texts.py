"""The web app's Swedish wording, in one place."""

from __future__ import annotations

import datetime as dt

from search.results import DocumentRef, Kind, MeetingRef

APP_TITLE = "Protokollsök"
APP_INTRO = (
    "Ställ en fråga om det som står i mötesprotokollen och bilagorna. Svaret hänvisar till "
    "mötena det kommer från, och varje hänvisning öppnar stycket i sitt dokument."
)
NAV_ASK = "Fråga"
NAV_MEETINGS = "Möten"

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
TIMELINE_UNDATED = "Dessutom {count} träff(ar) från möten utan datum."
NO_ANSWER = "Protokollen verkar inte besvara frågan. Prova andra ord eller ändra filtren."
ANSWER_MODES = {
    "extractive": "Svaret består av meningar hämtade ur protokollen; siffrorna leder till källan.",
    "llm": "Svaret är skrivet av en språkmodell utifrån källorna nedan. Kontrollera mot källorna.",
}
NO_HITS = "Inga stycken matchade frågan med de valda filtren."

FILTERS_HEADING = "Filter"
DATE_FROM = "Från och med"
DATE_TO = "Till och med"
SERIES_LABEL = "Mötesserie"
ALL_SERIES = "Alla mötesserier"
KIND_LABEL = "Dokument"
KINDS: dict[str, Kind | None] = {"Alla": None, "Protokoll": "minutes", "Bilagor": "attachment"}
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
CONFIG_FAILED = "Inställningarna kunde inte läsas."
QUERY_ERRORS = {
    "empty": "Skriv en fråga först.",
    "top_k": "Antalet träffar måste vara mellan 1 och 100.",
    "date": "Datumet kunde inte läsas. Skriv det som ÅÅÅÅ-MM-DD.",
}
QUERY_ERROR = "Frågan kunde inte sökas."
QUESTION_CUT = "Frågan var för lång och har kortats till sina första {limit} tecken."

PASSAGE_NOT_FOUND = "Avsnittet hittades inte."
DOCUMENT_NOT_FOUND = "Dokumentet hittades inte."
NOT_FOUND_HINT = "Länken kan vara fel, eller så har dokumentet tagits bort ur indexet."
MEETING_DOCUMENTS = "Mötets dokument"
CURRENT_DOCUMENT = "visas nu"
DOWNLOAD = "Ladda ner originalfilen"
NO_ORIGINAL = "Originalfilen finns inte längre kvar i den indexerade mappen."
PASSAGE_NOTE = "Det markerade stycket är det som citerades."

MEETINGS_HEADING = "Alla möten"
MEETINGS_COUNT = "{count} möten"
NO_MEETINGS = "Det finns inga möten i indexet."
UNDATED = "Datum saknas"
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
