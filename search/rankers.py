"""The rankings that retrieval fuses: dense (FAISS) and lexical (BM25), each under a row mask.

A ranker is asked for ``k`` rows among those a mask allows (None: all rows) and gives a
``Ranking``: at most ``k`` rows, best first, and whether they are every row it can rank, so
that asking for more would find nothing new. Rows are a snapshot's: each segment's vectors
are searched under its part of the mask and the best ``k`` of all are kept; BM25 reads the
postings of the query's terms in every segment (``search.bm25``).

The dense ranker returns ``min(k, allowed rows)`` on every index. A flat index is searched
exactly. A walk of an HNSW graph passes through the nodes a filter leaves out without
returning them, so its breadth (efSearch) is scaled to the filter's selectivity: the graph's
breadth (or ``k``, if larger) divided by the share of rows allowed. When the allowed rows are
fewer than ``EXACT_FILTER_FACTOR`` times that breadth, computing their similarities one by
one is cheaper than the walk, and exact. A walk that comes back short is tried once more
``WIDENING`` times as wide, then the allowed rows are searched exactly.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

import faiss
import numpy as np

from indexer.store.vectors import PassageVectors
from search.bm25 import SegmentedBM25
from search.segment_vectors import SegmentedVectors

# Exact search when the allowed rows are at most this many times the walk's breadth: a walk
# costs about 8 µs per candidate of breadth, exact search 0.17 µs per allowed row (bench_ann).
EXACT_FILTER_FACTOR = 40
WIDENING = 4  # a walk that comes back short is tried once more this many times as wide


@dataclass(frozen=True)
class Ranking:
    """Rows, best first; ``complete`` when they are every row the ranker can rank."""

    rows: np.ndarray
    complete: bool


# A ranking function: (mask of rows allowed or None, how many) → its ranking.
Ranker = Callable[[np.ndarray | None, int], Ranking]

_NONE = np.empty(0, dtype=np.int64)


def dense_ranker(vectors: SegmentedVectors, vector: np.ndarray) -> Ranker:
    """Rows by inner product with ``vector``: ``min(k, allowed rows)`` of them, the best of
    each segment's own ranking under its part of the mask."""
    query = np.ascontiguousarray(vector, dtype=np.float32).reshape(1, -1)

    def rank(mask: np.ndarray | None, k: int) -> Ranking:
        available = len(vectors) if mask is None else int(mask.sum())
        k = min(k, available)
        scores, rows = [], []
        for part in vectors.parts if k else []:
            part_mask = None if mask is None else mask[part.offset : part.offset + len(part)]
            part_available = len(part) if part_mask is None else int(part_mask.sum())
            if part_available:
                found = _dense_search(
                    part.vectors, query, part_mask, min(k, part_available), part_available
                )
                scores.append(found[0])
                rows.append(found[1] + part.offset)
        if not rows:
            return Ranking(_NONE, available == 0)
        every, at = np.concatenate(scores), np.concatenate(rows)
        best = at[np.lexsort((at, -every))[:k]]
        return Ranking(best, len(best) >= available)

    return rank


class SearchableVectors(Protocol):
    """A segment's vectors, kept where they can be searched: a walk of a graph (when they
    have one, ``breadth`` candidates wide) or every allowed vector compared. FAISS's in
    ``_FaissVectors``; a database's (``indexer.store.pg.segment_parts``) search themselves."""

    walk_breadth: int | None  # how wide a walk is at least; None: no graph

    @property
    def exact_factor(self) -> float:
        """Exact search when the allowed rows are at most this many times a walk's breadth."""
        ...

    def __len__(self) -> int: ...

    def walk(
        self, query: np.ndarray, mask: np.ndarray | None, k: int, breadth: int
    ) -> tuple[np.ndarray, np.ndarray]: ...

    def exact(
        self, query: np.ndarray, mask: np.ndarray | None, k: int
    ) -> tuple[np.ndarray, np.ndarray]: ...


class _FaissVectors:
    """A segment's FAISS indexes as SearchableVectors: the mask read through a selector."""

    def __init__(self, vectors: PassageVectors):
        self.vectors = vectors
        graph = vectors.graph
        self.walk_breadth = None if graph is None else int(graph.hnsw.efSearch)

    @property
    def exact_factor(self) -> float:
        return EXACT_FILTER_FACTOR

    def __len__(self) -> int:
        return len(self.vectors)

    def walk(
        self, query: np.ndarray, mask: np.ndarray | None, k: int, breadth: int
    ) -> tuple[np.ndarray, np.ndarray]:
        assert self.vectors.graph is not None
        bits, selector = _selector(mask)
        return _found(self.vectors.graph, query, k, _params(selector, breadth))

    def exact(
        self, query: np.ndarray, mask: np.ndarray | None, k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        bits, selector = _selector(mask)
        return _found(self.vectors.exact, query, k, _params(selector))


def _selector(mask: np.ndarray | None) -> tuple[np.ndarray | None, faiss.IDSelector | None]:
    """The bits of ``mask`` and a selector reading them (keep the bits while it is used)."""
    if mask is None:
        return None, None
    bits = np.packbits(mask, bitorder="little")
    return bits, faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bits))


def _dense_search(
    stored: PassageVectors | SearchableVectors,
    query: np.ndarray,
    mask: np.ndarray | None,
    k: int,
    available: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` best allowed rows and their scores: by a walk of the graph when it pays,
    else exactly."""
    vectors = _FaissVectors(stored) if isinstance(stored, PassageVectors) else stored
    if vectors.walk_breadth is not None:
        for breadth in _breadths(vectors.walk_breadth, k, available, len(vectors)):
            if available <= vectors.exact_factor * breadth:
                break
            found = vectors.walk(query, mask, k, breadth)
            if len(found[1]) == k:
                return found
    return vectors.exact(query, mask, k)


def _params(
    selector: faiss.IDSelector | None, breadth: int | None = None
) -> faiss.SearchParameters:
    """Search parameters with ``selector``; for a graph walk, ``breadth`` candidates wide."""
    if breadth is None:
        params = faiss.SearchParameters()
    else:
        params = faiss.SearchParametersHNSW()  # type: ignore[attr-defined]  # not in the stubs
        params.efSearch = breadth
    params.sel = selector
    return params


def _breadths(base: int, k: int, available: int, total: int) -> Iterator[int]:
    """The walk's breadth scaled to the share of rows allowed, then widened once."""
    breadth = min(total, math.ceil(max(base, k) * total / available))
    yield breadth
    if breadth < total:
        yield min(total, WIDENING * breadth)


def _found(
    index: faiss.Index, query: np.ndarray, k: int, params: faiss.SearchParameters
) -> tuple[np.ndarray, np.ndarray]:
    """The scores and rows ``index`` finds (a filtered or approximate search may find fewer
    than k)."""
    scores, found = index.search(query, k, params=params)
    kept = found[0] >= 0
    return scores[0][kept], found[0][kept]


def lexical_ranker(bm25: SegmentedBM25, terms: list[str]) -> Ranker:
    """Rows by BM25 score of ``terms``: only rows that hold at least one of them (the query
    reads only its terms' postings)."""
    rows, scores = bm25.scores(terms)

    def rank(mask: np.ndarray | None, k: int) -> Ranking:
        found, scored = rows, scores
        if mask is not None:
            allowed = mask[found]
            found, scored = found[allowed], scored[allowed]
        complete = len(found) <= k
        if not complete:
            best = np.argpartition(-scored, k - 1)[:k]
            found, scored = found[best], scored[best]
        return Ranking(found[np.lexsort((found, -scored))], complete)

    return rank
