"""A published segment's vectors and postings, searched in the database where they are."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import psycopg

from indexer.store.pg.database import reaching
from indexer.store.pg.segment_writer import INT32, SENTENCE_DTYPE

# A walk of the graph keeps at least this many candidates (pgvector allows up to 1000). On
# 100,000 fake vectors (m 16, ef_construction 64) recall@10 against exact search is 0.93 at
# 256, 0.97 at 512 and 0.99 at 1000, for 23, 32 and 54 ms a query (``make bench-scale``).
HNSW_EF_SEARCH, MAX_EF_SEARCH = 512, 1000
# Comparing a vector costs the database about 3 µs, a walk some 10 µs per candidate of its
# breadth: exact search pays when the allowed rows are at most a few times the breadth
# (FAISS compares far faster: ``search.rankers.EXACT_FILTER_FACTOR`` is 40).
EXACT_FILTER_FACTOR = 4


class _Part:
    """What each part shares: the snapshot's connection, its lock, the segment's schema."""

    def __init__(self, connection: psycopg.Connection[Any], lock: threading.Lock, schema: str):
        self._connection = connection
        self._lock = lock
        self.schema = schema

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        with self._lock, reaching():
            return self._connection.execute(sql.format(s=f'"{self.schema}"'), params).fetchall()


class PgVectors(_Part):
    """A segment's passage vectors in the database: walked through its HNSW graph (when it
    has one), or compared one by one (``search.rankers`` decides which)."""

    def __init__(
        self,
        connection: psycopg.Connection[Any],
        lock: threading.Lock,
        schema: str,
        count: int,
        graph: bool,
    ):
        super().__init__(connection, lock, schema)
        self.count = count
        self.walk_breadth = HNSW_EF_SEARCH if graph else None

    @property
    def exact_factor(self) -> float:
        return EXACT_FILTER_FACTOR

    def __len__(self) -> int:
        return self.count

    def stored(self) -> np.ndarray:
        """Every vector, one row each (to search them all by brute force)."""
        found = self._rows("SELECT embedding FROM {s}.passage_vectors ORDER BY row")
        return np.stack([np.asarray(r[0].to_numpy(), dtype=np.float32) for r in found])

    def walk(
        self, query: np.ndarray, mask: np.ndarray | None, k: int, breadth: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """What a walk ``breadth`` candidates wide finds (pgvector walks at most
        ``MAX_EF_SEARCH``), the rows ``mask`` leaves out left out, the best ``k``."""
        breadth = min(breadth, MAX_EF_SEARCH)
        vector = np.asarray(query, dtype=np.float32).ravel()
        sql = (
            f'SELECT row, -(embedding <#> %s) FROM "{self.schema}".passage_vectors '
            "ORDER BY embedding <#> %s LIMIT %s"
        )
        with self._lock, reaching(), self._connection.transaction():
            self._connection.execute(f"SET LOCAL hnsw.ef_search = {int(breadth)}")
            found = self._connection.execute(sql, (vector, vector, breadth)).fetchall()
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
            where = ("WHERE row = ANY(%s) ", (np.flatnonzero(mask).tolist(),))
        found = self._rows(
            "SELECT row, -(embedding <#> %s) AS score FROM {s}.passage_vectors "
            + where[0]
            + "ORDER BY score DESC, row LIMIT %s",
            (vector, *where[1], k),
        )
        rows, scores = _columns(found)
        return scores, rows


def _columns(found: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """The rows and scores of (row, score) results."""
    rows = np.fromiter((r[0] for r in found), dtype=np.int64, count=len(found))
    scores = np.fromiter((r[1] for r in found), dtype=np.float32, count=len(found))
    return rows, scores


class PgPostings(_Part):
    """A segment's BM25 postings of one kind: each term's read when a query asks for it."""

    def __init__(
        self, connection: psycopg.Connection[Any], lock: threading.Lock, schema: str, kind: str
    ):
        super().__init__(connection, lock, schema)
        self.kind = kind
        found = self._rows("SELECT lengths FROM {s}.row_lengths WHERE kind = %s", (kind,))
        self.lengths = np.frombuffer(found[0][0], dtype=INT32) if found else _NONE

    def __len__(self) -> int:
        return len(self.lengths)

    def of(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The rows that hold ``term`` and how often (empty arrays when none does)."""
        found = self._rows(
            "SELECT rows, counts FROM {s}.postings WHERE kind = %s AND term = %s",
            (self.kind, term),
        )
        if not found:
            return _NONE, _NONE
        return np.frombuffer(found[0][0], dtype=INT32), np.frombuffer(found[0][1], dtype=INT32)


_NONE = np.empty(0, dtype=INT32)


class PgSentenceVectors(_Part):
    """A segment's sentence vectors, read by row when an answer weighs sentences."""

    def __init__(
        self, connection: psycopg.Connection[Any], lock: threading.Lock, schema: str, dim: int
    ):
        super().__init__(connection, lock, schema)
        self.dim = dim

    def __getitem__(self, rows: np.ndarray) -> np.ndarray:
        wanted = np.asarray(rows, dtype=np.int64).tolist()
        found = dict(
            self._rows(
                "SELECT row, embedding FROM {s}.sentence_vectors WHERE row = ANY(%s)", (wanted,)
            )
        )
        matrix = np.zeros((len(wanted), self.dim), dtype=SENTENCE_DTYPE)
        for place, row in enumerate(wanted):
            matrix[place] = np.frombuffer(found[row], dtype=SENTENCE_DTYPE)
        return matrix


def decision_vectors(
    connection: psycopg.Connection[Any], lock: threading.Lock, schema: str, dim: int
) -> np.ndarray:
    """A segment's decision vectors as a matrix, one row per decision."""
    found = _Part(connection, lock, schema)._rows(
        "SELECT embedding FROM {s}.decision_vectors ORDER BY row"
    )
    if not found:
        return np.zeros((0, dim), dtype=np.float32)
    return np.stack([np.asarray(r[0].to_numpy(), dtype=np.float32) for r in found])
