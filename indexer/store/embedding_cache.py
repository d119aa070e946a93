"""Persistent cache of embedding vectors keyed by (model id, SHA-256 of the embedded text)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

import numpy as np

from indexer.store.failures import writing

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    key TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, key)
) WITHOUT ROWID
"""
_KEYS_PER_QUERY = 500
_BLOB_DTYPE = np.dtype("<f4")


def discard_if_damaged(path: Path) -> str | None:
    """Move a cache that SQLite cannot open aside (to ``<name>.damaged``), so the build
    starts a new one; says what was done. A sound cache, or none, is left as it is.

    Only the header, the schema and a first row are read, so the check costs the same at any
    size of the cache (a full check reads every page of it: ``minutes index --verify``)."""
    if not path.exists():
        return None
    try:
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            connection.execute("SELECT 1 FROM vectors LIMIT 1").fetchall()
            found = ["ok"]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        found = [str(error)]
    if found == ["ok"]:
        return None
    damaged = path.with_name(path.name + ".damaged")
    with writing(path):
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        os.replace(path, damaged)
    return (
        f"the embedding cache was damaged ({found[0]}): moved to {damaged.name}, a new one is made"
    )


def text_key(text: str) -> str:
    """The cache key of ``text``: the SHA-256 hex digest of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors in one SQLite file (WAL mode), shared by all snapshots and concurrent processes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with writing(self.path):
            self._conn = sqlite3.connect(self.path, timeout=60)
            try:
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=NORMAL")
                with self._conn:
                    self._conn.execute(_SCHEMA)
            except sqlite3.Error:
                self._conn.close()
                raise

    def get_many(self, model_id: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors of ``model_id`` for those of ``keys`` that are in the cache."""
        unique = list(dict.fromkeys(keys))
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(unique), _KEYS_PER_QUERY):
            chunk = unique[start : start + _KEYS_PER_QUERY]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({marks})",
                [model_id, *chunk],
            )
            for key, blob in rows:
                found[key] = np.frombuffer(blob, dtype=_BLOB_DTYPE).astype(np.float32)
        return found

    def put_many(self, model_id: str, items: Mapping[str, np.ndarray]) -> None:
        """Store ``items`` (key → vector) for ``model_id`` in one transaction (IndexWriteError
        when the disk is full or the folder read-only)."""
        rows = (
            (model_id, key, np.asarray(vector, dtype=_BLOB_DTYPE).tobytes())
            for key, vector in items.items()
        )
        with writing(self.path), self._conn:
            self._conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def read_cached_vectors(path: Path, model_id: str) -> np.ndarray:
    """Every vector of ``model_id`` in the cache at ``path`` (one a row), read-only."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT vector FROM vectors WHERE model = ?", (model_id,)).fetchall()
    finally:
        conn.close()
    vectors = [np.frombuffer(blob, dtype=_BLOB_DTYPE) for (blob,) in rows]
    return np.array(vectors, dtype=np.float32) if vectors else np.empty((0, 0), np.float32)
