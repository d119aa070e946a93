"""vectors.faiss: the passage vectors, exact inner product or (for large indexes) HNSW."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from indexer.store.layout import VECTORS

EXACT_SEARCH_LIMIT = 200_000  # above this many vectors, an HNSW graph replaces exact search


def write_vectors(snapshot: Path, vectors: np.ndarray, file_name: str = VECTORS) -> str:
    """Write a FAISS index of ``vectors`` (the passages', by default); returns its type."""
    dim = vectors.shape[1]
    index: faiss.Index
    if len(vectors) > EXACT_SEARCH_LIMIT:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        kind = "hnsw"
    else:
        index = faiss.IndexFlatIP(dim)
        kind = "flat"
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    faiss.write_index(index, str(snapshot / file_name))
    return kind


def read_vectors(snapshot: Path, file_name: str = VECTORS) -> faiss.Index:
    """A FAISS index of a snapshot (the passages', by default)."""
    return faiss.read_index(str(snapshot / file_name))
