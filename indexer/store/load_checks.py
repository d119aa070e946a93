"""Loading each file of a snapshot, as a query would, and comparing what it holds with the
counts in its manifest (`minutes index --verify`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from indexer.store.layout import (
    BM25_DIR,
    DECISION_BM25_DIR,
    DECISION_VECTORS,
    META_DB,
    SENTENCE_VECTORS,
    VECTORS,
    VOCABULARY,
)
from indexer.store.lexical_index import read_bm25, read_vocabulary
from indexer.store.manifest import Manifest
from indexer.store.queries import MetadataReader
from indexer.store.sentence_vectors import read_sentence_vectors
from indexer.store.vectors import read_decision_vectors, read_vectors
from indexer.store.verify import caught


def load_problems(snapshot: Path, manifest: Manifest) -> list[str]:
    """What fails to load, or holds other counts than the manifest says."""
    counts = manifest.counts
    checks: list[tuple[str, Callable[[], str | None]]] = [
        (META_DB, lambda: _metadata_problem(snapshot, manifest)),
        (VECTORS, lambda: _count_problem(len(read_vectors(snapshot)), counts.chunks)),
        (
            DECISION_VECTORS,
            lambda: _count_problem(len(read_decision_vectors(snapshot)), counts.decisions),
        ),
        (SENTENCE_VECTORS, lambda: _sentence_problem(snapshot, manifest)),
        (BM25_DIR, lambda: _bm25_problem(snapshot, BM25_DIR, counts.chunks)),
        (DECISION_BM25_DIR, lambda: _bm25_problem(snapshot, DECISION_BM25_DIR, counts.decisions)),
        (VOCABULARY, lambda: None if read_vocabulary(snapshot) else "is missing"),
    ]
    problems: list[str] = []
    for name, check in checks:
        with caught(name, problems):
            problem = check()
            if problem:
                problems.append(f"{name} {problem}")
    return problems


def _metadata_problem(snapshot: Path, manifest: Manifest) -> str | None:
    reader = MetadataReader(snapshot)
    try:
        broken = reader.integrity_problems()
        if broken:
            return "is damaged (" + "; ".join(broken[:3]) + ")"
        rows = reader.row_counts()
    finally:
        reader.close()
    counts = manifest.counts
    expected = {
        "meetings": counts.meetings,
        "documents": counts.documents,
        "chunks": counts.chunks,
        "decisions": counts.decisions,
        "sentences": counts.sentences,
    }
    wrong = [f"{rows[t]} {t}, not {n}" for t, n in expected.items() if rows[t] != n]
    return "holds " + ", ".join(wrong) if wrong else None


def _count_problem(found: int, expected: int) -> str | None:
    return None if found == expected else f"holds {found} vectors, not {expected}"


def _sentence_problem(snapshot: Path, manifest: Manifest) -> str | None:
    vectors = read_sentence_vectors(snapshot)
    if manifest.dim is not None and vectors.shape[1] != manifest.dim:
        return f"holds vectors of {vectors.shape[1]} dimensions, not {manifest.dim}"
    return _count_problem(len(vectors), manifest.counts.sentences)


def _bm25_problem(snapshot: Path, folder: str, expected: int) -> str | None:
    index = read_bm25(snapshot, folder)
    if index is None:
        return "is missing" if expected else None
    found = int(index.scores["num_docs"])
    return None if found == expected else f"holds {found} entries, not {expected}"
