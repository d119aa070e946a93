"""Checking what a user typed before it reaches retrieval: questions, top-k and filters."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Collection

MAX_QUERY_CHARS = 2_000
MAX_TOP_K = 100


class QueryError(ValueError):
    """Input that cannot be searched. ``code`` lets each front end word it in its language."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def clean_query(text: str | None) -> tuple[str, list[str]]:
    """The query without control characters, cut to MAX_QUERY_CHARS; plus notices about it."""
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text or ""
    )
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QueryError("empty", "the question is empty: type a few words to search for")
    notices = []
    if len(text) > MAX_QUERY_CHARS:
        notices.append(f"the question was cut to its first {MAX_QUERY_CHARS} characters")
        text = text[:MAX_QUERY_CHARS].rstrip()
    return text, notices


def check_top_k(top_k: int) -> int:
    """``top_k`` when it is between 1 and MAX_TOP_K."""
    if not 1 <= top_k <= MAX_TOP_K:
        raise QueryError("top_k", f"the number of results must be between 1 and {MAX_TOP_K}")
    return top_k


_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_date_bound(text: str | None, *, end: bool) -> dt.date | None:
    """A filter date: YYYY-MM-DD, YYYY-MM or YYYY (the period's first day, or last when ``end``)."""
    if text is None or not str(text).strip():
        return None
    match = _PERIOD.match(str(text).strip())
    try:
        if not match:
            raise ValueError
        year = int(match[1])
        month, day = (int(g) if g else None for g in match.groups()[1:])
        if month is not None and day is not None:
            return dt.date(year, month, day)
        if month is not None:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, last if end else 1)
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    except ValueError:
        raise QueryError(
            "date", f"cannot read the date {text!r}: use YYYY-MM-DD, YYYY-MM or YYYY"
        ) from None


def check_date_order(date_from: dt.date | None, date_to: dt.date | None) -> None:
    """Raise QueryError when the period ends before it starts."""
    if date_from and date_to and date_from > date_to:
        raise QueryError(
            "dates", f"the start date {date_from} is after the end date {date_to}: swap them"
        )


def check_series(series: str, known: Collection[str], folders: Collection[str] = ()) -> None:
    """Raise QueryError, listing the ``known`` series, when ``series`` is neither one of them
    nor one of their ``folders``."""
    if series in known or series in folders:
        return
    choices = ", ".join(repr(name) for name in known)
    raise QueryError(
        "series",
        f"no meeting series {series!r} in the index; "
        + (f"choose from: {choices}" if known else "no meeting in it has a series"),
    )
