"""Work out a meeting's title, date and series: meeting.toml first, then names and documents."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import PurePosixPath

from indexer.dates import MONTH_PATTERN, DateRange, date_from_name, date_from_text
from indexer.documents import ExtractedDocument
from indexer.meetings.grouping import MeetingGroup, is_attachment_folder
from indexer.meetings.meeting_toml import toml_dates
from indexer.meetings.series_names import NamedSeries, SeriesNames, name_series


@dataclass
class MeetingInfo:
    """What members see of a meeting; ``date_end == date`` for a one-day meeting.

    ``series`` is the series' display name, ``series_folder`` the folder it was inferred from;
    ``title_given`` says that meeting.toml named the meeting (``titles`` then keeps its title).
    """

    title: str
    date: dt.date | None
    date_end: dt.date | None
    series: str | None
    series_folder: str | None = None
    organisation: str | None = None
    meeting_name: str | None = None  # what the series calls one meeting, when it says
    title_given: bool = False


TITLE_MAX_CHARS = 100
_TITLE_LINES = 4  # a title is looked for in this many first non-blank lines
_PLACEHOLDER_TITLES = {
    "", "template", "mall", "title", "titel", "rubrik", "untitled", "namnlös", "document",
    "dokument", "presentation", "powerpoint-presentation", "powerpoint presentation",
}  # fmt: skip
_GENERIC_TITLES = {
    "protokoll", "mötesprotokoll", "styrelseprotokoll", "minnesanteckningar", "anteckningar",
    "minutes", "meeting minutes",
}  # fmt: skip
_OFFICE_PREFIX = re.compile(r"^microsoft (?:word|powerpoint|excel) - ", re.IGNORECASE)
_FILE_SUFFIX = re.compile(r"\.(?:docx?|odt|pdf|pptx?|rtf|txt)$", re.IGNORECASE)
_MACHINE_NAME = re.compile(r"\S*[0-9]{8,}\S*")  # e.g. a scanner's "Kagun-LiU4-20160527144821"
_DATE_WORDS = re.compile(rf"\b(?:{MONTH_PATTERN}|den|kl)\b\.?", re.IGNORECASE)
_DATE_FOLDER = re.compile(
    rf"(?:[0-9]{{1,4}}|ht|vt|{MONTH_PATTERN})(?:[\s_./–-]*(?:[0-9]{{1,4}}|ht|vt|{MONTH_PATTERN}))*",
    re.IGNORECASE,
)
_LABEL_LINE = re.compile(r"(\w[\w .]{0,24}):\s*(.*)")  # "Datum: …", "Närvarande: …"
_TITLE_LABELS = {"möte", "mötestyp", "typ av möte", "titel", "rubrik"}  # "Möte: Årsmöte"
_KEPT_AT = re.compile(r"protokoll(?:et)?,? fört vid:?\s+(.+)", re.IGNORECASE)
_AGENDA_LINE = re.compile(
    r"§|[0-9]{1,2}[.):\s]|.*\b(?:öppna|dagordning|närvarande|kallade|justera)", re.IGNORECASE
)


def infer_meeting_info(
    group: MeetingGroup,
    docs: Mapping[str, ExtractedDocument],
    toml: Mapping | None,
    names: SeriesNames | None = None,
) -> MeetingInfo:
    """Title, date and series of a meeting: meeting.toml first, then the corpus' series
    ``names``, then its files' names and text."""
    toml = toml or {}
    primary = group.minutes or group.attachments
    found = [docs[p] for p in primary if p in docs]
    named = name_series(meeting_series(group), names or {})
    date = _meeting_date(group, primary, found, toml)
    title = toml.get("title") or _document_title(found) or _name_title(group, named)
    start, end = (date.start, date.end) if date else (None, None)
    series = toml.get("series") or named.name
    return MeetingInfo(
        title, start, end, series, named.folder, named.organisation, named.meeting, "title" in toml
    )


def meeting_series(group: MeetingGroup) -> str | None:
    """The folders above a meeting, without year/date folders and attachment folders."""
    parts = PurePosixPath(group.key).parts[:-1]
    kept = [p for p in parts if not _is_date_folder(p) and not is_attachment_folder(p)]
    return "/".join(kept) or None


