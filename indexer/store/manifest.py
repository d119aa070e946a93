"""A snapshot's manifest: what it was built from and with, written last as manifest.json."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from indexer.store.checks import FileCheck
from indexer.store.failures import writing
from indexer.store.layout import MANIFEST

SCHEMA_VERSION = 5  # bump when the format changes: older snapshots are then not reused


class SnapshotFormatError(ValueError):
    """A manifest that is malformed or of another schema version."""


class DamagedManifest(SnapshotFormatError):
    """A manifest that is not the JSON a build writes: truncated, overwritten, edited."""


@dataclass(frozen=True)
class SnapshotCounts:
    meetings: int = 0
    documents: int = 0
    chunks: int = 0
    decisions: int = 0
    sentences: int = 0


@dataclass(frozen=True)
class SegmentEntry:
    """A segment of a snapshot: its folder under ``segments/``, how many rows it holds (its
    dead ones too), its kind of vector index ("flat" or "hnsw"), and the ids of its meetings
    that are dead in this snapshot (replaced by a newer segment, or gone from the corpus)."""

    name: str
    counts: SnapshotCounts
    vector_index: str
    dead: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SegmentEntry:
        counts = SnapshotCounts(**data["counts"])
        return cls(data["name"], counts, data["vector_index"], tuple(data["dead"]))


@dataclass(frozen=True)
class Manifest:
    """The versions and parameters a snapshot was built with, and what it holds."""

    corpus: str
    model: str
    dim: int | None
    chunking: dict[str, int]
    analyzer_version: int
    readers_version: int
    sentences_version: int
    built_at: str
    counts: SnapshotCounts = field(default_factory=SnapshotCounts)  # the live rows
    segments: list[SegmentEntry] = field(default_factory=list)  # in the order of their rows
    series_names: dict[str, dict[str, str]] = field(default_factory=dict)  # the [series] table
    # every other file of the snapshot: its size and checksum (none in snapshots built before
    # they were recorded; the next build replaces such a snapshot)
    files: dict[str, FileCheck] = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION

    def same_readers(self, readers_version: int) -> bool:
        """Whether the files' extracted text can be reused by readers of this version."""
        return self.readers_version == readers_version

    def same_chunking(self, chunking: dict[str, int]) -> bool:
        """Whether the stored chunks were cut with these chunking parameters."""
        return self.chunking == chunking

    def reusable_for(
        self,
        *,
        model: str,
        chunking: dict[str, int],
        analyzer_version: int,
        sentences_version: int,
        series_names: dict[str, dict[str, str]],
    ) -> bool:
        """Whether a build with these settings would produce this snapshot from the same files."""
        return (
            self.model == model
            and self.same_chunking(chunking)
            and self.analyzer_version == analyzer_version
            and self.sentences_version == sentences_version
            and self.series_names == series_names
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        """The manifest of ``data`` (SnapshotFormatError when it is not one of this schema)."""
        if data.get("schema_version") != SCHEMA_VERSION:
            raise SnapshotFormatError(
                f"snapshot schema {data.get('schema_version')!r} is not supported"
            )
        try:
            files = {name: FileCheck(**check) for name, check in data.get("files", {}).items()}
            segments = [SegmentEntry.from_json(entry) for entry in data["segments"]]
            counts = SnapshotCounts(**data["counts"])
            return cls(**{**data, "counts": counts, "files": files, "segments": segments})
        except (KeyError, TypeError, AttributeError) as error:
            raise DamagedManifest(f"{MANIFEST} is damaged ({error})") from error


def read_manifest(snapshot: Path) -> Manifest:
    """The manifest of a snapshot directory (SnapshotFormatError when malformed or too old)."""
    try:
        data = json.loads((snapshot / MANIFEST).read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DamagedManifest(f"{MANIFEST} is damaged (not JSON)") from None
    if not isinstance(data, dict):
        raise DamagedManifest(f"{MANIFEST} is damaged (not a JSON object)")
    return Manifest.from_json(data)


def write_manifest(snapshot: Path, manifest: Manifest) -> None:
    """Write the manifest last: a snapshot without one is incomplete."""
    path = snapshot / MANIFEST
    with writing(path), open(path, "w", encoding="utf-8") as handle:
        json.dump(manifest.to_json(), handle, indent=2, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
