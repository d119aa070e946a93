"""bm25/ and vocabulary.json.gz: the BM25 index of the passages' Swedish terms, and the
compound-splitting vocabulary it was built with, so queries split like passages."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path

import bm25s

from indexer.lexical import Vocabulary, analyze_many
from indexer.store.failures import writing
from indexer.store.layout import BM25_DIR, VOCABULARY


def write_bm25(snapshot: Path, texts: Sequence[str]) -> None:
    """Write the BM25 index and vocabulary of the passages; none for an empty corpus."""
    if not texts:
        return
    retriever = bm25s.BM25()
    vocabulary = write_vocabulary(snapshot, texts)
    retriever.index(analyze_many(texts, vocabulary), show_progress=False)
    with writing(snapshot / BM25_DIR):
        retriever.save(str(snapshot / BM25_DIR), show_progress=False)


def read_bm25(snapshot: Path) -> bm25s.BM25 | None:
    """The BM25 index of a snapshot, or None for an empty one."""
    folder = snapshot / BM25_DIR
    return bm25s.BM25.load(str(folder), show_progress=False) if folder.is_dir() else None


def write_vocabulary(snapshot: Path, texts: Sequence[str]) -> Vocabulary:
    """Count the vocabulary of the passages ``texts``, save it in ``snapshot`` and return it."""
    vocabulary = Vocabulary.from_texts(texts)
    path = snapshot / VOCABULARY
    with writing(path), gzip.open(path, "wt", encoding="utf-8") as handle:
        counts = {"words": dict(vocabulary.words), "stems": dict(vocabulary.stems)}
        json.dump(counts, handle, ensure_ascii=False, separators=(",", ":"))
    return vocabulary


def read_vocabulary(snapshot: Path) -> Vocabulary | None:
    """The vocabulary saved in ``snapshot``, or None for a snapshot built without one."""
    path = snapshot / VOCABULARY
    if not path.is_file():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        counts = json.load(handle)
    return Vocabulary(counts["words"], counts["stems"])
