"""What the published snapshot already holds, so a re-index can reuse it: the state of every
corpus file it was built from and its live meetings (read up front, without their text), and
the text of whichever documents the build asks for (read when asked)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from indexer.lexical import WordCounts
from indexer.meetings import MeetingInfo
from indexer.records import DocumentContent, SourceRecord
from indexer.store import (
    DamagedManifest,
    IndexDir,
    Manifest,
    NoSnapshot,
    SnapshotCounts,
    read_manifest,
)
from indexer.store.checks import reuse_problems
from indexer.store.queries import PassageParts, parse_info
from indexer.store.snapshot_metadata import SnapshotMetadata
from indexer.store.snapshot_source import FolderSource, SnapshotSource


class PreviousMeeting(NamedTuple):
    """A live meeting of the published snapshot: what tells whether it changed, the segment
    (its number in the manifest) that holds it, and the paths of its documents (a tuple: an
    index of a million passages makes tens of thousands of them)."""

    id: str
    signature: str
    core: str  # the words of its title that could name it (``titles.title_core``)
    inferred_json: str  # its info before titles were told apart
    segment: int
    paths: frozenset[str]

    def inferred(self) -> MeetingInfo:
        return parse_info(self.inferred_json)


@dataclass
class PreviousIndex:
    """The published snapshot as the next build sees it (empty before the first build)."""

    name: str | None = None
    manifest: Manifest | None = None
    path: Path | None = None
    # every corpus file it was built from: documents, files that failed, meeting.toml files
    sources: dict[str, SourceRecord] = field(default_factory=dict)
    # what is wrong with the published snapshot when its files do not match their checks:
    # then nothing of it is reused, and the build writes every meeting anew
    damage: list[str] = field(default_factory=list)
    metadata: SnapshotMetadata | None = None
    source: SnapshotSource | None = None
    # the corpus paths of each live meeting's documents, by meeting id
    paths: dict[str, set[str]] = field(default_factory=dict)

    @cached_property
    def meetings(self) -> dict[str, PreviousMeeting]:
        """Its live meetings by key, read when a build needs them (a no-op needs none)."""
        if self.metadata is None:
            return {}
        return {
            stored.key: PreviousMeeting(
                stored.id,
                stored.signature,
                stored.core,
                stored.inferred_json,
                segment,
                frozenset(self.paths.get(stored.id, ())),
            )
            for segment, stored in self.metadata.stored_meetings()
        }

    @property
    def meeting_count(self) -> int:
        """How many live meetings it holds."""
        return self.manifest.counts.meetings if self.manifest else 0

    @property
    def chunks(self) -> int:
        return self.manifest.counts.chunks if self.manifest else 0

    @property
    def decisions(self) -> int:
        return self.manifest.counts.decisions if self.manifest else 0

    @property
    def sentences(self) -> int:
        return self.manifest.counts.sentences if self.manifest else 0

    @property
    def documents(self) -> set[str]:
        """The corpus paths of its documents."""
        return {path for path, s in self.sources.items() if s.status == "document"}

    @property
    def meeting_signatures(self) -> dict[str, str]:
        return {key: meeting.signature for key, meeting in self.meetings.items()}

    def contents(self, paths: Iterable[str]) -> dict[str, DocumentContent]:
        """The stored state, text and chunks of the documents at ``paths``."""
        return self.metadata.document_contents(paths) if self.metadata else {}

    def passage_parts(self, meeting_ids: Iterable[str]) -> list[PassageParts]:
        """What the passages of these meetings were embedded as, in parts."""
        return self.metadata.passage_parts(meeting_ids) if self.metadata else []

    def live_counts(self, segment: int, dead: Iterable[str]) -> SnapshotCounts:
        """What segment number ``segment`` holds with the meetings ``dead`` left out."""
        assert self.metadata is not None, "only a stored snapshot has segments"
        return self.metadata.live_counts(segment, dead)

    def word_counts(self) -> WordCounts:
        """The word and stem counts of its live passages."""
        return self.source.word_counts() if self.source else WordCounts()

    def close(self) -> None:
        if self.metadata is not None:
            self.metadata.close()


def load_previous(index: IndexDir) -> PreviousIndex:
    """Read the current snapshot; an unreadable or older-schema one counts as none, and so does
    a damaged one (with its ``damage``): a file of another size than recorded, or touched
    since and of other content, is damage."""
    try:
        snapshot = index.current()
        manifest = read_manifest(snapshot)
    except DamagedManifest as error:
        return PreviousIndex(damage=[str(error)])
    except (NoSnapshot, OSError, ValueError):
        return PreviousIndex()
    if not manifest.files:  # written before snapshots recorded their files: built anew
        return PreviousIndex()
    damage = reuse_problems(snapshot, manifest.files)
    if damage:
        return PreviousIndex(damage=damage)
    try:
        return previous_of(FolderSource(snapshot, manifest))
    except (sqlite3.DatabaseError, OSError, ValueError) as error:  # not found by the checks
        return PreviousIndex(damage=[f"the published snapshot cannot be read ({error})"])


def previous_of(source: SnapshotSource) -> PreviousIndex:
    """The snapshot of ``source`` as the next build sees it."""
    manifest = source.manifest()
    metadata = SnapshotMetadata(manifest, source.open_segment)
    try:
        sources = source.sources()
        paths: dict[str, set[str]] = {}
        for meeting_id, found in metadata.document_sources():
            sources[found.path] = found
            paths.setdefault(meeting_id, set()).add(found.path)
    except BaseException:
        metadata.close()
        raise
    return PreviousIndex(source.name, manifest, source.path, sources, [], metadata, source, paths)


def published_documents(index: IndexDir) -> set[str]:
    """The corpus paths of the documents in the published snapshot (none when unreadable)."""
    try:
        snapshot = index.current()
        metadata = SnapshotMetadata.of_folder(snapshot, read_manifest(snapshot))
    except (NoSnapshot, OSError, ValueError, sqlite3.Error):
        return set()
    return documents_of(metadata, sqlite3.Error)


def documents_of(metadata: SnapshotMetadata, failure: type[Exception]) -> set[str]:
    """The corpus paths of the live documents of ``metadata`` (none when ``failure`` is
    raised reading them), which is closed after."""
    try:
        return {source.path for _, source in metadata.document_sources()}
    except failure:
        return set()
    finally:
        metadata.close()
