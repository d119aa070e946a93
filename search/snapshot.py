"""Open the published snapshot for queries, and follow CURRENT when a new one is published."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import bm25s
import numpy as np

from indexer.documents import Sentence
from indexer.embedders import Embedder, load_embedder
from indexer.lexical import Vocabulary
from indexer.store import DamagedSnapshot, IndexDir, Manifest, SnapshotFormatError, read_manifest
from indexer.store.checks import size_problems
from indexer.store.layout import (
    BM25_DIR,
    DECISION_BM25_DIR,
    DECISION_VECTORS,
    META_DB,
    SENTENCE_VECTORS,
    VECTORS,
    VOCABULARY,
)
from indexer.store.lexical_index import read_bm25, read_vocabulary
from indexer.store.queries import MetadataReader
from indexer.store.sentence_vectors import read_sentence_vectors
from indexer.store.vectors import PassageVectors, read_decision_vectors, read_vectors
from indexer.store.verify import first_line

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
    """One published snapshot, loaded: metadata, vectors, the BM25 index and its vocabulary;
    the decisions' vectors and BM25 index, and the sentences' vectors, on first use. A file
    that is missing, of another size than the manifest records, or that fails to load raises
    DamagedSnapshot."""

    def __init__(self, path: Path):
        self.path = path
        self.name = path.name
        self.manifest: Manifest = _checked_manifest(path)
        self.meta = self._load(META_DB, lambda: _opened_metadata(path))
        self.vectors: PassageVectors = self._load(VECTORS, lambda: read_vectors(path))
        self.bm25: bm25s.BM25 | None = self._load(BM25_DIR, lambda: read_bm25(path))

    def _load(self, name: str, load: Callable[[], T]) -> T:
        """What ``load`` returns; whatever a damaged file makes it raise is DamagedSnapshot."""
        try:
            return load()
        except Exception as error:  # FAISS, bm25s, numpy and SQLite each raise their own
            problem = f"{name} cannot be loaded ({first_line(error)})"
            raise DamagedSnapshot(self.path, [problem]) from None

    @cached_property
    def vocabulary(self) -> Vocabulary | None:
        return self._load(VOCABULARY, lambda: read_vocabulary(self.path))

    @cached_property
    def decision_vectors(self) -> np.ndarray:
        """The decisions' vectors, one row per decision (few enough to hold as a matrix)."""
        return self._load(DECISION_VECTORS, lambda: read_decision_vectors(self.path))

    @cached_property
    def sentence_vectors(self) -> np.ndarray:
        """The vectors of the passages' sentences, memory-mapped, one row per sentence."""
        return self._load(SENTENCE_VECTORS, lambda: read_sentence_vectors(self.path))

    def sentences_of(self, rows: Iterable[int]) -> dict[int, PassageSentences]:
        """The stored sentences of the passages at ``rows`` with their vectors, by row."""
        rows = list(rows)
        stored = self.meta.sentences(rows)
        vectors = self.sentence_vectors
        found = {}
        for row in rows:
            numbered = stored.get(row, [])
            at = [number for number, _ in numbered]
            matrix = np.asarray(vectors[at], dtype=np.float32)
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
    def decision_bm25(self) -> bm25s.BM25 | None:
        return self._load(DECISION_BM25_DIR, lambda: read_bm25(self.path, DECISION_BM25_DIR))

    @property
    def model(self) -> str:
        return self.manifest.model

    @property
    def corpus(self) -> Path:
        return Path(self.manifest.corpus)

    def __len__(self) -> int:
        return self.manifest.counts.chunks


def _opened_metadata(path: Path) -> MetadataReader:
    """The metadata reader, once a first query has shown the file is a database."""
    reader = MetadataReader(path)
    try:
        reader.row_counts()
    except BaseException:
        reader.close()
        raise
    return reader


class IndexReader:
    """Gives the current snapshot, reloading it when `minutes index` publishes a new one."""

    def __init__(self, index: Path, model: str | None = None, embedder: Embedder | None = None):
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
