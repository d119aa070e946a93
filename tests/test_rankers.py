"""The rankings retrieval fuses: the dense one gives min(k, allowed rows) on an HNSW graph too,
and the best of every segment's rows; the lexical one ranks by BM25 of the query's terms."""

import math
from types import SimpleNamespace

import faiss
import numpy as np
import pytest

from indexer.store.postings import build_postings
from indexer.store.vectors import PassageVectors, read_vectors, write_vectors
from search import rankers
from search.bm25 import PostingsPart, SegmentedBM25
from search.rankers import dense_ranker, lexical_ranker
from search.segment_vectors import SegmentedVectors, VectorPart

ROWS = 3000
EXACT_LIMIT = 1000  # lowered so that ROWS vectors get an HNSW graph
SHARES = [0.5, 0.05, 0.005]  # the filters' selectivity


def _unit(matrix: np.ndarray) -> np.ndarray:
    return (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)


def _clustered(rng: np.random.Generator, count: int, dim: int = 32) -> np.ndarray:
    """Unit vectors around 30 centres, as passages on a few topics are."""
    centres = rng.standard_normal((30, dim))
    return _unit(centres[rng.integers(0, 30, count)] + 0.5 * rng.standard_normal((count, dim)))


@pytest.fixture(scope="module")
def vectors(tmp_path_factory) -> PassageVectors:
    path = tmp_path_factory.mktemp("vectors")
    assert write_vectors(path, _clustered(np.random.default_rng(1), ROWS), EXACT_LIMIT) == "hnsw"
    return read_vectors(path)


def _exact(vectors: PassageVectors, query: np.ndarray, mask: np.ndarray, k: int) -> np.ndarray:
    """The true top ``k`` allowed rows, by brute force."""
    scores = vectors.exact.reconstruct_n(0, len(vectors)) @ query
    allowed = np.flatnonzero(mask)
    return allowed[np.argsort(-scores[allowed], kind="stable")[:k]]


def _cases(share: float):
    """(mask with about ``share`` of the rows allowed, query) pairs."""
    rng = np.random.default_rng(round(share * 1000))
    for _ in range(20):
        yield rng.random(ROWS) < share, _clustered(rng, 1)[0]


@pytest.mark.parametrize("share", SHARES)
@pytest.mark.parametrize("walk", [False, True], ids=["as-tuned", "always-walk"])
def test_a_filtered_dense_ranking_returns_as_many_rows_as_asked_all_allowed(
    vectors, monkeypatch, share, walk
):
    if walk:  # walk the graph whatever the filter leaves (then widen, then exact if short)
        monkeypatch.setattr(rankers, "EXACT_FILTER_FACTOR", 0)
    recalls = []
    for mask, query in _cases(share):
        allowed = int(mask.sum())
        for k in (10, 100):
            ranking = dense_ranker(SegmentedVectors.of(vectors), query)(mask, k)
            assert len(ranking.rows) == min(k, allowed)
            assert mask[ranking.rows].all() and len(set(ranking.rows)) == len(ranking.rows)
            assert ranking.complete == (k >= allowed)
        top = _exact(vectors, query, mask, 10)
        recalls.append(len(set(ranking.rows[:10]) & set(top)) / len(top))
    assert np.mean(recalls) >= 0.95


def test_an_unfiltered_walk_returns_k_rows(vectors, monkeypatch):
    monkeypatch.setattr(rankers, "EXACT_FILTER_FACTOR", 0)
    query = _clustered(np.random.default_rng(2), 1)[0]
    ranking = dense_ranker(SegmentedVectors.of(vectors), query)(None, 100)
    assert len(ranking.rows) == 100 and not ranking.complete
    assert dense_ranker(SegmentedVectors.of(vectors), query)(None, ROWS + 5).complete


class _ShortGraph:
    """A graph whose walks find nothing; records the breadth of each walk."""

    def __init__(self, breadth: int):
        self.hnsw = SimpleNamespace(efSearch=breadth)
        self.breadths: list[int] = []

    def search(self, query, k, params):
        self.breadths.append(params.efSearch)
        return np.full((1, k), -np.inf, dtype=np.float32), np.full((1, k), -1)


def test_a_walk_that_comes_back_short_is_widened_then_the_rows_are_searched_exactly(
    vectors, monkeypatch
):
    monkeypatch.setattr(rankers, "EXACT_FILTER_FACTOR", 0)
    graph = _ShortGraph(breadth=16)
    mask, query = next(_cases(0.5))
    parts = SegmentedVectors.of(PassageVectors(vectors.exact, graph))
    ranking = dense_ranker(parts, query)(mask, 10)
    scaled = math.ceil(16 * ROWS / mask.sum())  # the breadth over the share of rows allowed
    assert graph.breadths == [scaled, rankers.WIDENING * scaled]
    np.testing.assert_array_equal(ranking.rows, _exact(vectors, query, mask, 10))


def test_the_segments_of_a_snapshot_are_ranked_as_one_index(vectors):
    """Three flat segments of the vectors give the exact ranking of all of them."""
    stored = vectors.exact.reconstruct_n(0, ROWS)
    parts = []
    for start, end in ((0, 1000), (1000, 1100), (1100, ROWS)):
        flat = faiss.IndexFlatIP(stored.shape[1])
        flat.add(stored[start:end])
        parts.append(VectorPart(start, PassageVectors(flat)))
    mask, query = next(_cases(0.5))
    for allowed in (mask, None):
        ranking = dense_ranker(SegmentedVectors(parts), query)(allowed, 50)
        everything = np.ones(ROWS, dtype=bool) if allowed is None else allowed
        np.testing.assert_array_equal(ranking.rows, _exact(vectors, query, everything, 50))


def test_a_lexical_ranking_is_complete_when_every_row_holding_a_term_is_in_it():
    """Rows 1, 4 and 2 hold the term, three, two and one times (rows of the same length)."""
    rows = [["x"] * 3, ["budget"] * 3, ["budget", "x", "x"], ["x"] * 3, ["budget"] * 2 + ["x"]]
    rank = lexical_ranker(SegmentedBM25([PostingsPart(0, build_postings(rows))]), ["budget"])
    assert rank(None, 2).rows.tolist() == [1, 4] and not rank(None, 2).complete
    assert rank(None, 3).rows.tolist() == [1, 4, 2] and rank(None, 3).complete
    allowed = np.array([True, False, True, True, True])
    assert rank(allowed, 2).rows.tolist() == [4, 2] and rank(allowed, 2).complete
