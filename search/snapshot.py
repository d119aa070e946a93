"""Open the published snapshot for queries, and follow CURRENT when a new one is published.

A snapshot is a list of segments (``indexer.store.segments``): its rows are the segments'
rows one after the other, and the rows of dead meetings are left out by ``live`` (every row
mask of retrieval is ANDed with it) and by the metadata queries.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import faiss
import numpy as np

from indexer.documents import Sentence
from indexer.embedders import Embedder, load_embedder
from indexer.lexical import Vocabulary
from indexer.store import Manifest
from indexer.store.layout import META_DB
from indexer.store.manifest import SegmentEntry
from indexer.store.postings import Postings
from indexer.store.segments import SegmentRows, split_rows
from indexer.store.snapshot_metadata import RowTable, SnapshotMetadata
from indexer.store.snapshot_source import (
    DECISION_POSTINGS,
    PASSAGE_POSTINGS,
    FolderSource,
    SnapshotSource,
)
from indexer.stores import Store, open_store
from search.bm25 import PostingsPart, SegmentedBM25
from search.segment_vectors import SegmentedVectors, VectorPart

T = TypeVar("T")


@dataclass(frozen=True)
class DecisionRows:
    """What filtering and ranking decisions needs of each: the passage row that holds it,
    and its outcome (both indexed by decision row)."""

    passage: np.ndarray
    outcome: np.ndarray

    def __len__(self) -> int:
        return len(self.passage)


@dataclass(frozen=True)
class PassageSentences:
    """The stored sentences of one passage, in order, and their vectors (one row each)."""

    sentences: list[Sentence]
    vectors: np.ndarray


class ModelMismatch(Exception):
    """The index was built with another embedding model than the one asked for."""


class Snapshot:
    """One published snapshot, loaded from its source: metadata, the row tables, the
    vectors; BM25 postings, the vocabulary, the decisions' vectors and postings and the
    sentences' vectors on first use. A part that is missing or damaged raises
    DamagedSnapshot."""

    def __init__(self, source: SnapshotSource | Path):
        self.source = FolderSource(source) if isinstance(source, Path) else source
        self.path = self.source.path
        self.name = self.source.name
        self.manifest: Manifest = self.source.manifest()
        self.starts = SegmentRows.of(self.manifest.segments)
        self.meta = self.source.load(
            META_DB, lambda: SnapshotMetadata(self.manifest, self.source.open_segment)
        )
        try:
            self.rows: RowTable = self.source.load(META_DB, self.meta.row_table)
            self.vectors = SegmentedVectors(
                [
                    VectorPart(int(start), self.source.passage_vectors(entry))
                    for start, entry in zip(
                        self.starts.passages[:-1], self.manifest.segments, strict=True
                    )
                ]
            )
        except BaseException:
            self.meta.close()
            raise

    def _segments(self, load: Callable[[SegmentEntry], T]) -> list[T]:
        return [load(entry) for entry in self.manifest.segments]

    @property
    def live(self) -> np.ndarray | None:
        """The passage rows (as a mask) that are not dead; None when every row is live."""
        return self.rows.live_rows

    @cached_property
    def bm25(self) -> SegmentedBM25 | None:
        """BM25 over every segment's passages (None when there are none)."""
        postings = self._segments(lambda e: self.source.postings(e, PASSAGE_POSTINGS))
        return _bm25(postings, self.starts.passages, self.live)

    @cached_property
    def vocabulary(self) -> Vocabulary | None:
        return self.source.word_counts().vocabulary()

    @cached_property
    def decision_vectors(self) -> np.ndarray:
        """The decisions' vectors, one row per decision (few enough to hold as a matrix)."""
        found = self._segments(self.source.decision_vectors)
        return np.concatenate(found) if found else np.zeros((0, self.manifest.dim or 1), "f4")

    @cached_property
    def sentence_vectors(self) -> list[np.ndarray]:
        """Each segment's sentence vectors, one row per sentence, read where they are."""
        return self._segments(self.source.sentence_vectors)

    def sentences_of(self, rows: Iterable[int]) -> dict[int, PassageSentences]:
        """The stored sentences of the passages at ``rows`` with their vectors, by row."""
        rows = list(rows)
        stored = self.meta.sentences(rows)
        vectors = self.sentence_vectors
        found = {}
        for row in rows:
            numbered = stored.get(row, [])
            matrix = np.zeros((len(numbered), self.manifest.dim or 1), dtype=np.float32)
            at = [number for number, _ in numbered]
            for segment, wanted in split_rows(at, self.starts.sentences).items():
                local = np.asarray(wanted) - self.starts.sentences[segment]
                places = [at.index(number) for number in wanted]
                matrix[places] = np.asarray(vectors[segment][local], dtype=np.float32)
            found[row] = PassageSentences([sentence for _, sentence in numbered], matrix)
        return found

    @cached_property
    def decisions(self) -> DecisionRows:
        """Each decision's passage row and outcome, as arrays by decision row."""
        table = self.meta.decision_table()
        return DecisionRows(
            np.array([row for row, _ in table], dtype=np.int64),
            np.array([outcome for _, outcome in table], dtype=object),
        )

    @cached_property
    def decision_bm25(self) -> SegmentedBM25 | None:
        """BM25 over every segment's decisions (None when there are none)."""
        postings = self._segments(lambda e: self.source.postings(e, DECISION_POSTINGS))
        live = None if self.live is None else self.live[self.decisions.passage]
        return _bm25(postings, self.starts.decisions, live)

    @property
    def model(self) -> str:
        return self.manifest.model

    @property
    def corpus(self) -> Path:
        return Path(self.manifest.corpus)

    def __len__(self) -> int:
        return self.manifest.counts.chunks


