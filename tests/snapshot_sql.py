"""Raw SQL on a snapshot's metadata, and its live passages, for tests that pick what to look
at by hand."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from indexer.store import IndexDir
from indexer.store.entities import Passage
from indexer.store.metadata import open_metadata
from indexer.store.segments import segment_folder
from search.snapshot import Snapshot


def query(snapshot: Snapshot, sql: str, params: Sequence = ()) -> list[sqlite3.Row]:
    """Rows of ``sql`` on the meta.sqlite of each of the snapshot's segments (read-only), one
    segment after the other (rows of dead meetings too; rows numbered in their segment)."""
    found: list[sqlite3.Row] = []
    for entry in snapshot.manifest.segments:
        db = open_metadata(segment_folder(snapshot.path, entry.name))
        try:
            found += db.execute(sql, params).fetchall()
        finally:
            db.close()
    return found


def live_passages(index: Path) -> list[Passage]:
    """Every live passage of the published snapshot of ``index``, in row order."""
    snapshot = Snapshot(IndexDir(index).current())
    try:
        live = snapshot.live
        rows = range(int(snapshot.starts.passages[-1]))
        found = snapshot.meta.passages(r for r in rows if live is None or live[r])
        return [found[row] for row in sorted(found)]
    finally:
        snapshot.meta.close()
