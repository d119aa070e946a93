"""Where a published snapshot's parts are read from: the files of a snapshot folder, or (see
``indexer.store.pg``) the tables of a PostgreSQL database. The search side opens a snapshot
through a source, so it is the same whichever store holds it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np

from indexer.lexical import WordCounts
from indexer.records import SourceRecord
from indexer.store.checks import size_problems
from indexer.store.layout import (
    DECISION_POSTINGS_DIR,
    DECISION_VECTORS,
    META_DB,
    POSTINGS_DIR,
    SEGMENTS,
    SENTENCE_VECTORS,
    VECTORS,
    VOCABULARY,
    DamagedSnapshot,
)
from indexer.store.lexical_index import read_word_counts
from indexer.store.manifest import Manifest, SegmentEntry, SnapshotFormatError, read_manifest
from indexer.store.postings import read_postings
from indexer.store.queries import SegmentDatabase, SqliteSegment
from indexer.store.segments import segment_folder
from indexer.store.sentence_vectors import read_sentence_vectors
from indexer.store.sources import read_sources
from indexer.store.vectors import read_decision_vectors, read_vectors
from indexer.store.verify import first_line

T = TypeVar("T")

PASSAGE_POSTINGS, DECISION_POSTINGS = POSTINGS_DIR, DECISION_POSTINGS_DIR


class SnapshotSource(Protocol):
    """The parts of one published snapshot. ``postings`` is asked for ``PASSAGE_POSTINGS``
    or ``DECISION_POSTINGS``; the vectors and postings it gives are searched in place
    (memory-mapped files, or queries to the database)."""

    name: str
    path: Path | None  # the snapshot folder, for a snapshot made of files

    @property
    def closed(self) -> bool:
        """Whether it can no longer be read (its database connection was lost)."""
        ...

    def manifest(self) -> Manifest: ...

    def open_segment(self, entry: SegmentEntry) -> SegmentDatabase: ...

    def passage_vectors(self, entry: SegmentEntry) -> Any: ...

    def decision_vectors(self, entry: SegmentEntry) -> np.ndarray: ...

    def sentence_vectors(self, entry: SegmentEntry) -> Any: ...

    def postings(self, entry: SegmentEntry, kind: str) -> Any: ...

    def word_counts(self) -> WordCounts: ...

    def sources(self) -> dict[str, SourceRecord]: ...

    def load(self, name: str, load: Callable[[], T]) -> T:
        """What ``load`` returns; what it raises on a damaged part is DamagedSnapshot."""
        ...


class FolderSource:
    """A snapshot folder. The manifest is read once and every file it records is checked for
    its size; a file that is missing, of another size, or that fails to load raises
    DamagedSnapshot."""

    def __init__(self, path: Path, manifest: Manifest | None = None):
        """``manifest``: the snapshot's, when the caller has read and checked it already."""
        self.path: Path | None = path
        self.folder = path
        self.closed = False  # files stay readable
        self.name = path.name
        self._manifest = manifest

    def manifest(self) -> Manifest:
        if self._manifest is None:
            try:
                manifest = read_manifest(self.folder)
            except (SnapshotFormatError, OSError) as error:
                raise DamagedSnapshot(self.folder, [str(error)]) from None
            problems = size_problems(self.folder, manifest.files)
            if problems:
                raise DamagedSnapshot(self.folder, problems)
            self._manifest = manifest
        return self._manifest

    def open_segment(self, entry: SegmentEntry) -> SegmentDatabase:
        return self._segment(entry, META_DB, SqliteSegment)

    def passage_vectors(self, entry: SegmentEntry) -> Any:
        return self._segment(entry, VECTORS, read_vectors)

    def decision_vectors(self, entry: SegmentEntry) -> np.ndarray:
        return self._segment(entry, DECISION_VECTORS, read_decision_vectors)

    def sentence_vectors(self, entry: SegmentEntry) -> np.ndarray:
        return self._segment(entry, SENTENCE_VECTORS, read_sentence_vectors)

    def postings(self, entry: SegmentEntry, kind: str) -> Any:
        return self._segment(entry, kind, lambda folder: read_postings(folder / kind))

    def word_counts(self) -> WordCounts:
        return self.load(VOCABULARY, lambda: read_word_counts(self.folder))

    def sources(self) -> dict[str, SourceRecord]:
        return read_sources(self.folder)

    def load(self, name: str, load: Callable[[], T]) -> T:
        """What ``load`` returns; whatever a damaged file makes it raise is DamagedSnapshot."""
        try:
            return load()
        except Exception as error:  # FAISS, NumPy and SQLite each raise their own
            problem = f"{name} cannot be loaded ({first_line(error)})"
            raise DamagedSnapshot(self.folder, [problem]) from None

    def _segment(self, entry: SegmentEntry, name: str, load: Callable[[Path], T]) -> T:
        """What ``load`` returns of the folder of the segment ``entry``."""
        folder = segment_folder(self.folder, entry.name)
        return self.load(f"{SEGMENTS}/{entry.name}/{name}", lambda: load(folder))
