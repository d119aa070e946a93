"""Segments: immutable sets of whole meetings with everything a snapshot holds per passage.

A segment is written once, into ``segments/<name>/`` of the snapshot that makes it, and each
later snapshot that lists it holds hard links to the same files (no byte is copied; the
files go when the last snapshot linking them is removed). Its rows (passages, decisions,
sentences) are numbered from 0; a snapshot numbers them after the rows of the segments
before it (``SegmentRows``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.lexical import Vocabulary, analyze_many
from indexer.records import SegmentContents
from indexer.store.failures import writing
from indexer.store.layout import (
    DECISION_POSTINGS_DIR,
    DECISION_VECTORS,
    POSTINGS_DIR,
    SEGMENTS,
)
from indexer.store.manifest import SegmentEntry, SnapshotCounts
from indexer.store.metadata import write_metadata
from indexer.store.postings import build_postings, write_postings
from indexer.store.sentence_vectors import write_sentence_vectors
from indexer.store.vectors import EXACT_SEARCH_LIMIT, write_vectors


@dataclass(frozen=True)
class SegmentVectors:
    """The vectors of a segment's passages, decisions and sentences, one row each."""

    passages: np.ndarray
    decisions: np.ndarray
    sentences: np.ndarray


def segment_folder(snapshot: Path, name: str) -> Path:
    return snapshot / SEGMENTS / name


def write_segment(
    folder: Path,
    contents: SegmentContents,
    vectors: SegmentVectors,
    vocabulary: Vocabulary,
    exact_limit: int = EXACT_SEARCH_LIMIT,
) -> SegmentEntry:
    """Write a segment of ``contents`` into ``folder`` (created), its BM25 terms analysed
    with ``vocabulary``; returns its entry for the manifest (nothing dead yet)."""
    with writing(folder):
        folder.mkdir(parents=True)
    write_metadata(folder, contents)
    kind = write_vectors(folder, vectors.passages, exact_limit)
    write_vectors(folder, vectors.decisions, file_name=DECISION_VECTORS)
    write_sentence_vectors(folder, vectors.sentences)
    passage_texts = [p.embed_text for p in contents.passages]
    write_postings(folder / POSTINGS_DIR, build_postings(analyze_many(passage_texts, vocabulary)))
    decision_texts = [d.embed_text for d in contents.decisions]
    decision_terms = analyze_many(decision_texts, vocabulary)
    write_postings(folder / DECISION_POSTINGS_DIR, build_postings(decision_terms))
    return SegmentEntry(folder.name, counts_of(contents), kind)


def counts_of(contents: SegmentContents) -> SnapshotCounts:
    """How many meetings, documents, passages, decisions and sentences a segment holds."""
    return SnapshotCounts(
        len(contents.meetings),
        len(contents.documents),
        len(contents.passages),
        len(contents.decisions),
        len(contents.sentences),
    )


def link_segment(source: Path, target: Path) -> None:
    """Hard-link every file of the segment folder ``source`` into ``target`` (created)."""
    with writing(target):
        for dirpath, _dirnames, filenames in os.walk(source):
            folder = target / Path(dirpath).relative_to(source)
            folder.mkdir(parents=True)
            for name in filenames:
                os.link(Path(dirpath) / name, folder / name)


@dataclass(frozen=True)
class SegmentRows:
    """Where each segment's passages, decisions and sentences start in the snapshot."""

    passages: np.ndarray  # segment → its first passage row; one more entry: the total
    decisions: np.ndarray
    sentences: np.ndarray

    @classmethod
    def of(cls, segments: Sequence[SegmentEntry]) -> SegmentRows:
        def starts(sizes: list[int]) -> np.ndarray:
            return np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64)

        return cls(
            starts([s.counts.chunks for s in segments]),
            starts([s.counts.decisions for s in segments]),
            starts([s.counts.sentences for s in segments]),
        )


def split_rows(rows: Sequence[int] | np.ndarray, starts: np.ndarray) -> dict[int, list[int]]:
    """Snapshot rows grouped by the segment that holds them (``starts`` as in SegmentRows),
    in the order given."""
    found: dict[int, list[int]] = {}
    rows = np.asarray(rows, dtype=np.int64)
    segments = np.searchsorted(starts, rows, "right") - 1
    for row, segment in zip(rows.tolist(), segments.tolist(), strict=True):
        found.setdefault(segment, []).append(row)
    return found
