"""bm25/, decisions_bm25/ and vocabulary.json.gz: BM25 indexes of the Swedish terms of the
passages and of the decisions, and the compound-splitting vocabulary counted from the
passages, with which both were built, so queries split like what they search."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path

import bm25s

from indexer.lexical import Vocabulary, analyze_many
from indexer.store.failures import writing
from indexer.store.layout import BM25_DIR, VOCABULARY


def write_bm25(
    snapshot: Path, texts: Sequence[str], vocabulary: Vocabulary, folder: str = BM25_DIR
) -> None:
    """Write a BM25 index of ``texts`` (the passages', by default); none when there are none."""
    if not texts:
        return
    retriever = bm25s.BM25()
    retriever.index(analyze_many(texts, vocabulary), show_progress=False)
    with writing(snapshot / folder):
        retriever.save(str(snapshot / folder), show_progress=False)


def read_bm25(snapshot: Path, folder: str = BM25_DIR) -> bm25s.BM25 | None:
    """A BM25 index of a snapshot (the passages', by default), or None when it has none."""
    path = snapshot / folder
    return bm25s.BM25.load(str(path), show_progress=False) if path.is_dir() else None


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
