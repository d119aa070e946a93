"""The PostgreSQL store: the published snapshot's name and sources for reading, and for a
build the lock, the previous snapshot and publishing a new one in one transaction."""

from __future__ import annotations

import json
from contextlib import suppress
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from indexer.lexical import Vocabulary
from indexer.previous import PreviousIndex, documents_of, previous_of
from indexer.store.layout import IndexBusy, NoSnapshot
from indexer.store.lexical_index import word_counts_bytes
from indexer.store.manifest import Manifest, SegmentEntry
from indexer.store.pg.database import (
    BUILDING,
    READERS,
    connect,
    first_value,
    reaching,
    reading_pool,
    segment_schema,
)
from indexer.store.pg.schema import SNAPSHOTS
from indexer.store.pg.segment_writer import write_segment
from indexer.store.pg.source import PgSource
from indexer.store.publishing import (
    NewSegment,
    SnapshotParts,
    completed,
    snapshot_name,
    write_segments,
)
from indexer.store.snapshot_metadata import SnapshotMetadata
from indexer.store.sources import sources_json

KEEP_SNAPSHOTS = 3  # the snapshots whose segments stay: readers may still hold the older ones
_BUILD_LOCK = 0x6D696E75746573  # "minutes": the advisory lock that keeps two builds apart


class AdvisoryLock:
    """The build lock, held by a connection of its own until released (or the build's
    process ends: the database lets go of a dropped connection's locks)."""

    def __init__(self, address: str):
        self._connection = connect(address, purpose=BUILDING)
        if not first_value(self._connection, "SELECT pg_try_advisory_lock(%s)", (_BUILD_LOCK,)):
            self._connection.close()
            raise IndexBusy(
                "another `minutes index` is writing to this database; "
                "try again when it has finished"
            )

    def release(self) -> None:
        """Unlock, then close: the next build may take the lock at once (a closed connection's
        locks go only when the server has noticed, which under load took long enough for
        builds one after the other to find the lock still held)."""
        with suppress(psycopg.Error):  # a lost connection has lost its lock with it
            self._connection.execute("SELECT pg_advisory_unlock(%s)", (_BUILD_LOCK,))
        self._connection.close()


class PgStore:
    """The store at ``address`` (postgresql://…). Reading goes through a pool of up to
    ``readers`` connections, opened on first use; each build opens its own."""

    def __init__(self, address: str, readers: int = READERS):
        self.address = address
        self.readers = readers
        self._pool: ConnectionPool | None = None

    def _reading(self) -> ConnectionPool:
        if self._pool is None or self._pool.closed:
            self._pool = reading_pool(self.address, self.readers)
        return self._pool

    def close(self) -> None:
        """Close the reading connections (a later read opens them again)."""
        if self._pool is not None:
            self._pool.close()

    # -- reading ----------------------------------------------------------------------------

    def current(self) -> str:
        """The name of the published snapshot (NoSnapshot before the first build)."""
        name = self.current_name()
        if name is None:
            raise NoSnapshot("no index in the database: run `minutes index` first")
        return name

    def open(self, name: str) -> PgSource:
        return PgSource(self._reading(), name)

    # -- building ---------------------------------------------------------------------------

    def acquire_lock(self) -> AdvisoryLock:
        return AdvisoryLock(self.address)

    def repair(self) -> str | None:
        """Nothing to repair: a build that did not commit left nothing behind."""
        return None

    def current_name(self) -> str | None:
        with reaching(), self._reading().connection() as connection:
            return _current_name(connection)

    def load_previous(self) -> PreviousIndex:
        name = self.current_name()
        return PreviousIndex() if name is None else previous_of(self.open(name))

    def published_documents(self) -> set[str]:
        name = self.current_name()
        if name is None:
            return set()
        source = self.open(name)
        return documents_of(SnapshotMetadata(source.manifest(), source.open_segment), psycopg.Error)

    def write_snapshot(
        self, parts: SnapshotParts, manifest: Manifest, exact_limit: int
    ) -> tuple[str, Manifest]:
        """Write the new segments of ``parts`` and a snapshot of them and the kept ones,
        publish it and retire old snapshots, all in one transaction."""
        name = snapshot_name()
        with (
            connect(self.address, autocommit=False, purpose=BUILDING) as connection,
            reaching(),
            connection.transaction(),
        ):
            connection.execute(SNAPSHOTS)

            def write_new(segment: str, new: NewSegment, vocabulary: Vocabulary) -> SegmentEntry:
                return write_segment(
                    connection, segment, new.contents, new.vectors, vocabulary, exact_limit
                )

            entries, live = write_segments(parts, name, write_new)
            complete = completed(manifest, entries, live, {})
            _insert_snapshot(connection, name, complete, parts)
            _retire(connection)
        return name, complete


def _current_name(connection: psycopg.Connection[Any]) -> str | None:
    try:
        with reaching():
            found = connection.execute("SELECT name FROM minutes_current").fetchone()
    except psycopg.errors.UndefinedTable:
        return None
    return found[0] if found else None


def _insert_snapshot(
    connection: psycopg.Connection[Any], name: str, manifest: Manifest, parts: SnapshotParts
) -> None:
    """The snapshot's row, and the pointer to it."""
    connection.execute(
        "INSERT INTO minutes_snapshots (name, manifest, word_counts, sources) "
        "VALUES (%s, %s, %s, %s)",
        (
            name,
            json.dumps(manifest.to_json(), ensure_ascii=False),
            word_counts_bytes(parts.word_counts),
            sources_json(parts.sources),
        ),
    )
    connection.execute(
        "INSERT INTO minutes_current (one, name) VALUES (TRUE, %s) "
        "ON CONFLICT (one) DO UPDATE SET name = EXCLUDED.name",
        (name,),
    )


def _retire(connection: psycopg.Connection[Any]) -> None:
    """Drop the snapshots older than the last ``KEEP_SNAPSHOTS``, and the segments that no
    snapshot left lists."""
    rows = connection.execute(
        "SELECT name, manifest FROM minutes_snapshots ORDER BY published_at DESC, name DESC"
    ).fetchall()
    kept, retired = rows[:KEEP_SNAPSHOTS], rows[KEEP_SNAPSHOTS:]
    listed = {segment for _, text in kept for segment in _segment_names(text)}
    for name, text in retired:
        for segment in set(_segment_names(text)) - listed:
            connection.execute(f'DROP SCHEMA IF EXISTS "{segment_schema(segment)}" CASCADE')
        connection.execute("DELETE FROM minutes_snapshots WHERE name = %s", (name,))


def _segment_names(manifest_text: str) -> list[str]:
    return [segment["name"] for segment in json.loads(manifest_text)["segments"]]
