"""Which meetings of the corpus changed since the previous snapshot, worked out without
reading anything of those that did not.

A meeting is *untouched* when the previous snapshot holds it with the same files, none of them
read again, and its meeting.toml (if any) unchanged: its inferred info, title core and
signature are the stored ones. The others' info is inferred from their documents (the
unchanged ones' text from the previous snapshot). Titles are told apart over every meeting
(``titles``): a title is dated when it is generic or its core is shared, so an untouched
meeting is *affected* only when its core went from shared to its own or back. A meeting
*changed* when it is new, or touched or affected and its signature (files, meeting.toml,
final info) differs from the stored one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from indexer.assembly import inferred_info, meeting_signature
from indexer.corpus_reading import CorpusRead
from indexer.meetings import (
    MeetingGroup,
    MeetingInfo,
    SeriesNames,
    distinct_title,
    title_core,
)
from indexer.previous import PreviousIndex, PreviousMeeting
from indexer.records import DocumentContent


@dataclass
class MeetingChanges:
    """Every meeting of the corpus with its signature, which changed and which are gone, the
    contents read so far (the documents read now and of touched meetings), and each meeting's
    info when asked."""

    groups: list[MeetingGroup]
    stored: Mapping[str, PreviousMeeting]
    inferred: dict[str, MeetingInfo]  # of the touched meetings, by key
    cores: dict[str, str]
    signatures: dict[str, str]
    changed: set[str]
    gone: set[str]
    contents: dict[str, DocumentContent]  # by document path
    _counts: Counter[str] = field(init=False, repr=False)  # meetings by title core

    def __post_init__(self) -> None:
        self._counts = Counter(core for core in self.cores.values() if core)

    def inferred_info(self, key: str) -> MeetingInfo:
        """The meeting's info before titles were told apart."""
        found = self.inferred.get(key)
        return found if found is not None else self.stored[key].inferred()

    def info(self, key: str) -> MeetingInfo:
        """The meeting's info, its title told apart from the other meetings'."""
        core = self.cores[key]
        return distinct_title(self.inferred_info(key), core, self._counts[core])


def find_changes(
    groups: list[MeetingGroup],
    read: CorpusRead,
    previous: PreviousIndex,
    stored: Mapping[str, PreviousMeeting],
    series_names: SeriesNames,
    same_chunking: bool,
) -> MeetingChanges:
    """The changes of ``groups`` (every meeting of the corpus, as ``read``) against the
    ``stored`` meetings of ``previous`` (none: every meeting is written)."""
    touched = [g for g in groups if not _untouched(g, read, stored.get(g.key))]
    wanted = [p for g in touched for p in _files(g) if p not in read.documents]
    contents = {**read.documents, **stored_contents(previous, wanted, same_chunking)}
    extracted = {path: content.extracted for path, content in contents.items()}
    inferred = {g.key: inferred_info(g, extracted, read.tomls, series_names) for g in touched}
    cores = {
        g.key: title_core(inferred[g.key]) if g.key in inferred else stored[g.key].core
        for g in groups
    }
    changes = MeetingChanges(groups, stored, inferred, cores, {}, set(), set(), contents)
    affected = set(inferred) | _retitled(cores, stored)
    for group in groups:
        if group.key in affected:
            sha256 = {path: read.sha256(path) for path in _files(group)}
            info = changes.info(group.key)
            changes.signatures[group.key] = meeting_signature(group, read.tomls, info, sha256)
        else:
            changes.signatures[group.key] = stored[group.key].signature
    changes.changed = {
        key
        for key, signature in changes.signatures.items()
        if key not in stored or stored[key].signature != signature
    }
    changes.gone = set(stored) - set(changes.signatures)
    return changes


def _retitled(cores: Mapping[str, str], stored: Mapping[str, PreviousMeeting]) -> set[str]:
    """The stored meetings whose title core went from shared to their own, or back."""
    now = Counter(core for core in cores.values() if core)
    before = Counter(meeting.core for meeting in stored.values() if meeting.core)
    return {
        key
        for key, core in cores.items()
        if key in stored and core and (now[core] == 1) != (before[core] == 1)
    }


def stored_contents(
    previous: PreviousIndex, paths: list[str], same_chunking: bool
) -> dict[str, DocumentContent]:
    """The stored contents of the documents at ``paths``, without their chunks when they were
    cut with other chunking parameters."""
    found = previous.contents(paths)
    return found if same_chunking else {p: replace(c, chunks=None) for p, c in found.items()}


def _files(group: MeetingGroup) -> list[str]:
    return group.minutes + group.attachments


def _untouched(group: MeetingGroup, read: CorpusRead, stored: PreviousMeeting | None) -> bool:
    files = _files(group)
    return (
        stored is not None
        and set(files) == stored.paths
        and all(path in read.unchanged for path in files)
        and (group.toml_path is None or group.toml_path not in read.changed_paths)
    )
