"""Read time and meeting-series hints out of a Swedish question (pure functions).

The hints only favour passages in the retriever; they never filter. Examples::

    "hösten 2019"      → 2019-08-01 .. 2019-12-31
    "våren 2020"       → 2020-01-01 .. 2020-06-30  (also "vårmötet 2020", "VT20")
    "vintern 2023"     → 2022-12-01 .. 2023-03-31  (also "in the autumn of 2019")
    "i maj 2021"       → 2021-05-01 .. 2021-05-31
    "19 maj 2021"      → that day
    "2018"             → the whole year
    "2017/18"          → 2017-01-01 .. 2018-12-31 (a working or school year)
    "förra årsmötet"   → the latest meeting whose title or series says "årsmöte"
    "LiTHe kods styrelse" → the series names of the index that these words name
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from indexer.dates import DateRange, date_from_text
from indexer.lexicon import INFLECTIONS, MONTHS, PERIODS, SEASONS, STOP_WORDS

_FULL_MONTHS = "|".join(  # month names, not abbreviations such as "mar" or "jun"
    sorted((m for m in MONTHS if len(m) > 3 or m in ("maj", "may")), key=len, reverse=True)
)
_YEAR = r"((?:19|20)[0-9]{2})(?![0-9]|[-./:][0-9])"
_SEASON_YEAR = re.compile(  # "hösten 2019", "vårmötet 2018", "VT20", "ht-2019" (not "våra")
    r"(?<!\w)(vår(?=en\b|ens\b|\w{3,})|höst|sommar|vinter|spring|summer|autumn|winter)"
    r"\w*\s+(?:år\s+|of\s+)?" + _YEAR + r"|(?<!\w)(vt|ht)\s?-?((?:19|20)?[0-9]{2})\b",
    re.IGNORECASE,
)
_DAY = re.compile(  # "2021-05-19", "19 maj 2021", "4:e september 2019"
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    + rf"|[0-9]{{1,2}}(?::?[ea])?\.?\s+(?:{_FULL_MONTHS})\s+[0-9]{{4}}",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"(?<![\w])({_FULL_MONTHS})\s+{_YEAR}", re.IGNORECASE)
_BARE_YEAR = re.compile(r"(?<![\w.:/-])" + _YEAR)
_SPLIT_YEAR = re.compile(  # "verksamhetsåret 2019/2020", "2017/18": a year across two
    r"(?<![\w.:/-])((?:19|20)[0-9]{2})/((?:19|20)?[0-9]{2})(?![\w/])"
)
_THIS_YEAR = re.compile(r"\bi\s+år\b", re.IGNORECASE)
_LAST_YEAR = re.compile(r"\b(?:förra\s+året|i\s+fjol)\b", re.IGNORECASE)
_LATEST = re.compile(r"\b(?:förra|senaste|föregående)\s+(\w+)", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W_]+")
_MIN_STEM = 3
_MIN_COMPOUND_PART = 5
_REMEMBERED_NAMES = 200_000  # series and meeting names whose stems are kept (a 1 M index: 45,000)


@dataclass(frozen=True)
class MeetingSummary:
    """What query analysis needs to know about a meeting in the index."""

    id: str
    title: str
    series: str | None
    date: dt.date | None


Span = tuple[int, int]


def time_hints(question: str, today: dt.date | None = None) -> list[DateRange]:
    """The periods a question names: seasons, months, days and bare years, in order found."""
    return [period for _, period in _time_expressions(question, today)]


def time_spans(question: str) -> list[Span]:
    """Where the question names its periods ("hösten 2019", "i maj 2023")."""
    return [span for span, _ in _time_expressions(question, None)]


def _time_expressions(question: str, today: dt.date | None) -> list[tuple[Span, DateRange]]:
    """Each period the question names with its span, in order found."""
    today = today or dt.date.today()
    found: list[tuple[Span, DateRange]] = []

    def add(match: re.Match[str], period: DateRange | None) -> None:
        if period and not any(a < match.end() and match.start() < b for (a, b), _ in found):
            found.append((match.span(), period))

    for day, period in _day_matches(question):
        add(day, period)
    for match in _SEASON_YEAR.finditer(question):
        add(match, _season(match))
    for match in _MONTH_YEAR.finditer(question):
        add(match, _month(int(match[2]), MONTHS[match[1].lower()]))
    for match in _SPLIT_YEAR.finditer(question):
        add(match, _split_year(int(match[1]), int(match[2])))
    for match in _BARE_YEAR.finditer(question):
        add(match, _year(int(match[1])))
    for pattern, year in ((_THIS_YEAR, today.year), (_LAST_YEAR, today.year - 1)):
        for match in pattern.finditer(question):
            add(match, _year(year))
    return sorted(found, key=lambda item: item[0])


def _day_matches(question: str) -> list[tuple[re.Match[str], DateRange | None]]:
    """Full dates ("19 maj 2021", "2021-05-19"), found with the indexer's date reader."""
    return [(m, date_from_text(m[0], max_lines=1)) for m in _DAY.finditer(question)]


