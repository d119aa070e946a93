"""The rankings that retrieval fuses: dense (FAISS) and lexical (BM25), each under a row mask.

A ranker is asked for ``k`` rows among those a mask allows (None: all rows) and gives a
``Ranking``: at most ``k`` rows, best first, and whether they are every row it can rank, so
that asking for more would find nothing new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import faiss
import numpy as np


@dataclass(frozen=True)
class Ranking:
    """Rows, best first; ``complete`` when they are every row the ranker can rank."""

    rows: np.ndarray
    complete: bool


# A ranking function: (mask of rows allowed or None, how many) → its ranking.
Ranker = Callable[[np.ndarray | None, int], Ranking]

_NONE = np.empty(0, dtype=np.int64)


def dense_ranker(index: faiss.Index, vector: np.ndarray) -> Ranker:
    """Rows by inner product with ``vector``."""
    query = np.ascontiguousarray(vector, dtype=np.float32).reshape(1, -1)

    def rank(mask: np.ndarray | None, k: int) -> Ranking:
        available = index.ntotal if mask is None else int(mask.sum())
        k = min(k, available)
        if k == 0:
            return Ranking(_NONE, True)
        params = faiss.SearchParameters()
        if mask is not None:
            bits = np.packbits(mask, bitorder="little")  # read by the selector during the search
            selector = faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bits))
            params.sel = selector
        _, found = index.search(query, k, params=params)
        rows = found[0][found[0] >= 0]
        return Ranking(rows, len(rows) >= available)

    return rank


def lexical_ranker(bm25, terms: list[str]) -> Ranker:
    """Rows by BM25 score of ``terms``: only rows that hold at least one of them."""
    ids = bm25.get_tokens_ids(terms)
    scores = bm25.get_scores_from_ids(ids) if ids else None

    def rank(mask: np.ndarray | None, k: int) -> Ranking:
        if scores is None:
            return Ranking(_NONE, True)
        candidates = scores > 0 if mask is None else (scores > 0) & mask
        found = np.flatnonzero(candidates)
        complete = len(found) <= k
        if not complete:
            found = found[np.argpartition(-scores[found], k - 1)[:k]]
        return Ranking(found[np.argsort(-scores[found], kind="stable")], complete)

    return rank
