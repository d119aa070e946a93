"""Find meeting dates in file names and in the first lines of Swedish minutes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from indexer.lexicon import MONTHS

MIN_YEAR, MAX_YEAR = 1950, 2100
MAX_RANGE_DAYS = 31  # a longer "range" is a period (e.g. a fiscal year), not a meeting
_HEAD_CHARS_PER_LINE = 500  # only this much text per wanted line is looked at

MONTH_PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM_START = r"(?<![0-9])(?<![0-9][.,])"  # not the tail of a longer number or a decimal
_NUM_END = r"(?![0-9]|[.,:][0-9])"  # nor followed by more digits or a time such as 20:00
_TIGHT_DASH = r"(?:-{1,2}|[–—])"
_DASH = rf"\s*{_TIGHT_DASH}\s*"
_DAY = r"([0-9]{1,2})(?::?[ea])?\.?"  # 4, 04, 4:e, 4e, 4.

# 2021-05-19, 2021-05-19--20, 2021-05-19 - 2021-05-20, 2020--11--24, 2013\xad10\xad09, 2021.05.19
_ISO = re.compile(
    _NUM_START + r"([0-9]{4})(-{1,2}|[./\xad–])([0-9]{1,2})\2([0-9]{1,2})"
    rf"(?:{_DASH}([0-9]{{4}})\2([0-9]{{1,2}})\2([0-9]{{1,2}})|{_TIGHT_DASH}([0-9]{{1,2}}))?"
    + _NUM_END
)
# 20210519, 20210519-20210520
_COMPACT8 = re.compile(_NUM_START + r"([0-9]{8})(?:" + _DASH + r"([0-9]{8}))?" + _NUM_END)
# 210519, 210519-210520 (but not a personal identity number such as 850101-1234)
_COMPACT6 = re.compile(
    _NUM_START + r"([0-9]{6})(?:" + _DASH + r"([0-9]{6}))?(?![0-9]|[.,][0-9]|[-+][0-9]{4})"
)
# 19 maj 2021, den 19-20 maj 2021, 30 april - 2 maj 2021, 4:e september 2019, 19 Maj, 2021
_WORDS = re.compile(
    r"(?<![0-9])" + _DAY + rf"(?:\s*({MONTH_PATTERN})\.?)?(?:{_DASH}{_DAY})?"
    rf"\s*({MONTH_PATTERN})(?![^\W\d_])\.?,?\s*([0-9]{{4}})" + _NUM_END,
    re.IGNORECASE,
)
# 19/5 2021, 19/5-2021, 19/5/2021, 19-20/5 2021, 19.5.2021
_SLASH = re.compile(
    _NUM_START + r"([0-9]{1,2})(?:" + _DASH + r"([0-9]{1,2}))?([/.])([0-9]{1,2})"
    r"(?:\3|\s*-\s*|\s+)([0-9]{4})" + _NUM_END
)


HEADER_LINE_CHARS = 120


@dataclass(frozen=True)
class DateRange:
    """The day or days a meeting took place; ``end == start`` for a single day."""

    start: dt.date
    end: dt.date


def date_from_name(name: str) -> DateRange | None:
    """The date written in a file or folder name, e.g. ``protokoll_210519-210520.txt``."""
    return _first_in_line(name.replace("_", " "))


def date_from_text(text: str, max_lines: int = 20) -> DateRange | None:
    """The first date on a heading-like line among the first ``max_lines`` non-blank lines.

    A date inside a long paragraph is what the meeting talked about (a postponed event, a
    deadline), not when it met, so lines longer than HEADER_LINE_CHARS are passed over.
    """
    head = text[: max_lines * _HEAD_CHARS_PER_LINE]
    lines = islice((line for line in head.splitlines() if line.strip()), max_lines)
    for line in lines:
        found = len(line.strip()) <= HEADER_LINE_CHARS and _first_in_line(line)
        if found:
            return found
    return None


def _first_in_line(line: str) -> DateRange | None:
    """The leftmost valid date of any format in one line."""
    candidates = sorted(
        (match.start(), index, match)
        for index, (pattern, _) in enumerate(_PARSERS)
        for match in pattern.finditer(line)
    )
    for _, index, match in candidates:
        found = _PARSERS[index][1](match)
        if found:
            return found
    return None


def _make(year: int, month: int, day: int) -> dt.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _span(start: dt.date | None, end: dt.date | None) -> DateRange | None:
    """A range from two dates; a bad or implausible end keeps the start alone."""
    if start is None:
        return None
    if end is None or not start < end <= start + dt.timedelta(days=MAX_RANGE_DAYS):
        end = start
    return DateRange(start, end)


def _year_of_two_digits(yy: int) -> int:
    return 2000 + yy if yy < MIN_YEAR % 100 else 1900 + yy


def _parse_iso(m: re.Match[str]) -> DateRange | None:
    if m[2] == "." and len(m[3] + m[4]) < 4:
        return None  # 2021.1.3 is more likely a version number than a date
    year, month = int(m[1]), int(m[3])
    start = _make(year, month, int(m[4]))
    if m[5] is not None:
        return _span(start, _make(int(m[5]), int(m[6]), int(m[7])))
    if m[8] is not None:
        return _span(start, _make(year, month, int(m[8])))
    return _span(start, None)


def _parse_compact8(m: re.Match[str]) -> DateRange | None:
    def ymd(s: str) -> dt.date | None:
        return _make(int(s[:4]), int(s[4:6]), int(s[6:]))

    return _span(ymd(m[1]), ymd(m[2]) if m[2] else None)


def _parse_compact6(m: re.Match[str]) -> DateRange | None:
    def ymd(s: str) -> dt.date | None:
        return _make(_year_of_two_digits(int(s[:2])), int(s[2:4]), int(s[4:]))

    return _span(ymd(m[1]), ymd(m[2]) if m[2] else None)


def _parse_words(m: re.Match[str]) -> DateRange | None:
    end_month = MONTHS.get(m[4].casefold())
    first_month = MONTHS.get(m[2].casefold()) if m[2] else end_month
    if end_month is None or first_month is None:
        return None
    year = int(m[5])
    if m[3] is None:
        return _span(_make(year, end_month, int(m[1])), None)
    return _span(_make(year, first_month, int(m[1])), _make(year, end_month, int(m[3])))


def _parse_slash(m: re.Match[str]) -> DateRange | None:
    year, month = int(m[5]), int(m[4])
    start = _make(year, month, int(m[1]))
    if m[2] is None:
        return _span(start, None)
    return _span(start, _make(year, month, int(m[2])))


_PARSERS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], DateRange | None]]] = [
    (_ISO, _parse_iso),
    (_COMPACT8, _parse_compact8),
    (_COMPACT6, _parse_compact6),
    (_WORDS, _parse_words),
    (_SLASH, _parse_slash),
]