def _split_year(first: int, second: int) -> DateRange | None:
    """Both years of "2019/2020" or "2017/18" (whichever months an organisation's year
    runs, it lies within them); None when the second is not the year after."""
    if second < 100:
        second += first // 100 * 100
    return DateRange(dt.date(first, 1, 1), dt.date(second, 12, 31)) if second == first + 1 else None


def _season(match: re.Match[str]) -> DateRange | None:
    word = (match[1] or match[3]).lower()
    year = int(match[2] or match[4])
    if year < 100:
        year += 2000
    first, last = SEASONS[word]
    start_year = year - 1 if first > last else year
    return DateRange(dt.date(start_year, first, 1), _month_end(year, last))


def _month(year: int, month: int) -> DateRange:
    return DateRange(dt.date(year, month, 1), _month_end(year, month))


def _year(year: int) -> DateRange:
    return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# -- series and meeting names ------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without diacritics or ligatures: "Stämman" → "stamman", "ﬀ" → "ff"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def light_stem(word: str) -> str:
    """``word`` without one common Swedish ending: "styrelsen" and "styrelse" → "styrels"."""
    for ending in INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=_REMEMBERED_NAMES)
def _name_stems(name: str) -> tuple[str, ...]:
    """Folded, lightly stemmed words of a name (no stop words); "LiTHe kod" gives "lithekod"
    too. Remembered: every query weighs the names of every series and meeting."""
    words = [fold(w) for w in _TOKEN.findall(name.lower()) if w not in STOP_WORDS]
    joined = [a + b for a, b in zip(words, words[1:], strict=False)]
    return tuple(light_stem(w) for w in words + joined)


def _same_word(query_stem: str, name_stem: str) -> bool:
    """Equal stems, or one is the head of the other compound ("stamm" in "divisionsstamm")."""
    if query_stem == name_stem:
        return True
    short, long = sorted((query_stem, name_stem), key=len)
    return len(short) >= _MIN_COMPOUND_PART and long.endswith(short)


@lru_cache(maxsize=_REMEMBERED_NAMES)
def _series_parts(series: str) -> list[list[str]]:
    """The folder levels of a series name, each as its word stems (a level may be many words);
    remembered, so the caller must not change them."""
    levels = [level for level in re.split(r"[/\\]", series) if level.strip()]
    parts = []
    for level in levels:
        for piece in re.split(r"\s[–—-]\s|[_]", level):
            stems = [s for s in _name_stems(piece) if len(s) >= _MIN_STEM]
            if stems:
                parts.append(stems)
    return parts


def series_hints(question: str, series_names: Iterable[str]) -> dict[str, float]:
    """Series named by the question, with the share of each series' parts that it names.
    A word of the question names one part at most: "LiTHe kod" names the organisation part
    of "LiTHe kod – LiTHe Hack", not its "LiTHe Hack" part too."""
    asked = _name_stems(question)
    names = tuple(series_names)
    candidates = _name_index(names).named_by(asked)
    scores: dict[str, float] = {}
    for series in names:
        if series not in candidates:
            continue
        parts = _series_parts(series)
        named = _parts_named(asked, parts)
        if parts and named:
            scores[series] = named / len(parts)
    return scores


