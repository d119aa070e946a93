"""Open the published snapshot for queries, and follow CURRENT when a new one is published."""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path

import bm25s
import numpy as np

from indexer.embedders import Embedder, load_embedder
from indexer.lexical import Vocabulary
from indexer.store import IndexDir, Manifest, read_manifest
from indexer.store.layout import DECISION_BM25_DIR
from indexer.store.lexical_index import read_bm25, read_vocabulary
from indexer.store.queries import MetadataReader
from indexer.store.vectors import PassageVectors, read_decision_vectors, read_vectors


class ModelMismatch(Exception):
    """The index was built with another embedding model than the one asked for."""


class Snapshot:
    """One published snapshot, loaded: metadata, vectors, the BM25 index and its vocabulary;
    the decisions' vectors and BM25 index on first use."""

    def __init__(self, path: Path):
        self.path = path
        self.name = path.name
        self.manifest: Manifest = read_manifest(path)
        self.meta = MetadataReader(path)
        self.vectors: PassageVectors = read_vectors(path)
        self.bm25: bm25s.BM25 | None = read_bm25(path)

    @cached_property
    def vocabulary(self) -> Vocabulary | None:
        return read_vocabulary(self.path)

    @cached_property
    def decision_vectors(self) -> np.ndarray:
        """The decisions' vectors, one row per decision (few enough to hold as a matrix)."""
        return read_decision_vectors(self.path)

    @cached_property
    def decision_table(self) -> list[tuple[int, str]]:
        """(passage row, outcome) of each decision, in decision-row order."""
        return self.meta.decision_table()

    @cached_property
    def decision_bm25(self) -> bm25s.BM25 | None:
        return read_bm25(self.path, DECISION_BM25_DIR)

    @property
    def model(self) -> str:
        return self.manifest.model

    @property
    def corpus(self) -> Path:
        return Path(self.manifest.corpus)

    def __len__(self) -> int:
        return self.manifest.counts.chunks


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
