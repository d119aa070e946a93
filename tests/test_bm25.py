"""BM25 over the postings of several segments, with dead rows, scores as one bm25s index of
the live rows does."""

from __future__ import annotations

import random

import bm25s
import numpy as np
import pytest

from indexer.store.postings import build_postings, read_postings, write_postings
from search.bm25 import PostingsPart, SegmentedBM25

VOCABULARY = [f"t{n}" for n in range(60)]


def _rows(count: int, rng: random.Random) -> list[list[str]]:
    """Rows of terms with a skewed frequency (some terms in most rows, most in few)."""
    weights = [1 / (n + 1) for n in range(len(VOCABULARY))]
    return [rng.choices(VOCABULARY, weights, k=rng.randint(0, 40)) for _ in range(count)]


def _single_index_scores(rows: list[list[str]], query: list[str]) -> np.ndarray:
    index = bm25s.BM25()
    index.index(rows, show_progress=False)
    ids = index.get_tokens_ids(query)
    return index.get_scores_from_ids(ids) if ids else np.zeros(len(rows))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_segments_with_dead_rows_score_as_one_index_of_the_live_rows(seed, tmp_path):
    rng = random.Random(seed)
    segments = [_rows(size, rng) for size in (300, 40, 7)]
    dead = [np.array([rng.random() < 0.2 for _ in rows]) for rows in segments]
    parts, offset = [], 0
    for n, (rows, gone) in enumerate(zip(segments, dead, strict=True)):
        write_postings(tmp_path / str(n), build_postings(rows))  # as a snapshot reads them
        parts.append(PostingsPart(offset, read_postings(tmp_path / str(n)), ~gone))
        offset += len(rows)
    live_rows = [
        row
        for rows, gone in zip(segments, dead, strict=True)
        for row, g in zip(rows, gone, strict=True)
        if not g
    ]
    live_numbers = np.flatnonzero(~np.concatenate(dead))
    index = SegmentedBM25(parts)
    for query in (["t0"], ["t3", "t17", "t17"], ["t59", "t1", "absent"], ["absent"]):
        expected = _single_index_scores(live_rows, query)
        rows, scores = index.scores(query)
        assert np.all(np.diff(rows) > 0)
        got = np.zeros(len(index))
        got[rows] = scores
        assert not got[np.concatenate(dead)].any()  # a dead row is never found
        np.testing.assert_allclose(got[live_numbers], expected, rtol=1e-5, atol=1e-6)


def test_a_query_reads_only_the_postings_of_its_terms():
    rows = [["vanlig"] * 3 + [f"ovanlig{n}"] for n in range(1000)]
    postings = build_postings(rows)
    found, scores = SegmentedBM25([PostingsPart(0, postings)]).scores(["ovanlig7"])
    assert found.tolist() == [7] and scores[0] > 0
    assert postings.of("vanlig")[1].tolist() == [3] * 1000


def test_empty_postings_find_nothing(tmp_path):
    write_postings(tmp_path / "p", build_postings([[], []]))
    postings = read_postings(tmp_path / "p")
    rows, scores = SegmentedBM25([PostingsPart(0, postings)]).scores(["x"])
    assert len(postings) == 2 and rows.size == 0 and scores.size == 0
