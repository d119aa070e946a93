"""vectors.faiss and decisions.faiss: the passage vectors, exact inner product or (for large
indexes) HNSW, and the decision vectors, exact.

Up to ``EXACT_SEARCH_LIMIT`` vectors the file holds an ``IndexFlatIP``: every search is exact.
Above it, an ``IndexHNSWFlat`` graph over the same vectors: each vector is linked to
``HNSW_M`` neighbours (twice that on the bottom layer), found among ``HNSW_EF_CONSTRUCTION``
candidates while it is added, and a search keeps ``HNSW_EF_SEARCH`` candidates unless it asks
for more (set when the file is read, so an older file searches as this code says). On the
development vectors replicated to 250,000 (``make bench-ann``) they give recall@10 0.98
against exact search, where efSearch 16 (faiss's default) gives 0.59 and M 32 (as built
before) at efSearch 256 about 0.93. The graph stores the vectors themselves, flat, so any
subset of them can still be searched exactly (``PassageVectors.exact``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from indexer.store.failures import writing
from indexer.store.layout import DECISION_VECTORS, VECTORS

EXACT_SEARCH_LIMIT = 200_000  # above this many vectors, an HNSW graph replaces exact search
HNSW_M = 48  # links per vector (faiss: 32): 2 × 48 × 4 bytes per vector beside its 4 × dim
HNSW_EF_CONSTRUCTION = 200  # candidates weighed when linking a new vector (faiss: 40)
HNSW_EF_SEARCH = 256  # candidates a search keeps (faiss: 16); at least as many as it returns


@dataclass(frozen=True)
class PassageVectors:
    """A snapshot's vectors: a flat index searched exactly, and an HNSW graph over it when
    the snapshot holds more than ``EXACT_SEARCH_LIMIT`` (``exact`` lives inside ``graph``)."""

    exact: faiss.Index
    graph: faiss.IndexHNSW | None = None

    def __len__(self) -> int:
        return int(self.exact.ntotal)

    def stored(self) -> np.ndarray:
        """Every vector, one row each (to search them all by brute force)."""
        return self.exact.reconstruct_n(0, len(self))


def write_vectors(
    snapshot: Path,
    vectors: np.ndarray,
    exact_limit: int = EXACT_SEARCH_LIMIT,
    file_name: str = VECTORS,
) -> str:
    """Write a FAISS index of ``vectors`` (the passages', by default), an HNSW graph when
    there are more than ``exact_limit``; returns the index type used ("flat" or "hnsw")."""
    dim = vectors.shape[1]
    index: faiss.Index
    if len(vectors) > exact_limit:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        kind = "hnsw"
    else:
        index = faiss.IndexFlatIP(dim)
        kind = "flat"
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    path = snapshot / file_name
    with writing(path), open(path, "wb") as handle:  # an OSError says why, unlike FAISS's own
        handle.write(faiss.serialize_index(index).data)
    return kind


def vector_index_bytes(count: int, dim: int) -> int:
    """About how large a vector index is for ``count`` vectors of ``dim`` float32 numbers."""
    size = count * dim * 4
    if count > EXACT_SEARCH_LIMIT:
        size += count * HNSW_M * 2 * 4  # the graph's links on its base layer (and some)
    return size


def read_vectors(snapshot: Path) -> PassageVectors:
    """The vectors of a snapshot; an HNSW graph searches ``HNSW_EF_SEARCH`` candidates wide.
    The vectors themselves are memory-mapped, not read (the graph's links are): opening the
    four graphs of a million passages took 1.5 s reading them, 0.4 s mapping them."""
    index = faiss.read_index(str(snapshot / VECTORS), faiss.IO_FLAG_MMAP_IFC)
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = HNSW_EF_SEARCH
        return PassageVectors(faiss.downcast_index(index.storage), index)
    return PassageVectors(index)


def read_decision_vectors(snapshot: Path) -> np.ndarray:
    """The decisions' vectors as a matrix, one row per decision."""
    index = faiss.read_index(str(snapshot / DECISION_VECTORS))
    if index.ntotal == 0:
        return np.zeros((0, index.d), dtype=np.float32)
    return index.reconstruct_n(0, index.ntotal)
