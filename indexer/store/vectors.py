"""vectors.faiss: the passage vectors, exact inner product or (for large indexes) HNSW."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from indexer.store.failures import writing
from indexer.store.layout import VECTORS

EXACT_SEARCH_LIMIT = 200_000  # above this many vectors, an HNSW graph replaces exact search
HNSW_LINKS = 32


def write_vectors(snapshot: Path, vectors: np.ndarray, file_name: str = VECTORS) -> str:
    """Write a FAISS index of ``vectors`` (the passages', by default); returns its type."""
    dim = vectors.shape[1]
    index: faiss.Index
    if len(vectors) > EXACT_SEARCH_LIMIT:
        index = faiss.IndexHNSWFlat(dim, HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
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
        size += count * HNSW_LINKS * 2 * 4  # the graph's links on its base layer (and some)
    return size


def read_vectors(snapshot: Path, file_name: str = VECTORS) -> faiss.Index:
    """A FAISS index of a snapshot (the passages', by default)."""
    return faiss.read_index(str(snapshot / file_name))
