"""The passage vectors of a snapshot: one FAISS index per segment, after one another."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from indexer.store.vectors import PassageVectors


@dataclass(frozen=True)
class VectorPart:
    """One segment's vectors and where its rows start in the snapshot."""

    offset: int
    vectors: PassageVectors

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

    def exact_rows(self, vector: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[int]:
        """The ``k`` rows (allowed by ``mask``) of highest inner product with ``vector``, by
        brute force over every vector (for measuring what a graph finds)."""
        scores = []
        for part in self.parts:
            stored = part.vectors.exact.reconstruct_n(0, len(part)) if len(part) else None
            if stored is not None:
                scores.append(stored @ np.asarray(vector, dtype=np.float32))
        if not scores:
            return []
        found = np.concatenate(scores)
        rows = np.arange(len(found)) if mask is None else np.flatnonzero(mask)
        return rows[np.argsort(-found[rows], kind="stable")[:k]].tolist()
