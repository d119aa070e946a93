"""sentences.npy: the vectors of the passages' sentences, one row per sentence row, float16.

Answering reads the vectors of a few passages' sentences at a time, so the file is a plain
NumPy array, memory-mapped when read: opening it reads nothing, and a question reads only its
rows. Half precision halves the file and moves a similarity by less than 0.001.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from indexer.store.failures import writing
from indexer.store.layout import SENTENCE_VECTORS

_DTYPE = np.dtype("<f2")


def write_sentence_vectors(snapshot: Path, vectors: np.ndarray) -> None:
    """Write the sentence vectors (one row per sentence) in half precision."""
    path = snapshot / SENTENCE_VECTORS
    with writing(path), open(path, "wb") as handle:
        np.save(handle, np.asarray(vectors, dtype=_DTYPE), allow_pickle=False)


def sentence_vectors_bytes(count: int, dim: int) -> int:
    """About how large the sentence vectors file is for ``count`` vectors of ``dim`` numbers."""
    return 128 + count * dim * _DTYPE.itemsize


def read_sentence_vectors(snapshot: Path) -> np.ndarray:
    """The sentence vectors, memory-mapped (ValueError when the file holds no such matrix)."""
    vectors = np.load(snapshot / SENTENCE_VECTORS, mmap_mode="r", allow_pickle=False)
    if vectors.ndim != 2 or vectors.dtype != _DTYPE:
        raise ValueError(f"holds a {vectors.dtype} array of shape {vectors.shape}")
    return vectors
