"""Group the corpus files into meetings: meeting.toml folders, lone files and their attachments."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from indexer.dates import DateRange, date_from_name
from indexer.lexicon import ATTACHMENT_NAME_WORDS, MINUTES_NAME_WORDS

ROOT = "."  # the corpus root as a folder key, as PurePosixPath writes it

_ATTACHMENT_FOLDERS = {"attachment", "attachments", "appendix", "appendices", "underlag"}
_ATTACHMENT_WORDS = re.compile(ATTACHMENT_NAME_WORDS)
_MINUTES_WORDS = re.compile(MINUTES_NAME_WORDS)


@dataclass
class MeetingGroup:
    """The files of one meeting; ``key`` is its folder (meeting.toml) or its lone file."""

    key: str
    folder: str | None
    minutes: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    toml_path: str | None = None


def is_attachment_folder(name: str) -> bool:
    """A folder such as ``bilagor``, ``Bilaga 3`` or ``attachments``."""
    folded = name.casefold()
    return folded.startswith("bilag") or folded in _ATTACHMENT_FOLDERS


def is_attachment_name(path: str) -> bool:
    """A file name that says attachment ("bilaga", "bildspel" …) before it says minutes."""
    stem = _stem(_name(path)).casefold()
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


# Corpus paths are relative POSIX paths as the scan writes them ("a/b/c.md": no "." or empty
# parts), so plain string operations do what PurePosixPath does, many times faster.


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _stem(name: str) -> str:
    """``name`` without its suffix, as PurePosixPath's ``stem``."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _parent(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ROOT


def _ancestors(path: str) -> Iterable[str]:
    """The folders above ``path``, nearest first, ending with the root."""
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        yield path
    yield ROOT


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
    return [p for p in paths if {_relative_to(folder, p), _name(p)} & set(names)]


def _is_attachment_in(folder: str, path: str) -> bool:
    inner_folders = _relative_to(folder, path).split("/")[:-1]
    return any(map(is_attachment_folder, inner_folders)) or is_attachment_name(path)


def _attachment_folder_parent(path: str) -> str | None:
    """For a file below an attachment folder: the folder that holds the outermost one."""
    parts = path.split("/")[:-1]
    for depth, name in enumerate(parts):
        if is_attachment_folder(name):
            return "/".join(parts[:depth]) or ROOT
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
    for path, parent in sorted(in_attachment_folder.items()):
        if parent is None:
            continue
        keys = meetings_in[parent]
        meeting = _same_day(_name_date(path), keys, dates) or (keys[0] if len(keys) == 1 else None)
        if meeting is None:
            groups[path] = MeetingGroup(path, None, [], [path])
        else:
            groups[meeting].attachments.append(path)


def _name_date(path: str) -> DateRange | None:
    return date_from_name(_name(path))


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
