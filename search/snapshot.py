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
from indexer.store import DamagedSnapshot, IndexDir, Manifest, SnapshotFormatError, read_manifest
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
)
from indexer.store.lexical_index import read_vocabulary
from indexer.store.postings import Postings, read_postings
from indexer.store.segments import SegmentRows, segment_folder, split_rows
from indexer.store.sentence_vectors import read_sentence_vectors
from indexer.store.snapshot_metadata import RowTable, SnapshotMetadata
from indexer.store.vectors import read_decision_vectors, read_vectors
from indexer.store.verify import first_line
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


def _checked_manifest(path: Path) -> Manifest:
    """The snapshot's manifest, once every file it records has its recorded size (cheap: no
    file is read); DamagedSnapshot otherwise."""
    try:
        manifest = read_manifest(path)
    except (SnapshotFormatError, OSError) as error:
        raise DamagedSnapshot(path, [str(error)]) from None
    problems = size_problems(path, manifest.files)
    if problems:
        raise DamagedSnapshot(path, problems)
    return manifest


class Snapshot:
    """One published snapshot, loaded: metadata, the row tables, the vectors; BM25 postings,
    the vocabulary, the decisions' vectors and postings and the sentences' vectors on first
    use. A file that is missing, of another size than the manifest records, or that fails to
    load raises DamagedSnapshot."""

    def __init__(self, path: Path):
        self.path = path
        self.name = path.name
        self.manifest: Manifest = _checked_manifest(path)
        self.starts = SegmentRows.of(self.manifest.segments)
        self.meta = self._load(META_DB, lambda: SnapshotMetadata(path, self.manifest))
        try:
            self.rows: RowTable = self._load(META_DB, self.meta.row_table)
            self.vectors = SegmentedVectors(
                [
                    VectorPart(
                        int(self.starts.passages[n]),
                        self._load_from(n, VECTORS, read_vectors),
                    )
                    for n in range(len(self.manifest.segments))
                ]
            )
        except BaseException:
            self.meta.close()
            raise

    def _load(self, name: str, load: Callable[[], T]) -> T:
        """What ``load`` returns; whatever a damaged file makes it raise is DamagedSnapshot."""
        try:
            return load()
        except Exception as error:  # FAISS, NumPy and SQLite each raise their own
            problem = f"{name} cannot be loaded ({first_line(error)})"
            raise DamagedSnapshot(self.path, [problem]) from None

    def _load_from(self, segment: int, name: str, load: Callable[[Path], T]) -> T:
        """What ``load`` returns of segment number ``segment``'s folder."""
        entry = self.manifest.segments[segment]
        folder = segment_folder(self.path, entry.name)
        return self._load(f"{SEGMENTS}/{entry.name}/{name}", lambda: load(folder))

    def _segments(self, name: str, load: Callable[[Path], T]) -> list[T]:
        return [self._load_from(n, name, load) for n in range(len(self.manifest.segments))]

    @property
    def live(self) -> np.ndarray | None:
        """The passage rows (as a mask) that are not dead; None when every row is live."""
        return self.rows.live_rows

    @cached_property
    def bm25(self) -> SegmentedBM25 | None:
        """BM25 over every segment's passages (None when there are none)."""
        postings = self._segments(POSTINGS_DIR, lambda f: read_postings(f / POSTINGS_DIR))
        return _bm25(postings, self.starts.passages, self.live)

    @cached_property
    def vocabulary(self) -> Vocabulary | None:
        return self._load(VOCABULARY, lambda: read_vocabulary(self.path))

    @cached_property
    def decision_vectors(self) -> np.ndarray:
        """The decisions' vectors, one row per decision (few enough to hold as a matrix)."""
        found = self._segments(DECISION_VECTORS, read_decision_vectors)
        return np.concatenate(found) if found else np.zeros((0, self.manifest.dim or 1), "f4")

    @cached_property
    def sentence_vectors(self) -> list[np.ndarray]:
        """Each segment's sentence vectors, memory-mapped, one row per sentence."""
        return self._segments(SENTENCE_VECTORS, read_sentence_vectors)

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
        folder = DECISION_POSTINGS_DIR
        postings = self._segments(folder, lambda f: read_postings(f / folder))
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

    def __init__(self, index: Path, model: str | None = None, embedder: Embedder | None = None):
        # A server answers many queries at once, and on a busy machine FAISS's OpenMP threads
        # wait for cores: one query on one thread is faster (design.md, *Vectors*).
        faiss.omp_set_num_threads(1)
        self.index = IndexDir(Path(index))
        self.requested_model = model
        self._snapshot: Snapshot | None = None
        self._embedders: dict[str, Embedder] = {embedder.model_id: embedder} if embedder else {}
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        """The published snapshot (raises NoSnapshot before the first build)."""
        path = self.index.current()
        with self._lock:
            if self._snapshot is None or self._snapshot.name != path.name:
                loaded = Snapshot(path)
                self._check_model(loaded)
                self._snapshot = loaded
            return self._snapshot

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
