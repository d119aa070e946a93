"""Group the corpus files into meetings and work out each meeting's title, date and series."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path, PurePosixPath

from indexer.dates import MONTH_PATTERN, DateRange, date_from_name, date_from_text
from indexer.documents import ExtractedDocument, UnreadableDocument

ROOT = "."  # the corpus root as a folder key, as PurePosixPath writes it

_ATTACHMENT_FOLDERS = {"attachment", "attachments", "appendix", "appendices", "underlag"}
_ATTACHMENT_WORDS = re.compile(r"bilag|bildspel|presentation|rapport|underlag|appendix|attachment")
_MINUTES_WORDS = re.compile(r"protokoll|minnesanteckning|anteckningar|minutes")


@dataclass
class MeetingGroup:
    """The files of one meeting; ``key`` is its folder (meeting.toml) or its lone file."""

    key: str
    folder: str | None
    minutes: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    toml_path: str | None = None


@dataclass
class MeetingInfo:
    """What members see of a meeting; ``date_end == date`` for a one-day meeting."""

    title: str
    date: dt.date | None
    date_end: dt.date | None
    series: str | None


# -- grouping ----------------------------------------------------------------------------


def is_attachment_folder(name: str) -> bool:
    """A folder such as ``bilagor``, ``Bilaga 3`` or ``attachments``."""
    folded = name.casefold()
    return folded.startswith("bilag") or folded in _ATTACHMENT_FOLDERS


def is_attachment_name(path: str) -> bool:
    """A file name that says attachment ("bilaga", "bildspel" …) before it says minutes."""
    stem = PurePosixPath(path).stem.casefold()
    attachment = _ATTACHMENT_WORDS.search(stem)
    minutes = _MINUTES_WORDS.search(stem)
    return attachment is not None and (minutes is None or attachment.start() < minutes.start())


def group_meetings(
    files: Sequence[str],
    meeting_tomls: Sequence[str],
    toml_contents: Mapping[str, Mapping] | None = None,
) -> list[MeetingGroup]:
    """Group corpus-relative file paths into meetings, sorted by key.

    ``toml_contents`` maps a meeting.toml path to its content (``read_meeting_toml``); it is
    only needed for the ``minutes`` key, which names the minutes of a folder meeting.
    """
    toml_by_folder = {_parent(t): t for t in meeting_tomls}
    in_folders: dict[str, list[str]] = defaultdict(list)
    loose: list[str] = []
    for path in files:
        folder = _meeting_folder(path, toml_by_folder)
        if folder is None:
            loose.append(path)
        else:
            in_folders[folder].append(path)
    groups = {
        folder: _folder_group(folder, paths, toml_by_folder[folder], toml_contents or {})
        for folder, paths in in_folders.items()
    }
    _add_loose_files(loose, groups)
    return [groups[key] for key in sorted(groups)]


def _parent(path: str) -> str:
    return str(PurePosixPath(path).parent)


def _ancestors(path: str) -> Iterable[str]:
    """The folders above ``path``, nearest first, ending with the root."""
    for parent in PurePosixPath(path).parents:
        yield str(parent)


def _meeting_folder(path: str, toml_by_folder: Mapping[str, str]) -> str | None:
    """The nearest folder above ``path`` that holds a meeting.toml."""
    return next((f for f in _ancestors(path) if f in toml_by_folder), None)


def _folder_group(
    folder: str, paths: list[str], toml_path: str, toml_contents: Mapping[str, Mapping]
) -> MeetingGroup:
    paths = sorted(paths)
    named = _named_minutes(folder, paths, toml_contents.get(toml_path))
    guessed = [p for p in paths if not _is_attachment_in(folder, p)] or paths[:1]
    minutes = named or guessed
    attachments = [p for p in paths if p not in set(minutes)]
    return MeetingGroup(folder, folder, minutes, attachments, toml_path)


def _relative_to(folder: str, path: str) -> str:
    return path if folder == ROOT else path[len(folder) + 1 :]


def _named_minutes(folder: str, paths: list[str], toml: Mapping | None) -> list[str]:
    """The files that meeting.toml names as minutes (by path in the folder or file name)."""
    names = (toml or {}).get("minutes") or []
    names = [names] if isinstance(names, str) else names
    return [p for p in paths if {_relative_to(folder, p), PurePosixPath(p).name} & set(names)]


def _is_attachment_in(folder: str, path: str) -> bool:
    inner_folders = PurePosixPath(_relative_to(folder, path)).parts[:-1]
    return any(map(is_attachment_folder, inner_folders)) or is_attachment_name(path)


def _attachment_folder_parent(path: str) -> str | None:
    """For a file below an attachment folder: the folder that holds the outermost one."""
    parts = PurePosixPath(path).parts[:-1]
    for depth, name in enumerate(parts):
        if is_attachment_folder(name):
            return str(PurePosixPath(*parts[:depth]))  # "." at the root
    return None


def _add_loose_files(loose: list[str], groups: dict[str, MeetingGroup]) -> None:
    """Add the files outside meeting.toml folders: each is a meeting, or an attachment of one."""
    in_attachment_folder = {p: _attachment_folder_parent(p) for p in loose}
    lone = sorted(p for p, parent in in_attachment_folder.items() if parent is None)
    for path in lone:
        groups[path] = MeetingGroup(path, None, [path])
    dates = {key: _name_date(key) for key in groups}
    for path, host in _same_folder_hosts(lone, dates).items():
        groups[host].attachments.append(groups.pop(path).minutes[0])
    meetings_in: dict[str, list[str]] = defaultdict(list)  # folder → keys of meetings there
    for key in sorted(groups):
        meetings_in[_parent(key)].append(key)
    for path in sorted(p for p, parent in in_attachment_folder.items() if parent is not None):
        keys = meetings_in[in_attachment_folder[path]]
        host = _same_day(_name_date(path), keys, dates) or (keys[0] if len(keys) == 1 else None)
        if host is None:
            groups[path] = MeetingGroup(path, None, [], [path])
        else:
            groups[host].attachments.append(path)


def _name_date(path: str) -> DateRange | None:
    return date_from_name(PurePosixPath(path).name)


def _same_folder_hosts(lone: list[str], dates: Mapping[str, DateRange | None]) -> dict[str, str]:
    """Files named as attachments that lie next to minutes of the same date → those minutes."""
    minutes_in: dict[str, list[str]] = defaultdict(list)  # folder → minutes there
    for path in lone:
        if not is_attachment_name(path):
            minutes_in[_parent(path)].append(path)
    hosts = {}
    for path in filter(is_attachment_name, lone):
        host = _same_day(dates[path], minutes_in[_parent(path)], dates)
        if host is not None:
            hosts[path] = host
    return hosts


def _same_day(
    date: DateRange | None, keys: list[str], dates: Mapping[str, DateRange | None]
) -> str | None:
    """The first of the meetings ``keys`` whose name date holds ``date``."""
    if date is None:
        return None
    for key in keys:
        meeting_date = dates[key]
        if meeting_date is not None and meeting_date.start <= date.start <= meeting_date.end:
            return key
    return None


# -- meeting.toml ------------------------------------------------------------------------


def read_meeting_toml(path: Path) -> dict:
    """Read and check a meeting.toml; dates come back as ``datetime.date``, minutes as a list."""
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise UnreadableDocument(f"invalid meeting.toml: {error}") from error
    except OSError as error:
        raise UnreadableDocument(f"meeting.toml cannot be read: {error.strerror}") from error
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
    data.update(_toml_dates(data))
    data.pop("end_date", None)
    return data


def _toml_dates(data: Mapping) -> dict[str, dt.date]:
    """``date`` and ``date_end`` of a meeting.toml (``end_date`` is accepted as well)."""
    end_key = "date_end" if "date_end" in data else "end_date"
    start, end = _toml_date(data, "date"), _toml_date(data, end_key)
    if start is None:
        if end is not None:
            raise UnreadableDocument(f'invalid meeting.toml: "{end_key}" needs a "date"')
        return {}
    last = end.end if end else start.end
    if last < start.start:
        raise UnreadableDocument(f'invalid meeting.toml: "{end_key}" is before "date"')
    return {"date": start.start, "date_end": last}


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


# -- title, date and series --------------------------------------------------------------

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
_AGENDA_LINE = re.compile(
    r"§|[0-9]{1,2}[.):\s]|.*\b(?:öppna|dagordning|närvarande|kallade|justera)", re.IGNORECASE
)


def infer_meeting_info(
    group: MeetingGroup, docs: Mapping[str, ExtractedDocument], toml: Mapping | None
) -> MeetingInfo:
    """Title, date and series of a meeting: meeting.toml first, then its files' names and text."""
    toml = toml or {}
    primary = group.minutes or group.attachments
    found = [docs[p] for p in primary if p in docs]
    series = toml.get("series") or meeting_series(group)
    date = _meeting_date(group, primary, found, toml)
    title = toml.get("title") or _document_title(found) or _name_title(group, series)
    return MeetingInfo(title, date and date.start, date and date.end, series)


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
    from_toml = _toml_dates(toml)
    if from_toml:
        return DateRange(from_toml["date"], from_toml["date_end"])
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
    """The first heading or short line of a text (joined to the next one if it is generic), or
    the value of a "Möte: …" line."""
    lines = (_clean_line(line) for line in text[:4000].splitlines())
    head = list(islice(filter(None, lines), _TITLE_LINES))
    for index, line in enumerate(head):
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


def _name_title(group: MeetingGroup, series: str | None) -> str:
    """A title made from the folder or file name, e.g. "Styrelsen 2024-10-10"."""
    path = PurePosixPath(group.key)
    name = " ".join((path.name if group.folder else path.stem).replace("_", " ").split())
    if _is_date_only(name) and series:
        name = f"{series.rsplit('/', 1)[-1].replace('_', ' ')} {name}".strip()
    return _shorten(name) or "Möte"
