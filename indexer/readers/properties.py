"""Keep a document's own title and date only when they look real."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

_PLACEHOLDER_TITLES = {
    "title",
    "titel",
    "template",
    "mall",
    "untitled",
    "namnlös",
    "document",
    "dokument",
    "presentation",
    "powerpoint presentation",
    "powerpoint-presentation",
    "slide 1",
}
_WORD_PREFIX = re.compile(r"^microsoft (word|powerpoint) - ", re.IGNORECASE)
_OFFICE_SUFFIX = re.compile(r"\.(docx?|pptx?|pdf|odt)$", re.IGNORECASE)
_LONG_NUMBER = re.compile(r"\d{8,}")  # scanner-made names such as "Kagun-LiU4-20160527144821"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EARLIEST_YEAR = 1980


def sane_title(title: object, path: Path | None = None) -> str | None:
    """Return the title, tidied, or None when it is empty, a placeholder or machine-made
    (such as the name of the file ``path`` itself)."""
    if not isinstance(title, str):
        return None
    title = " ".join(_OFFICE_SUFFIX.sub("", _WORD_PREFIX.sub("", title.strip())).split())
    if not title or not any(c.isalpha() for c in title):
        return None
    if title.casefold() in _PLACEHOLDER_TITLES:
        return None
    if path is not None and title.casefold() == path.stem.casefold():
        return None
    if _LONG_NUMBER.search(title) or len(title) > 200:
        return None
    return title


def sane_date(value: object) -> dt.date | None:
    """Return a date from a datetime, date or ISO ``YYYY-MM-DD`` string, if it is plausible."""
    if isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, str):
        if not _ISO_DATE.fullmatch(value.strip()):
            return None
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    if not isinstance(value, dt.date):
        return None
    latest = dt.date.today() + dt.timedelta(days=366)
    return value if value.year >= _EARLIEST_YEAR and value <= latest else None
