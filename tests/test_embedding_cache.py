"""Tests of the SQLite embedding cache and of embedding through it."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from indexer.embedders import Embedder
from indexer.passage_vectors import embed_with_cache
from indexer.store.embedding_cache import EmbeddingCache, read_cached_vectors, text_key

TEXTS = [
    "Mötet öppnades av ordföranden.",
    "Styrelsen beslutade att införa distansarbete.",
    "Budgeten för 2024 antogs.",
    "Mötet avslutades.",
]


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "embeddings.sqlite"


def random_vectors(count: int, dim: int = 8) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    return {text_key(str(n)): rng.standard_normal(dim).astype(np.float32) for n in range(count)}


def test_text_key_is_sha256_of_utf8() -> None:
    assert text_key("§ 3 Beslut") == hashlib.sha256("§ 3 Beslut".encode()).hexdigest()
    assert text_key("a") != text_key("a ")


def test_every_vector_of_a_model_is_read_without_writing(cache_path: Path) -> None:
    vectors = random_vectors(3)
    with EmbeddingCache(cache_path) as cache:
        cache.put_many("model-a", vectors)
        cache.put_many("model-b", random_vectors(1))
    before = cache_path.read_bytes()
    read = read_cached_vectors(cache_path, "model-a")
    assert cache_path.read_bytes() == before
    assert sorted(map(tuple, read)) == sorted(map(tuple, vectors.values()))
    assert read_cached_vectors(cache_path, "model-c").shape == (0, 0)


def test_put_and_get_many_across_query_chunks(cache_path: Path) -> None:
    vectors = random_vectors(1200)
    with EmbeddingCache(cache_path) as cache:
        cache.put_many("model-a", vectors)
        found = cache.get_many("model-a", [*vectors, "not-a-key"])
    assert found.keys() == vectors.keys()
    for key, vector in vectors.items():
        np.testing.assert_array_equal(found[key], vector)
        assert found[key].dtype == np.float32


def test_models_do_not_share_vectors(cache_path: Path) -> None:
    vectors = random_vectors(3)
    with EmbeddingCache(cache_path) as cache:
        cache.put_many("model-a", vectors)
        assert cache.get_many("model-b", list(vectors)) == {}
        assert len(cache.get_many("model-a", list(vectors))) == 3


def test_file_is_wal_and_readable_by_a_second_process(cache_path: Path) -> None:
    vectors = random_vectors(5)
    with EmbeddingCache(cache_path) as writer, EmbeddingCache(cache_path) as reader:
        writer.put_many("model-a", vectors)
        assert reader.get_many("model-a", list(vectors)).keys() == vectors.keys()
    with sqlite3.connect(cache_path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_second_run_embeds_nothing_and_matches(fake_embedder: Embedder, cache_path: Path) -> None:
    with EmbeddingCache(cache_path) as cache:
        first, embedded, cached = embed_with_cache(fake_embedder, TEXTS, cache)
        assert (embedded, cached) == (len(TEXTS), 0)
        np.testing.assert_allclose(first, fake_embedder.embed_passages(TEXTS), atol=1e-6)
        second, embedded, cached = embed_with_cache(fake_embedder, TEXTS[::-1], cache)
    assert (embedded, cached) == (0, len(TEXTS))
    np.testing.assert_array_equal(second, first[::-1])


def test_vectors_survive_reopening(fake_embedder: Embedder, cache_path: Path) -> None:
    with EmbeddingCache(cache_path) as cache:
        first, _, _ = embed_with_cache(fake_embedder, TEXTS[:2], cache)
    with EmbeddingCache(cache_path) as cache:
        again, embedded, cached = embed_with_cache(fake_embedder, TEXTS, cache)
    assert (embedded, cached) == (2, 2)
    np.testing.assert_array_equal(again[:2], first)


def test_duplicates_are_embedded_once(fake_embedder: Embedder, cache_path: Path) -> None:
    texts = [TEXTS[0], TEXTS[1], TEXTS[0], TEXTS[0]]
    progress: list[int] = []
    with EmbeddingCache(cache_path) as cache:
        matrix, embedded, cached = embed_with_cache(
            fake_embedder, texts, cache, on_progress=progress.append
        )
    assert (embedded, cached) == (2, 0)
    assert progress == [2]
    np.testing.assert_array_equal(matrix[0], matrix[3])


def test_progress_per_batch_and_interrupted_run_keeps_its_work(
    fake_embedder: Embedder, cache_path: Path
) -> None:
    class Interrupted(Exception):
        pass

    def stop_after_first_batch(done: int) -> None:
        raise Interrupted(done)

    with EmbeddingCache(cache_path) as cache:
        with pytest.raises(Interrupted):
            embed_with_cache(
                fake_embedder, TEXTS, cache, batch_size=3, on_progress=stop_after_first_batch
            )
        progress: list[int] = []
        _, embedded, cached = embed_with_cache(
            fake_embedder,
            [*TEXTS, "Nytt ärende."],
            cache,
            batch_size=1,
            on_progress=progress.append,
        )
    assert (embedded, cached) == (2, 3)
    assert progress == [1, 2]


def test_empty_input(fake_embedder: Embedder, cache_path: Path) -> None:
    with EmbeddingCache(cache_path) as cache:
        matrix, embedded, cached = embed_with_cache(fake_embedder, [], cache)
    assert matrix.shape == (0, fake_embedder.dim)
    assert (embedded, cached) == (0, 0)