def _bm25(
    postings: list[Postings], starts: np.ndarray, live: np.ndarray | None
) -> SegmentedBM25 | None:
    """BM25 over the postings of the segments that start at ``starts``, ``live`` rows only."""
    if not int(starts[-1]):
        return None
    return SegmentedBM25(
        [
            PostingsPart(
                int(start),
                found,
                None if live is None else live[int(start) : int(start) + len(found)],
            )
            for start, found in zip(starts[:-1], postings, strict=True)
        ]
    )


class IndexReader:
    """Gives the current snapshot, reloading it when `minutes index` publishes a new one."""

    def __init__(
        self,
        index: Path,
        model: str | None = None,
        embedder: Embedder | None = None,
        store: str | None = None,
    ):
        # A server answers many queries at once, and on a busy machine FAISS's OpenMP threads
        # wait for cores: one query on one thread is faster (design.md, *Vectors*).
        faiss.omp_set_num_threads(1)
        self.store: Store = open_store(store, Path(index))
        self.requested_model = model
        self._snapshot: Snapshot | None = None
        self._embedders: dict[str, Embedder] = {embedder.model_id: embedder} if embedder else {}
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        """The published snapshot (raises NoSnapshot before the first build)."""
        name = self.store.current()
        with self._lock:
            loaded = self._snapshot
            if loaded is None or loaded.name != name or loaded.source.closed:
                loaded = Snapshot(self.store.open(name))
                self._check_model(loaded)
                self._snapshot = loaded
            return loaded

    def _check_model(self, snapshot: Snapshot) -> None:
        if self.requested_model and self.requested_model != snapshot.model:
            raise ModelMismatch(
                f"the index was built with the model {snapshot.model!r} and cannot be queried "
                f"with {self.requested_model!r}: re-index with `minutes index --model "
                f"{self.requested_model}` or leave out --model"
            )

    def embedder(self, snapshot: Snapshot) -> Embedder:
        """The embedding model the snapshot was built with, loaded once."""
        with self._lock:
            if snapshot.model not in self._embedders:
                self._embedders[snapshot.model] = load_embedder(snapshot.model)
            return self._embedders[snapshot.model]
