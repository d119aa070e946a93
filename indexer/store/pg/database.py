"""Connections to the PostgreSQL store, rows read by column name or position, and a segment's
tables as the SegmentDatabase that ``queries.MetadataReader`` reads."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from pgvector.psycopg import register_vector
from psycopg_pool import ConnectionPool

from indexer.store.layout import StoreUnavailable
from indexer.store.verify import first_line

# The tables of a segment's schema: meta.sqlite's, then the vectors' and the postings'.
SEGMENT_TABLES = (
    "meetings",
    "documents",
    "chunks",
    "decisions",
    "sentences",
    "passage_vectors",
    "decision_vectors",
    "sentence_vectors",
    "postings",
    "row_lengths",
)
_TABLE_NAMES = re.compile(r"(?<![\w.])(" + "|".join(SEGMENT_TABLES) + r")\b")


class Row(tuple):
    """A row whose values are read by position or by column name (as sqlite3.Row)."""

    names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


def _row_factory(cursor: psycopg.Cursor[Any]) -> Any:
    names = {column.name: n for n, column in enumerate(cursor.description or ())}

    def make(values: Sequence[Any]) -> Row:
        row = Row(values)
        row.names = names
        return row

    return make


@contextmanager
def reaching(what: str = "the index database") -> Iterator[None]:
    """Raise a lost or refused connection as StoreUnavailable, in one line."""
    try:
        yield
    except psycopg.OperationalError as error:
        reason = first_line(error) or type(error).__name__
        raise StoreUnavailable(f"{what} cannot be reached: {reason}") from None


READING, BUILDING = "minutes", "minutes index"  # how the database lists our connections
READERS = 4  # connections one process reads through at once (a serving process's sessions)
_WAIT_FOR_A_READER = 10.0  # seconds a query waits for a free (or new) reading connection

# A connection lent for one statement or a few, and taken back when the block ends.
Connections = Callable[[], AbstractContextManager[psycopg.Connection[Any]]]


def connect(
    address: str, *, autocommit: bool = True, purpose: str = READING
) -> psycopg.Connection[Any]:
    """A connection to the store at ``address`` with pgvector's types known (the extension is
    created when missing), named ``purpose``; StoreUnavailable when it cannot be reached."""
    with reaching():
        return _connect(address, autocommit, purpose)


def reading_pool(address: str, readers: int = READERS) -> ConnectionPool:
    """Up to ``readers`` connections to the store at ``address``, opened as queries need
    them and checked before each use (a lost one is replaced); StoreUnavailable, in one line,
    when the database cannot be reached now."""
    connect(address).close()  # the reason the database cannot be reached, said at once
    return ConnectionPool(
        address,
        min_size=1,
        max_size=readers,
        kwargs={"autocommit": True, "row_factory": _row_factory, "application_name": READING},
        configure=_with_vectors,
        check=ConnectionPool.check_connection,
        timeout=_WAIT_FOR_A_READER,
        name=READING,
        open=True,
    )


def _connect(address: str, autocommit: bool, purpose: str) -> psycopg.Connection[Any]:
    connection = psycopg.connect(
        address, autocommit=True, row_factory=_row_factory, application_name=purpose
    )
    try:
        _with_vectors(connection)
        connection.autocommit = autocommit
    except BaseException:
        connection.close()
        raise
    return connection


def _with_vectors(connection: psycopg.Connection[Any]) -> None:
    """pgvector's types known to ``connection`` (the extension created when missing)."""
    installed = "SELECT 1 FROM pg_extension WHERE extname = 'vector'"
    if not connection.execute(installed).fetchone():  # a read replica cannot create it
        connection.execute("CREATE EXTENSION IF NOT EXISTS vector")
    register_vector(connection)


def first_value(connection: psycopg.Connection[Any], sql: str, params: tuple[Any, ...] = ()) -> Any:
    """The first column of the one row ``sql`` gives."""
    found = connection.execute(sql, params).fetchone()
    assert found is not None, sql
    return found[0]


def segment_schema(name: str) -> str:
    """The schema of the segment ``name`` (a snapshot name and a number: 20261201T…Z-0)."""
    return "minutes_seg_" + re.sub(r"[^a-z0-9]", "_", name.lower())


@lru_cache(maxsize=1024)
def _qualified(sql: str, schema: str) -> str:
    """``sql`` with the segment's tables in ``schema`` and psycopg's parameter marks."""
    return _TABLE_NAMES.sub(rf'"{schema}".\1', sql).replace("?", "%s")


class PgSegment:
    """A segment's tables, read through the connections of its store: statements (those of
    ``queries`` too) name its tables unqualified and mark parameters ``?``, so each is
    qualified with the segment's schema and marked as psycopg does."""

    def __init__(self, connections: Connections, name: str):
        self._connections = connections
        self.schema = segment_schema(name)

    def rows(
        self, sql: str, params: Sequence[Any] = (), setting: tuple[str, str] | None = None
    ) -> list[Any]:
        """The rows of ``sql``; with a ``setting`` (name, value), it holds for this statement
        only (set in a transaction of its own)."""
        statement = _qualified(sql, self.schema)
        with reaching(), self._connections() as connection:
            if setting is None:
                return connection.execute(statement, list(params)).fetchall()
            with connection.transaction():
                connection.execute("SELECT set_config(%s, %s, true)", setting)
                return connection.execute(statement, list(params)).fetchall()

    def integrity_problems(self) -> list[str]:
        """Nothing: the database keeps its own pages sound."""
        return []

    def close(self) -> None:
        """Nothing: the connections are the store's."""