@dataclass(frozen=True)
class _NameIndex:
    """Which series have a stem that a word may name (``_same_word``), so that a question
    weighs only those series, not every one of a large index's."""

    by_stem: dict[str, set[str]]  # a stem of a series' parts → the series
    by_head: dict[str, set[str]]  # a head (the end of a longer stem) → the series

    def named_by(self, asked: Iterable[str]) -> set[str]:
        """The series that have a stem one of the words ``asked`` is the same word as."""
        found: set[str] = set()
        for word in asked:
            found |= self.by_stem.get(word, set()) | self.by_head.get(word, set())
            for cut in range(1, len(word) - _MIN_COMPOUND_PART + 1):  # a stem is its head
                found |= self.by_stem.get(word[cut:], set())
        return found


@lru_cache(maxsize=8)
def _name_index(series_names: tuple[str, ...]) -> _NameIndex:
    by_stem: dict[str, set[str]] = {}
    by_head: dict[str, set[str]] = {}
    for series in series_names:
        for stem in {stem for part in _series_parts(series) for stem in part}:
            by_stem.setdefault(stem, set()).add(series)
            for cut in range(1, len(stem) - _MIN_COMPOUND_PART + 1):
                by_head.setdefault(stem[cut:], set()).add(series)
    return _NameIndex(by_stem, by_head)


def named_series(question: str, series_names: Iterable[str]) -> list[str]:
    """The series the question names best (all of an organisation's when it names only the
    organisation), or none."""
    scores = series_hints(question, series_names)
    best = max(scores.values(), default=0.0)
    return [series for series, score in scores.items() if score == best and best > 0]


def series_spans(question: str, series: Iterable[str]) -> list[Span]:
    """Where the question's words name these series ("LiTHe kods", "divisionen")."""
    stems = {stem for name in series for part in _series_parts(name) for stem in part}
    return [
        match.span()
        for match in _TOKEN.finditer(question)
        if any(_same_word(a, b) for a in _name_stems(match[0]) for b in stems)
    ]


def _parts_named(asked: Sequence[str], parts: list[list[str]]) -> int:
    """How many of ``parts`` the words ``asked`` name, each word used by one part."""
    unused = set(asked)
    named = 0
    for part in parts:
        words = {q for q in unused if any(_same_word(q, s) for s in part)}
        if words:
            named += 1
            unused -= words
    return named


def names_latest(question: str) -> bool:
    """Whether the question says "förra …", "senaste …" or "föregående …"."""
    return bool(_LATEST.search(question))


def latest_meeting_hint(
    question: str, meetings: Sequence[MeetingSummary], today: dt.date | None = None
) -> MeetingSummary | None:
    """The meeting meant by "förra årsmötet" / "senaste styrelsemötet": the latest dated one
    (not after ``today``) whose title or series names the word after "förra"/"senaste"."""
    today = today or dt.date.today()
    for match in _LATEST.finditer(question):
        if fold(match[1]) in PERIODS:
            continue
        candidates = _meetings_named(light_stem(fold(match[1])), meetings, today)
        if candidates:
            return max(candidates, key=lambda m: m.date or dt.date.min)
    return None


def _meetings_named(
    word: str, meetings: Sequence[MeetingSummary], today: dt.date
) -> list[MeetingSummary]:
    """The dated meetings up to ``today`` whose title or series names ``word`` (any meeting
    for "möte"). The word is compared with each distinct stem of their names once: an index
    of many organisations has tens of thousands of meetings but few distinct name stems."""
    dated = [
        (m, _name_stems(m.title) + _name_stems(m.series or ""))
        for m in meetings
        if m.date and m.date <= today
    ]
    if word == light_stem("mote"):
        return [m for m, _ in dated]
    every = {stem for _, stems in dated for stem in stems}
    named = {stem for stem in every if _same_word(word, stem)}
    return [m for m, stems in dated if not named.isdisjoint(stems)]
