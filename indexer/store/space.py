"""Free space for a new snapshot: its size estimated from what it will hold, checked before
anything is written.

The factors are measured on real minutes (the development corpus: 280 meetings, 3,300
passages) and err on the small side: a build is refused only when it certainly cannot fit,
and a disk that fills up all the same is a write error like any other.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from indexer.store.failures import IndexWriteError

BASE_BYTES = 64 * 1024  # the pages of an almost empty meta.sqlite, bm25 parameters, manifest
META_PER_TEXT_BYTE = 1.5  # meta.sqlite: document and passage text, pages, headings, ids
META_PER_SENTENCE_BYTE = 1.2  # meta.sqlite: a sentence's text, its list item and offsets
BM25_PER_PASSAGE_BYTE = 0.6  # bm25/ and the vocabulary (less for a small vocabulary)


def estimate_snapshot_bytes(
    document_texts: Iterable[str],
    passage_texts: Iterable[str],
    vector_bytes: int,
    sentence_texts: Iterable[str] = (),
) -> int:
    """About how many bytes a snapshot takes with these documents, passages and sentences
    (their shown text), and vectors of ``vector_bytes`` (``vectors.vector_index_bytes``,
    ``sentence_vectors.sentence_vectors_bytes``)."""
    documents = sum(len(text.encode("utf-8")) for text in document_texts)
    passages = sum(len(text.encode("utf-8")) for text in passage_texts)
    sentences = sum(len(text.encode("utf-8")) for text in sentence_texts)
    meta = META_PER_TEXT_BYTE * (documents + passages) + META_PER_SENTENCE_BYTE * sentences
    return int(BASE_BYTES + meta + BM25_PER_PASSAGE_BYTE * passages + vector_bytes)


def check_free_space(folder: Path, needed: int) -> None:
    """IndexWriteError when the file system of ``folder`` has less than ``needed`` bytes free."""
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise IndexWriteError(
            folder,
            f"not enough free space (the new snapshot needs about {_megabytes(needed)}, "
            f"{_megabytes(free)} is free)",
        )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
