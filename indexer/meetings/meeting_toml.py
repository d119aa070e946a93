"""Read and check a meeting.toml: title, series, the minutes it names and the meeting's dates."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from pathlib import Path

from indexer.dates import DateRange, date_from_name
from indexer.documents import UnreadableDocument
from indexer.readers import os_error_reason

MAX_TOML_BYTES = 100_000  # a meeting.toml holds a few lines; more is not one


def read_meeting_toml(path: Path) -> dict:
    """Read and check a meeting.toml; dates come back as ``datetime.date``, minutes as a list."""
    data = _load(path)
    for key in ("title", "series"):
        if key in data:
            if not (isinstance(data[key], str) and data[key].strip()):
                raise UnreadableDocument(f'invalid meeting.toml: "{key}" must be a non-empty text')
            data[key] = data[key].strip()
    minutes = data.get("minutes", [])
    if isinstance(minutes, str):
        data["minutes"] = [minutes]
    elif not (isinstance(minutes, list) and all(isinstance(m, str) for m in minutes)):
        raise UnreadableDocument('invalid meeting.toml: "minutes" must be a file name or a list')
    dates = toml_dates(data)
    if dates is not None:
        data["date"], data["date_end"] = dates.start, dates.end
    data.pop("end_date", None)
    return data


def _load(path: Path) -> dict:
    """The TOML of ``path``: UnreadableDocument when it is too large, not UTF-8 text, not
    TOML, or nested too deeply to parse."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_TOML_BYTES + 1)
    except OSError as error:
        raise UnreadableDocument(f"meeting.toml cannot be read: {os_error_reason(error)}") from None
    if len(raw) > MAX_TOML_BYTES:
        raise UnreadableDocument(f"meeting.toml is larger than {MAX_TOML_BYTES // 1000} kB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableDocument("meeting.toml is not UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UnreadableDocument(f"invalid meeting.toml: {error}") from None
    except RecursionError:
        raise UnreadableDocument("meeting.toml is nested too deeply to read") from None


def toml_dates(data: Mapping) -> DateRange | None:
    """A meeting.toml's days, ``date`` to ``date_end`` (``end_date`` is accepted as well).

    Text dates such as "19-20 maj 2021" are parsed when ``read_meeting_toml`` reads the file; it
    keeps the result as ``datetime.date`` values, so ``infer_meeting_info`` parses nothing again.
    """
    end_key = "date_end" if "date_end" in data else "end_date"
    start, end = _toml_date(data, "date"), _toml_date(data, end_key)
    if start is None:
        if end is not None:
            raise UnreadableDocument(f'invalid meeting.toml: "{end_key}" needs a "date"')
        return None
    last = end.end if end else start.end
    if last < start.start:
        raise UnreadableDocument(f'invalid meeting.toml: "{end_key}" is before "date"')
    return DateRange(start.start, last)


def _toml_date(data: Mapping, key: str) -> DateRange | None:
    if key not in data:
        return None
    found = _as_range(data[key])
    if found is None:
        raise UnreadableDocument(f'invalid meeting.toml: "{key}" must be a date such as 2021-05-19')
    return found


def _as_range(value: object) -> DateRange | None:
    """A TOML date or datetime, or a text such as "2021-05-19" or "19-20 maj 2021"."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return DateRange(value, value)
    return date_from_name(value) if isinstance(value, str) else None
