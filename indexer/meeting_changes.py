"""Which meetings of the corpus changed since the previous snapshot, worked out without
reading the text of those that did not.

A meeting is *untouched* when the previous snapshot holds it with the same files, none of them
read again, and its meeting.toml (if any) unchanged: its inferred info is the stored one. The
others' info is inferred from their documents (the unchanged ones' text from the previous
snapshot). Titles are then told apart over every meeting (``distinct_titles``), and a meeting
*changed* when its signature (files, meeting.toml, final info) differs from the stored one, or
it is new.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from indexer.assembly import inferred_info, meeting_signature
from indexer.corpus_reading import CorpusRead
from indexer.meetings import MeetingGroup, MeetingInfo, SeriesNames, distinct_titles
from indexer.previous import PreviousIndex, PreviousMeeting
from indexer.records import DocumentContent


@dataclass
class MeetingChanges:
    """Every meeting of the corpus with its info and signature, which changed and which are
    gone, and the contents read so far (the documents read now and of touched meetings)."""

    groups: list[MeetingGroup]
    infos: dict[str, MeetingInfo]  # by meeting key
    inferred: dict[str, MeetingInfo]  # before titles were told apart
    signatures: dict[str, str]
    changed: set[str]
    gone: set[str]
    contents: dict[str, DocumentContent]  # by document path


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
    inferred = {g.key: stored[g.key].inferred for g in groups if g.key in stored}
    for group in touched:
        inferred[group.key] = inferred_info(group, extracted, read.tomls, series_names)
    final = distinct_titles([inferred[g.key] for g in groups])
    infos = {g.key: info for g, info in zip(groups, final, strict=True)}
    sha256 = {path: read.sha256(path) for path in read.paths}
    signatures = {g.key: meeting_signature(g, read.tomls, infos[g.key], sha256) for g in groups}
    changed = {
        g.key for g in groups if g.key not in stored or stored[g.key].signature != signatures[g.key]
    }
    gone = set(stored) - set(signatures)
    return MeetingChanges(groups, infos, inferred, signatures, changed, gone, contents)


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
