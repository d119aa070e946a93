"""postings/ and decision_postings/ of a segment: for each BM25 term, the rows that hold it
and how often, and how many terms each row has.

Files (NumPy arrays are memory-mapped when read, so opening a segment reads almost nothing):

- ``terms.txt``: the segment's terms, sorted, one a line (a term is a stem: no line breaks);
- ``indptr.npy``: term number → where its postings start in ``rows.npy``/``counts.npy``
  (one more entry than terms);
- ``rows.npy``, ``counts.npy``: the postings, by term, rows ascending (int32);
- ``lengths.npy``: how many terms each row of the segment has (int32).

Nothing global is stored (no IDF, no average length), so a segment's postings stay valid
however the other segments change; ``search.bm25`` scores a query across segments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from indexer.store.failures import writing

TERMS = "terms.txt"
_ARRAYS = ("indptr", "rows", "counts", "lengths")


@dataclass(frozen=True)
class Postings:
    """One segment's postings: ``rows[indptr[t]:indptr[t + 1]]`` hold term ``t`` of ``terms``,
    ``counts`` as often; ``lengths[row]`` is the row's number of terms."""

    terms: Sequence[str]
    indptr: np.ndarray
    rows: np.ndarray
    counts: np.ndarray
    lengths: np.ndarray

    @cached_property
    def term_numbers(self) -> dict[str, int]:
        """Term → its number (built on first use)."""
        return {term: number for number, term in enumerate(self.terms)}

    def __len__(self) -> int:
        return len(self.lengths)

    def of(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The rows that hold ``term`` and how often (empty arrays when none does)."""
        number = self.term_numbers.get(term)
        if number is None:
            return _NO_ROWS, _NO_ROWS
        start, end = int(self.indptr[number]), int(self.indptr[number + 1])
        return self.rows[start:end], self.counts[start:end]


_NO_ROWS = np.empty(0, dtype=np.int32)


def build_postings(analysed: Sequence[Sequence[str]]) -> Postings:
    """The postings of rows whose terms are ``analysed`` (one list of terms per row)."""
    terms = sorted({term for row in analysed for term in row})
    number = {term: n for n, term in enumerate(terms)}
    lengths = np.fromiter((len(row) for row in analysed), dtype=np.int32, count=len(analysed))
    term_of = np.fromiter(
        (number[term] for row in analysed for term in row), dtype=np.int64, count=int(lengths.sum())
    )
    row_of = np.repeat(np.arange(len(analysed), dtype=np.int64), lengths)
    pairs = term_of * max(1, len(analysed)) + row_of  # sorted: by term, then row
    unique, counts = np.unique(pairs, return_counts=True)
    term_of, row_of = np.divmod(unique, max(1, len(analysed)))
    indptr = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(np.bincount(term_of, minlength=len(terms)), out=indptr[1:])
    return Postings(
        terms, indptr, row_of.astype(np.int32), counts.astype(np.int32), lengths.astype(np.int32)
    )


def write_postings(folder: Path, postings: Postings) -> None:
    """Write ``postings`` into ``folder`` (created)."""
    with writing(folder):
        folder.mkdir()
        (folder / TERMS).write_text("".join(t + "\n" for t in postings.terms), encoding="utf-8")
        for name in _ARRAYS:
            with open(folder / f"{name}.npy", "wb") as handle:
                np.save(handle, getattr(postings, name), allow_pickle=False)


def read_postings(folder: Path) -> Postings:
    """The postings in ``folder``, memory-mapped (ValueError when they do not fit together)."""
    text = (folder / TERMS).read_text(encoding="utf-8")
    terms = text.split("\n")[:-1] if text else []
    arrays = {  # plain arrays over the mapped files: slicing a memmap object costs more
        name: np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False))
        for name in _ARRAYS
    }
    indptr, rows, counts = arrays["indptr"], arrays["rows"], arrays["counts"]
    if len(indptr) != len(terms) + 1 or len(rows) != len(counts) or indptr[-1] != len(rows):
        raise ValueError(f"{folder.name}/ holds postings that do not fit together")
    return Postings(terms, indptr, rows, counts, arrays["lengths"])
