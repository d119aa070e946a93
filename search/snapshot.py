"""Open the published snapshot for queries, and follow CURRENT when a new one is published."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import bm25s
import faiss

from indexer.embedders import Embedder, load_embedder
from indexer.store import BM25_DIR, VECTORS, IndexDir, open_meta_db, read_manifest
from search.results import DocumentRef, MeetingRef, Passage


class ModelMismatch(Exception):
    """The index was built with another embedding model than the one asked for."""


_PASSAGE_SQL = """
SELECT c.row, c.id, c.text, c.start, c."end", c.pages, c.section,
       d.id AS d_id, d.path, d.kind, d.title AS d_title, d.page_kind,
       m.id AS m_id, m.title AS m_title, m.date, m.date_end, m.series
FROM chunks c JOIN documents d ON d.id = c.document_id JOIN meetings m ON m.id = d.meeting_id
"""


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def meeting_from_row(row: sqlite3.Row, prefix: str = "m_") -> MeetingRef:
    """A MeetingRef from a row with id/title columns under ``prefix`` and date columns."""
    return MeetingRef(
        row[prefix + "id"],
        row[prefix + "title"],
        _date(row["date"]),
        _date(row["date_end"]),
        row["series"],
    )


def _passage(row: sqlite3.Row) -> Passage:
    document = DocumentRef(row["d_id"], row["path"], row["kind"], row["d_title"], row["page_kind"])
    return Passage(
        row["id"],
        row["row"],
        row["text"],
        row["start"],
        row["end"],
        tuple(json.loads(row["pages"])),
        row["section"],
        document,
        meeting_from_row(row),
    )


class Snapshot:
    """One published snapshot, loaded: metadata database, vectors and the BM25 index."""

    def __init__(self, path: Path):
        self.path = path
        self.name = path.name
        self.manifest: dict[str, Any] = read_manifest(path)
        self.db = open_meta_db(path)
        self.vectors = faiss.read_index(str(path / VECTORS))
        bm25_dir = path / BM25_DIR
        self.bm25 = (
            bm25s.BM25.load(str(bm25_dir), show_progress=False) if bm25_dir.is_dir() else None
        )
        self._lock = threading.Lock()

    @property
    def model(self) -> str:
        return self.manifest["model"]

    def __len__(self) -> int:
        return int(self.manifest["counts"]["chunks"])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Run a read-only query on the metadata database (safe across threads)."""
        with self._lock:
            return self.db.execute(sql, params).fetchall()

    def passages(self, rows: Iterable[int]) -> dict[int, Passage]:
        """The passages at these FAISS/BM25 rows, keyed by row."""
        rows = [int(r) for r in rows]
        found: dict[int, Passage] = {}
        for start in range(0, len(rows), 500):
            part = rows[start : start + 500]
            marks = ",".join("?" * len(part))
            for row in self.query(f"{_PASSAGE_SQL} WHERE c.row IN ({marks})", part):
                found[row["row"]] = _passage(row)
        return found

    def passage_by_id(self, passage_id: str) -> Passage | None:
        """The passage with this stable id, or None."""
        rows = self.query(f"{_PASSAGE_SQL} WHERE c.id = ?", (passage_id,))
        return _passage(rows[0]) if rows else None


class IndexReader:
    """Gives the current snapshot, reloading it when `minutes index` publishes a new one."""

    def __init__(self, index: Path, model: str | None = None):
        self.index = IndexDir(Path(index))
        self.requested_model = model
        self._snapshot: Snapshot | None = None
        self._embedders: dict[str, Embedder] = {}
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        """The published snapshot (raises NoSnapshot before the first build)."""
        path = self.index.current()
        with self._lock:
            if self._snapshot is None or self._snapshot.name != path.name:
                loaded = Snapshot(path)
                self._check_model(loaded)
                self._snapshot = loaded
            return self._snapshot

    def _check_model(self, snapshot: Snapshot) -> None:
        if self.requested_model and self.requested_model != snapshot.model:
            raise ModelMismatch(
                f"the index was built with the model {snapshot.model!r} and cannot be queried "
                f"with {self.requested_model!r}: re-index with `minutes index --model "
                f"{self.requested_model}` or leave out --model"
            )

    def embedder(self, snapshot: Snapshot) -> Embedder:
        """The embedding model the snapshot was built with, loaded once."""
        with self._lock:
            if snapshot.model not in self._embedders:
                self._embedders[snapshot.model] = load_embedder(snapshot.model)
            return self._embedders[snapshot.model]