def _is_date_folder(name: str) -> bool:
    return _DATE_FOLDER.fullmatch(name) is not None or date_from_name(name) is not None


def _meeting_date(
    group: MeetingGroup, primary: list[str], found: list[ExtractedDocument], toml: Mapping
) -> DateRange | None:
    """meeting.toml, then names, then document properties, then the first lines of text."""
    from_toml = toml_dates(toml)
    if from_toml is not None:
        return from_toml
    names = [PurePosixPath(p).name for p in primary]
    if group.folder:
        names.insert(0, PurePosixPath(group.folder).name)
    else:
        names.append(PurePosixPath(group.key).parent.name)
    candidates = chain(
        (date_from_name(name) for name in names),
        (DateRange(doc.date, doc.date) for doc in found if doc.date),
        (date_from_text(doc.text) for doc in found),
    )
    return next((c for c in candidates if c), None)


def _document_title(found: list[ExtractedDocument]) -> str | None:
    """The first specific title of the documents' properties or first lines; else a generic one."""
    candidates = chain(
        (_clean_property_title(doc.title) for doc in found if doc.title),
        (_text_title(doc.text) for doc in found),
    )
    generic = None
    for title in filter(None, candidates):
        if not _is_generic(title):
            return title
        generic = generic or title
    return generic


def _clean_property_title(title: str) -> str | None:
    title = _FILE_SUFFIX.sub("", _OFFICE_PREFIX.sub("", " ".join(title.split())))
    if title.casefold() in _PLACEHOLDER_TITLES or _MACHINE_NAME.fullmatch(title):
        return None
    return _shorten(title)


def _text_title(text: str) -> str | None:
    """The first heading or short line of a text (joined to the next one if it is generic), the
    value of a "Möte: …" line, or the meeting of "Protokoll fört vid <meeting>"."""
    lines = (_clean_line(line) for line in text[:4000].splitlines())
    head = list(islice(filter(None, lines), _TITLE_LINES))
    for index, line in enumerate(head):
        kept_at = _KEPT_AT.match(line)
        if kept_at:
            return _shorten(kept_at[1].rstrip(" .,:"))
        label = _LABEL_LINE.match(line)
        if label and label[1].casefold() in _TITLE_LABELS and not _is_date_only(label[2]):
            return _shorten(label[2])
        if _is_date_only(line) or label or "{" in line:
            continue
        if _AGENDA_LINE.match(line) or len(line) > TITLE_MAX_CHARS:
            return None
        following = head[index + 1] if index + 1 < len(head) else ""
        if _is_generic(line) and _continues_title(following):
            line = f"{line} {following}"
        return _shorten(line)
    return None


def _continues_title(line: str) -> bool:
    return bool(line) and not (
        _is_date_only(line)
        or _is_generic(line)
        or _LABEL_LINE.match(line)
        or _AGENDA_LINE.match(line)
        or len(line) > TITLE_MAX_CHARS
    )


def _clean_line(line: str) -> str:
    """A line without markdown heading marks, emphasis and repeated spaces."""
    line = " ".join(line.replace("\xad", "-").split())
    return line.lstrip("#").strip().strip("*_").strip()


def _is_date_only(line: str) -> bool:
    return not any(c.isalpha() for c in _DATE_WORDS.sub("", line))


def _is_generic(title: str) -> bool:
    return title.casefold().strip(" .:-") in _GENERIC_TITLES


def _shorten(title: str) -> str:
    """``title`` with its first letter in upper case, cut at a word boundary if too long."""
    title = title[:1].upper() + title[1:]
    if len(title) <= TITLE_MAX_CHARS:
        return title
    cut = title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] or title[:TITLE_MAX_CHARS]
    return cut.rstrip(" ,;:-–") + "…"


def _name_title(group: MeetingGroup, series: NamedSeries) -> str:
    """A title made from the folder or file name, e.g. "Styrelsen 2024-10-10" (or what the
    series calls a meeting, when the name is a date)."""
    path = PurePosixPath(group.key)
    name = " ".join((path.name if group.folder else path.stem).replace("_", " ").split())
    if _is_date_only(name) and series.folder:
        prefix = series.meeting or series.folder.rsplit("/", 1)[-1].replace("_", " ")
        name = f"{prefix} {name}".strip()
    return _shorten(name) or "Möte"
