"""The embedding step of a build: passage vectors from the cache, the rest from the model."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from indexer.embedders import Embedder
from indexer.store.embedding_cache import EmbeddingCache, text_key


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
    vectors = cache.get_many(embedder.model_id, keys)
    from_cache = sum(key in vectors for key in keys)
    missing = list(
        {key: text for key, text in zip(keys, texts, strict=True) if key not in vectors}.items()
    )
    if on_start is not None:
        on_start(len(missing))
    for start in range(0, len(missing), batch_size):
        batch = missing[start : start + batch_size]
        embedded = embedder.embed_passages([text for _, text in batch])
        new = {key: row for (key, _), row in zip(batch, embedded, strict=True)}
        cache.put_many(embedder.model_id, new)
        vectors.update(new)
        if on_progress is not None:
            on_progress(start + len(batch))
    matrix = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for row, key in enumerate(keys):
        matrix[row] = vectors[key]
    return matrix, len(missing), from_cache
