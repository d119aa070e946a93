"""Loading each file of a snapshot, as a query would, and comparing what it holds with the
counts in its manifest (`minutes index --verify`): every file of every segment, against the
segment's counts (its dead rows too), and the snapshot's own files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from indexer.store.layout import (
    DECISION_POSTINGS_DIR,
    DECISION_VECTORS,
    META_DB,
    POSTINGS_DIR,
    SEGMENTS,
    SENTENCE_VECTORS,
    SOURCES,
    VECTORS,
    VOCABULARY,
)
from indexer.store.lexical_index import read_vocabulary
from indexer.store.manifest import Manifest, SegmentEntry
from indexer.store.postings import read_postings
from indexer.store.queries import MetadataReader
from indexer.store.segments import segment_folder
from indexer.store.sentence_vectors import read_sentence_vectors
from indexer.store.sources import read_sources
from indexer.store.vectors import read_decision_vectors, read_vectors
from indexer.store.verify import caught


def load_problems(snapshot: Path, manifest: Manifest) -> list[str]:
    """What fails to load, or holds other counts than the manifest says."""
    checks: list[tuple[str, Callable[[], str | None]]] = [
        (VOCABULARY, lambda: None if read_vocabulary(snapshot) is not None else "is missing"),
        (SOURCES, lambda: None if read_sources(snapshot) is not None else "is missing"),
    ]
    for entry in manifest.segments:
        checks += _segment_checks(segment_folder(snapshot, entry.name), entry, manifest.dim)
    problems: list[str] = []
    for name, check in checks:
        with caught(name, problems):
            problem = check()
            if problem:
                problems.append(f"{name} {problem}")
    return problems


def _segment_checks(
    folder: Path, entry: SegmentEntry, dim: int | None
) -> list[tuple[str, Callable[[], str | None]]]:
    counts = entry.counts

    def named(file: str) -> str:
        return f"{SEGMENTS}/{entry.name}/{file}"

    return [
        (named(META_DB), lambda: _metadata_problem(folder, entry)),
        (named(VECTORS), lambda: _count_problem(len(read_vectors(folder)), counts.chunks)),
        (
            named(DECISION_VECTORS),
            lambda: _count_problem(len(read_decision_vectors(folder)), counts.decisions),
        ),
        (named(SENTENCE_VECTORS), lambda: _sentence_problem(folder, counts.sentences, dim)),
        (named(POSTINGS_DIR), lambda: _postings_problem(folder / POSTINGS_DIR, counts.chunks)),
        (
            named(DECISION_POSTINGS_DIR),
            lambda: _postings_problem(folder / DECISION_POSTINGS_DIR, counts.decisions),
        ),
    ]


def _metadata_problem(folder: Path, entry: SegmentEntry) -> str | None:
    reader = MetadataReader.of_folder(folder)
    try:
        broken = reader.integrity_problems()
        if broken:
            return "is damaged (" + "; ".join(broken[:3]) + ")"
        rows = reader.row_counts()
    finally:
        reader.close()
    counts = entry.counts
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


def _sentence_problem(folder: Path, expected: int, dim: int | None) -> str | None:
    vectors = read_sentence_vectors(folder)
    if dim is not None and vectors.shape[1] != dim:
        return f"holds vectors of {vectors.shape[1]} dimensions, not {dim}"
    return _count_problem(len(vectors), expected)


def _postings_problem(folder: Path, expected: int) -> str | None:
    found = len(read_postings(folder))
    return None if found == expected else f"holds {found} rows, not {expected}"
