"""Writing a snapshot and publishing it: the kept segments linked from the previous snapshot,
the new segment written, the vocabulary and sources, the manifest last, then CURRENT."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from indexer.lexical import Vocabulary, WordCounts
from indexer.records import SegmentContents, SourceRecord
from indexer.store.checks import FileCheck, record_files
from indexer.store.layout import SEGMENTS, IndexDir
from indexer.store.lexical_index import write_vocabulary
from indexer.store.manifest import Manifest, SegmentEntry, SnapshotCounts, write_manifest
from indexer.store.segments import SegmentVectors, link_segment, segment_folder, write_segment
from indexer.store.sentence_vectors import sentence_vectors_bytes
from indexer.store.sources import write_sources
from indexer.store.space import check_free_space, estimate_snapshot_bytes
from indexer.store.vectors import vector_index_bytes


@dataclass(frozen=True)
class KeptSegment:
    """A segment of the previous snapshot that the new one lists: its entry (with the dead
    meetings of the new snapshot) and what of it is live."""

    entry: SegmentEntry
    live: SnapshotCounts


@dataclass(frozen=True)
class NewSegment:
    contents: SegmentContents
    vectors: SegmentVectors


@dataclass(frozen=True)
class SnapshotParts:
    """Everything a new snapshot holds: the segments it keeps from ``previous`` (the folder
    of the published snapshot), the one it adds, its word counts and sources."""

    previous: Path | None
    previous_files: dict[str, FileCheck]
    kept: list[KeptSegment]
    new: Iterable[NewSegment]  # made one at a time, each just before it is written
    word_counts: WordCounts
    sources: list[SourceRecord]


def write_snapshot(
    index: IndexDir, parts: SnapshotParts, manifest: Manifest, exact_limit: int
) -> tuple[str, Manifest]:
    """Write a snapshot of ``parts`` with ``manifest`` (its segments, counts and files filled
    in here), publish it, and return its name and manifest."""
    name = snapshot_name()
    with index.new_snapshot(name) as snapshot:
        for kept in parts.kept:
            source = segment_folder(parts.previous or snapshot, kept.entry.name)
            link_segment(source, segment_folder(snapshot, kept.entry.name))

        def write_new(segment: str, new: NewSegment, vocabulary: Vocabulary) -> SegmentEntry:
            check_free_space(index.root, _new_bytes(new))
            folder = segment_folder(snapshot, segment)
            return write_segment(folder, new.contents, new.vectors, vocabulary, exact_limit)

        entries, live = write_segments(parts, name, write_new)
        write_vocabulary(snapshot, parts.word_counts)
        write_sources(snapshot, parts.sources)
        linked = {
            file: check
            for file, check in parts.previous_files.items()
            if any(file.startswith(f"{SEGMENTS}/{e.name}/") for e in entries)
        }
        complete = completed(manifest, entries, live, record_files(snapshot, linked))
        write_manifest(snapshot, complete)
        index.publish(name)
    return name, complete


def snapshot_name() -> str:
    """A new snapshot's name: when it is made, in UTC, to the microsecond."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def write_segments(
    parts: SnapshotParts,
    name: str,
    write_new: Callable[[str, NewSegment, Vocabulary], SegmentEntry],
) -> tuple[list[SegmentEntry], list[SnapshotCounts]]:
    """The entries of the snapshot ``name``'s segments, the kept ones first, and what each
    holds live: ``write_new`` writes each new segment (named ``name-0``, ``name-1``, …), one
    at a time, its terms analysed with the vocabulary of the new snapshot."""
    entries = [kept.entry for kept in parts.kept]
    live = [kept.live for kept in parts.kept]
    vocabulary = parts.word_counts.vocabulary()
    for number, new in enumerate(parts.new):
        entry = write_new(f"{name}-{number}", new, vocabulary)
        entries.append(entry)
        live.append(entry.counts)
        del new  # gone before the next segment is made
    return entries, live


def completed(
    manifest: Manifest,
    entries: list[SegmentEntry],
    live: list[SnapshotCounts],
    files: dict[str, FileCheck],
) -> Manifest:
    """``manifest`` with the snapshot's segments, live counts, files and build time."""
    return replace(
        manifest,
        counts=sum_counts(live),
        segments=entries,
        files=files,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _new_bytes(new: NewSegment) -> int:
    """About how many bytes a new segment takes (the kept ones take none: links)."""
    contents, vectors = new.contents, new.vectors
    return estimate_snapshot_bytes(
        (d.content.extracted.text for d in contents.documents),
        (p.text for p in contents.passages),
        vector_index_bytes(*vectors.passages.shape)
        + vector_index_bytes(*vectors.decisions.shape)
        + sentence_vectors_bytes(*vectors.sentences.shape),
        (s.sentence.shown for s in contents.sentences),
    )


def sum_counts(counts: list[SnapshotCounts]) -> SnapshotCounts:
    return SnapshotCounts(
        sum(c.meetings for c in counts),
        sum(c.documents for c in counts),
        sum(c.chunks for c in counts),
        sum(c.decisions for c in counts),
        sum(c.sentences for c in counts),
    )
