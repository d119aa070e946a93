"""vectors.faiss: flat up to the exact-search limit, an HNSW graph with our parameters above."""

import faiss
import numpy as np

from indexer.store import vectors as store_vectors
from indexer.store.vectors import read_vectors, write_vectors


def _unit_vectors(count: int, dim: int = 16) -> np.ndarray:
    vectors = np.random.default_rng(0).standard_normal((count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_up_to_the_limit_the_vectors_are_searched_exactly(tmp_path):
    vectors = _unit_vectors(50)
    assert write_vectors(tmp_path, vectors, exact_limit=50) == "flat"
    read = read_vectors(tmp_path)
    assert read.graph is None
    assert isinstance(read.exact, faiss.IndexFlatIP) and len(read) == 50


def test_above_the_limit_an_hnsw_graph_is_built_with_the_documented_parameters(tmp_path):
    vectors = _unit_vectors(51)
    assert write_vectors(tmp_path, vectors, exact_limit=50) == "hnsw"
    graph = faiss.read_index(str(tmp_path / store_vectors.VECTORS))
    assert isinstance(graph, faiss.IndexHNSWFlat)
    assert graph.metric_type == faiss.METRIC_INNER_PRODUCT
    assert graph.hnsw.efConstruction == store_vectors.HNSW_EF_CONSTRUCTION
    assert graph.hnsw.nb_neighbors(1) == store_vectors.HNSW_M


def test_reading_a_graph_sets_the_search_breadth_and_keeps_the_exact_vectors(tmp_path, monkeypatch):
    vectors = _unit_vectors(51)
    write_vectors(tmp_path, vectors, exact_limit=50)
    monkeypatch.setattr(store_vectors, "HNSW_EF_SEARCH", 77)
    read = read_vectors(tmp_path)
    assert read.graph is not None and read.graph.hnsw.efSearch == 77
    assert len(read) == 51
    np.testing.assert_array_equal(read.exact.reconstruct_n(0, 51), vectors)
