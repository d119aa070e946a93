"""What the published snapshot already holds, so a re-index can reuse it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from indexer.records import DocumentContent, SourceRecord
from indexer.store import (
    META_DB,
    DamagedManifest,
    IndexDir,
    Manifest,
    NoSnapshot,
    read_manifest,
)
from indexer.store.checks import content_problems
from indexer.store.queries import MetadataReader


@dataclass
class PreviousIndex:
    """The published snapshot as the next build sees it (empty before the first build)."""

    name: str | None = None
    manifest: Manifest | None = None
    documents: dict[str, DocumentContent] = field(default_factory=dict)
    sources: dict[str, SourceRecord] = field(default_factory=dict)
    meeting_signatures: dict[str, str] = field(default_factory=dict)
    # what is wrong with the published snapshot when its files do not match their checksums:
    # then nothing of it is reused, and the build publishes a new one
    damage: list[str] = field(default_factory=list)

    @property
    def chunks(self) -> int:
        return self.manifest.counts.chunks if self.manifest else 0

    @property
    def decisions(self) -> int:
        return self.manifest.counts.decisions if self.manifest else 0

    @property
    def sentences(self) -> int:
        return self.manifest.counts.sentences if self.manifest else 0


def load_previous(index: IndexDir) -> PreviousIndex:
    """Read the current snapshot; an unreadable or older-schema one counts as none, and so does
    a damaged one (with its ``damage``): its files are checked against their checksums."""
    try:
        snapshot = index.current()
        manifest = read_manifest(snapshot)
    except DamagedManifest as error:
        return PreviousIndex(damage=[str(error)])
    except (NoSnapshot, OSError, ValueError):
        return PreviousIndex()
    damage = content_problems(snapshot, manifest.files)
    if damage:
        return PreviousIndex(damage=damage)
    try:
        return _stored(snapshot, manifest)
    except sqlite3.DatabaseError as error:  # damaged in a way its checksum did not record
        return PreviousIndex(damage=[f"{META_DB} cannot be read ({error})"])


def _stored(snapshot: Path, manifest: Manifest) -> PreviousIndex:
    reader = MetadataReader(snapshot)
    try:
        return PreviousIndex(
            snapshot.name,
            manifest,
            reader.stored_documents(),
            reader.sources(),
            reader.meeting_signatures(),
        )
    finally:
        reader.close()


def published_documents(index: IndexDir) -> set[str]:
    """The corpus paths of the documents in the published snapshot (none when unreadable)."""
    try:
        reader = MetadataReader(index.current())
    except (NoSnapshot, OSError, sqlite3.Error):
        return set()
    try:
        return reader.document_paths()
    except sqlite3.Error:
        return set()
    finally:
        reader.close()
