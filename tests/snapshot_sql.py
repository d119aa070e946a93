"""Raw SQL on a snapshot's metadata, for tests that pick what to look at by hand."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from indexer.store.metadata import open_metadata
from search.snapshot import Snapshot


def query(snapshot: Snapshot, sql: str, params: Sequence = ()) -> list[sqlite3.Row]:
    """Rows of ``sql`` on the snapshot's meta.sqlite (read-only)."""
    db = open_metadata(snapshot.path)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()
