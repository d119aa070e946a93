"""A snapshot published in the PostgreSQL store, as the search side and the next build open it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import psycopg
from psycopg_pool import ConnectionPool

from indexer.lexical import WordCounts
from indexer.records import SourceRecord
from indexer.store.layout import NoSnapshot
from indexer.store.lexical_index import parse_word_counts
from indexer.store.manifest import Manifest, SegmentEntry
from indexer.store.pg.database import PgSegment, reaching
from indexer.store.pg.segment_parts import (
    PgPostings,
    PgSentenceVectors,
    PgVectors,
    decision_vectors,
)
from indexer.store.pg.segment_writer import DECISIONS, PASSAGES
from indexer.store.snapshot_source import DECISION_POSTINGS, PASSAGE_POSTINGS
from indexer.store.sources import parse_sources
from indexer.store.verify import first_line

T = TypeVar("T")
_KINDS = {PASSAGE_POSTINGS: PASSAGES, DECISION_POSTINGS: DECISIONS}


class PgSource:
    """The snapshot ``name`` of the store whose reading connections ``pool`` lends (several
    queries at once, one per connection). Its rows are read once when it is opened."""

    def __init__(self, pool: ConnectionPool, name: str):
        self.name = name
        self.path: Path | None = None  # not a folder
        self._pool = pool
        found = self._select(
            "SELECT manifest, word_counts, sources FROM minutes_snapshots WHERE name = %s"
        )
        if not found:
            raise NoSnapshot(f"the database holds no snapshot {name}: run `minutes index`")
        self._manifest = Manifest.from_json(json.loads(found[0][0]))
        self._word_counts, self._sources = bytes(found[0][1]), found[0][2]

    @property
    def closed(self) -> bool:
        """Whether its store's connections are closed (the snapshot is opened again)."""
        return bool(self._pool.closed)

    def _select(self, sql: str) -> list[Any]:
        with reaching(), self._pool.connection() as connection:
            return connection.execute(sql, (self.name,)).fetchall()

    def manifest(self) -> Manifest:
        return self._manifest

    def open_segment(self, entry: SegmentEntry) -> PgSegment:
        return PgSegment(self._pool.connection, entry.name)

    def passage_vectors(self, entry: SegmentEntry) -> PgVectors:
        graph = entry.vector_index == "hnsw"
        return PgVectors(self.open_segment(entry), entry.counts.chunks, graph)

    def decision_vectors(self, entry: SegmentEntry) -> np.ndarray:
        return decision_vectors(self.open_segment(entry), self._manifest.dim or 1)

    def sentence_vectors(self, entry: SegmentEntry) -> PgSentenceVectors:
        return PgSentenceVectors(self.open_segment(entry), self._manifest.dim or 1)

    def postings(self, entry: SegmentEntry, kind: str) -> PgPostings:
        return PgPostings(self.open_segment(entry), _KINDS[kind])

    def word_counts(self) -> WordCounts:
        return parse_word_counts(self._word_counts)

    def sources(self) -> dict[str, SourceRecord]:
        return parse_sources(self._sources)

    def load(self, name: str, load: Callable[[], T]) -> T:
        """What ``load`` returns; a database error says which part failed, in one line."""
        try:
            return load()
        except psycopg.Error as error:
            problem = f"{name} cannot be read ({first_line(error)})"
            raise NoSnapshot(f"the snapshot {self.name} in the database: {problem}") from None
