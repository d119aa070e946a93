"""BM25 of a query over the postings of every segment of a snapshot, with global statistics.

The score is the one bm25s gives a single index of the live rows (its defaults, Lucene's
variant): for each query term ``t`` (counted as often as the query holds it) and row ``d``,

    idf(t) · tf / (tf + k1 · (1 − b + b · |d| / avgdl)),
    idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5)),

where ``N``, ``df`` and ``avgdl`` count the live rows of all segments (rows of meetings that
were replaced or removed are left out of every statistic). A query reads only the postings of
its own terms: its cost grows with how many rows hold them, not with the size of the index.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from indexer.store.postings import Postings

K1 = 1.5
B = 0.75
# Above this share of the rows holding a query's terms, scores are summed in an array of
# every row (one pass) instead of by sorting the postings.
_DENSE_SHARE = 1 / 16


@dataclass(frozen=True)
class PostingsPart:
    """One segment's postings, where its rows start in the snapshot, and which are live
    (None: all of them)."""

    offset: int
    postings: Postings
    live: np.ndarray | None = None


class SegmentedBM25:
    """Scores queries over the postings of several segments as one index."""

    def __init__(self, parts: Sequence[PostingsPart]):
        self.parts = list(parts)
        self.rows = sum(len(part.postings) for part in self.parts)
        lengths = [np.asarray(part.postings.lengths, dtype=np.float64) for part in self.parts]
        live_lengths = [_live(part, found) for part, found in zip(self.parts, lengths, strict=True)]
        self.documents = sum(len(found) for found in live_lengths)
        total = sum(float(found.sum()) for found in live_lengths)
        average = total / self.documents if self.documents else 1.0
        # each row's length part of the score: k1 · (1 − b + b · |d| / avgdl)
        self._norms = [K1 * (1 - B + B * found / (average or 1.0)) for found in lengths]

    def __len__(self) -> int:
        return self.rows

    def scores(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The rows (of the snapshot, ascending) that hold at least one of ``terms``, and
        their BM25 scores."""
        found_rows: list[np.ndarray] = []
        found_scores: list[np.ndarray] = []
        for term, weight in Counter(terms).items():
            postings = [self._live_postings(part, term) for part in self.parts]
            df = sum(len(rows) for rows, _ in postings)
            if not df:
                continue
            idf = math.log(1 + (self.documents - df + 0.5) / (df + 0.5))
            for part, norm, (rows, counts) in zip(self.parts, self._norms, postings, strict=True):
                if len(rows):
                    tf = counts.astype(np.float64)
                    found_rows.append(rows.astype(np.int64) + part.offset)
                    found_scores.append(weight * idf * tf / (tf + norm[rows]))
        if not found_rows:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
        return _summed(np.concatenate(found_rows), np.concatenate(found_scores), self.rows)

    @staticmethod
    def _live_postings(part: PostingsPart, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The live rows of ``part`` (in the segment) that hold ``term``, and how often."""
        rows, counts = part.postings.of(term)
        if part.live is not None and len(rows):
            keep = part.live[rows]
            return rows[keep], counts[keep]
        return rows, counts


def _live(part: PostingsPart, values: np.ndarray) -> np.ndarray:
    return values if part.live is None else values[part.live]


def _summed(rows: np.ndarray, scores: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct row once, ascending, with the sum of its scores."""
    if len(rows) > _DENSE_SHARE * size:
        total = np.bincount(rows, weights=scores, minlength=size)
        held = np.zeros(size, dtype=bool)
        held[rows] = True
        found = np.flatnonzero(held)
        return found, total[found]
    unique, inverse = np.unique(rows, return_inverse=True)
    return unique, np.bincount(inverse, weights=scores)
