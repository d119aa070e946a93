"""A published segment's vectors and postings, searched in the database where they are."""

from __future__ import annotations

from typing import Any

import numpy as np

from indexer.store.pg.database import PgSegment
from indexer.store.pg.segment_writer import INT32, SENTENCE_DTYPE

# A walk of the graph keeps at least this many candidates (pgvector allows up to 1000). On
# 100,000 fake vectors (m 16, ef_construction 64) recall@10 against exact search is 0.93 at
# 256, 0.97 at 512 and 0.99 at 1000, for 23, 32 and 54 ms a query (``make bench-scale``).
HNSW_EF_SEARCH, MAX_EF_SEARCH = 512, 1000
# Comparing a vector costs the database about 3 µs, a walk some 10 µs per candidate of its
# breadth: exact search pays when the allowed rows are at most a few times the breadth
# (FAISS compares far faster: ``search.rankers.EXACT_FILTER_FACTOR`` is 40).
EXACT_FILTER_FACTOR = 4


class PgVectors:
    """A segment's passage vectors in the database: walked through its HNSW graph (when it
    has one), or compared one by one (``search.rankers`` decides which)."""

    def __init__(self, segment: PgSegment, count: int, graph: bool):
        self.segment = segment
        self.count = count
        self.walk_breadth = HNSW_EF_SEARCH if graph else None

    @property
    def exact_factor(self) -> float:
        return EXACT_FILTER_FACTOR

    def __len__(self) -> int:
        return self.count

    def stored(self) -> np.ndarray:
        """Every vector, one row each (to search them all by brute force)."""
        return _matrix(self.segment.rows("SELECT embedding FROM passage_vectors ORDER BY row"))

    def walk(
        self, query: np.ndarray, mask: np.ndarray | None, k: int, breadth: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """What a walk ``breadth`` candidates wide finds (pgvector walks at most
        ``MAX_EF_SEARCH``), the rows ``mask`` leaves out left out, the best ``k``."""
        breadth = min(breadth, MAX_EF_SEARCH)
        vector = np.asarray(query, dtype=np.float32).ravel()
        found = self.segment.rows(
            "SELECT row, -(embedding <#> ?) FROM passage_vectors ORDER BY embedding <#> ? LIMIT ?",
            (vector, vector, breadth),
            setting=("hnsw.ef_search", str(breadth)),
        )
        rows, scores = _columns(found)
        if mask is not None and len(rows):
            kept = mask[rows]
            rows, scores = rows[kept], scores[kept]
        return scores[:k], rows[:k]

    def exact(
        self, query: np.ndarray, mask: np.ndarray | None, k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` best allowed rows, every allowed vector compared: ordered by score
        descending, which the graph cannot give, so it is not walked."""
        vector = np.asarray(query, dtype=np.float32).ravel()
        where: tuple[str, tuple[Any, ...]] = ("", ())
        if mask is not None:
            where = ("WHERE row = ANY(?) ", (np.flatnonzero(mask).tolist(),))
        found = self.segment.rows(
            "SELECT row, -(embedding <#> ?) AS score FROM passage_vectors "
            + where[0]
            + "ORDER BY score DESC, row LIMIT ?",
            (vector, *where[1], k),
        )
        rows, scores = _columns(found)
        return scores, rows


def _columns(found: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """The rows and scores of (row, score) results."""
    rows = np.fromiter((r[0] for r in found), dtype=np.int64, count=len(found))
    scores = np.fromiter((r[1] for r in found), dtype=np.float32, count=len(found))
    return rows, scores


class PgPostings:
    """A segment's BM25 postings of one kind: each term's read when a query asks for it."""

    def __init__(self, segment: PgSegment, kind: str):
        self.segment = segment
        self.kind = kind
        found = segment.rows("SELECT lengths FROM row_lengths WHERE kind = ?", (kind,))
        self.lengths = np.frombuffer(found[0][0], dtype=INT32) if found else _NONE

    def __len__(self) -> int:
        return len(self.lengths)

    def of(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The rows that hold ``term`` and how often (empty arrays when none does)."""
        found = self.segment.rows(
            "SELECT rows, counts FROM postings WHERE kind = ? AND term = ?", (self.kind, term)
        )
        if not found:
            return _NONE, _NONE
        return np.frombuffer(found[0][0], dtype=INT32), np.frombuffer(found[0][1], dtype=INT32)


_NONE = np.empty(0, dtype=INT32)


class PgSentenceVectors:
    """A segment's sentence vectors, read by row when an answer weighs sentences."""

    def __init__(self, segment: PgSegment, dim: int):
        self.segment = segment
        self.dim = dim

    def __getitem__(self, rows: np.ndarray) -> np.ndarray:
        wanted = np.asarray(rows, dtype=np.int64).tolist()
        found = dict(
            self.segment.rows(
                "SELECT row, embedding FROM sentence_vectors WHERE row = ANY(?)", (wanted,)
            )
        )
        matrix = np.zeros((len(wanted), self.dim), dtype=SENTENCE_DTYPE)
        for place, row in enumerate(wanted):
            matrix[place] = np.frombuffer(found[row], dtype=SENTENCE_DTYPE)
        return matrix


def decision_vectors(segment: PgSegment, dim: int) -> np.ndarray:
    """A segment's decision vectors as a matrix, one row per decision."""
    found = segment.rows("SELECT embedding FROM decision_vectors ORDER BY row")
    return _matrix(found) if found else np.zeros((0, dim), dtype=np.float32)


def _matrix(found: list[Any]) -> np.ndarray:
    """The pgvector values of the rows' first column as a float32 matrix, a row each."""
    return np.stack([np.asarray(r[0].to_numpy(), dtype=np.float32) for r in found])
