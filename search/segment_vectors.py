"""The passage vectors of a snapshot: one index per segment (FAISS, or a database table),
after one another."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from indexer.store.vectors import PassageVectors


@dataclass(frozen=True)
class VectorPart:
    """One segment's vectors and where its rows start in the snapshot."""

    offset: int
    vectors: PassageVectors | Any  # or a database's (``indexer.store.pg.segment_parts``)

    def __len__(self) -> int:
        return len(self.vectors)


class SegmentedVectors:
    """Every segment's vectors; a row is a segment's offset plus its row in the segment."""

    def __init__(self, parts: Sequence[VectorPart]):
        self.parts = list(parts)

    @classmethod
    def of(cls, vectors: PassageVectors) -> SegmentedVectors:
        """The vectors of a snapshot of one segment."""
        return cls([VectorPart(0, vectors)])

    def __len__(self) -> int:
        return sum(len(part) for part in self.parts)

    @cached_property
    def _every_vector(self) -> np.ndarray:
        """Every segment's vectors in one matrix (read once: it is as large as they are)."""
        stored = [part.vectors.stored() for part in self.parts if len(part)]
        return np.concatenate(stored) if stored else np.zeros((0, 1), dtype=np.float32)

    def exact_rows(self, vector: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[int]:
        """The ``k`` rows (allowed by ``mask``) of highest inner product with ``vector``, by
        brute force over every vector (for measuring what a graph finds)."""
        if not len(self._every_vector):
            return []
        found = self._every_vector @ np.asarray(vector, dtype=np.float32)
        rows = np.arange(len(found)) if mask is None else np.flatnonzero(mask)
        return rows[np.argsort(-found[rows], kind="stable")[:k]].tolist()
