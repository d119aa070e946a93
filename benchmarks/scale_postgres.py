"""The PostgreSQL server of ``bench_scale.py --postgresql``: pgserver's PostgreSQL with
pgvector (the test extra installs it), started in the work folder, one database per corpus
size, and how much WAL the server wrote (what a build cost the database's disk)."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg


class BenchDatabase:
    """A server in ``work/postgres``, started on first use and left running between runs."""

    def __init__(self, work: Path):
        runtime = work / "runtime"  # where pgserver keeps its state: private, as it asks
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
        import pgserver

        self.server = pgserver.get_server(work / "postgres", cleanup_mode=None)

    def database(self, name: str, fresh: bool) -> str:
        """The address of database ``name``; emptied first when ``fresh``."""
        with psycopg.connect(self.server.get_uri(), autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if exists and fresh:
                connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            if fresh or not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
        return self.server.get_uri(name)

    def wal_bytes(self) -> int:
        """Where the server's write-ahead log is, in bytes since it was made."""
        with psycopg.connect(self.server.get_uri(), autocommit=True) as connection:
            found = connection.execute(
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint"
            ).fetchone()
        return int(found[0]) if found else 0

    def size(self, address: str) -> int:
        """The size of the database at ``address`` on disk, in bytes."""
        with psycopg.connect(address, autocommit=True) as connection:
            found = connection.execute("SELECT pg_database_size(current_database())").fetchone()
        return int(found[0]) if found else 0
