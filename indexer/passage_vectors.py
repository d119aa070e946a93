"""The embedding step of a build: passage vectors from the cache, the rest from the model."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from indexer.embedders import Embedder
from indexer.store.embedding_cache import EmbeddingCache, text_key

_READ_AT_ONCE = 10_000  # cached vectors read per step, so that only the matrix holds them all


def embed_with_cache(
    embedder: Embedder,
    texts: Sequence[str],
    cache: EmbeddingCache,
    *,
    batch_size: int = 64,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, int, int]:
    """Embed ``texts`` as passages, reusing and filling ``cache``.

    Returns (matrix with one row per text in input order, number of distinct texts embedded
    now, number of input texts whose vector came from the cache). Each batch's vectors are
    stored before the next batch starts. ``on_start`` gets the number of texts to embed once
    the cache has been read, ``on_progress`` the running count of texts embedded so far.
    """
    keys = [text_key(text) for text in texts]
    rows: dict[str, list[int]] = {}
    for row, key in enumerate(keys):
        rows.setdefault(key, []).append(row)
    matrix = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    missing: list[str] = []
    unique = list(rows)
    for start in range(0, len(unique), _READ_AT_ONCE):  # vectors go straight into the matrix
        part = unique[start : start + _READ_AT_ONCE]
        found = cache.get_many(embedder.model_id, part)
        for key in part:
            if key in found:
                matrix[rows[key]] = found[key]
            else:
                missing.append(key)
    from_cache = len(texts) - sum(len(rows[key]) for key in missing)
    if on_start is not None:
        on_start(len(missing))
    for start in range(0, len(missing), batch_size):
        batch = missing[start : start + batch_size]
        embedded = embedder.embed_passages([texts[rows[key][0]] for key in batch])
        cache.put_many(embedder.model_id, dict(zip(batch, embedded, strict=True)))
        for key, vector in zip(batch, embedded, strict=True):
            matrix[rows[key]] = vector
        if on_progress is not None:
            on_progress(start + len(batch))
    return matrix, len(missing), from_cache
