"""A real PostgreSQL server with pgvector, started by the tests (a pytest plugin: the
`postgres_server`, `pg_store` and `store` fixtures).

The server is the one the ``pgserver`` package bundles (PostgreSQL with pgvector, installed by
the project's test extra); it listens on a Unix socket in a temporary folder and stops when
the session ends. Each test that asks for ``pg_store`` gets a database of its own.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

_numbers = itertools.count()


def require_pgserver():
    """The pgserver module; skip without it, except in CI, where these tests must run."""
    try:
        import pgserver
    except ImportError:
        reason = "no PostgreSQL server package (install the test extra: pgserver)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: the PostgreSQL tests must run in CI")
        pytest.skip(reason)
    return pgserver


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """A PostgreSQL server with pgvector for the whole session."""
    pgserver = require_pgserver()
    folder: Path = tmp_path_factory.mktemp("postgres")
    os.environ.setdefault("XDG_RUNTIME_DIR", str(folder))  # where pgserver keeps its state
    server = pgserver.get_server(folder, cleanup_mode="stop")
    yield server
    server.cleanup()


def new_database(server) -> str:
    """The address of a new, empty database on ``server``."""
    name = f"minutes_test_{os.getpid()}_{next(_numbers)}"
    server.psql(f"CREATE DATABASE {name};")
    return server.get_uri(name)


@pytest.fixture
def pg_store(postgres_server) -> str:
    """The address of a new, empty database on the test server."""
    return new_database(postgres_server)


@pytest.fixture(scope="module", params=["folder", "postgresql"])
def store(request) -> str | None:
    """Each store in turn, for a module's index: None (the index folder), then a new
    database on the test server (the search and answer tests run on both)."""
    if request.param == "folder":
        return None
    return new_database(request.getfixturevalue("postgres_server"))


def store_flags(store: str | None) -> list[str]:
    """The command-line flags that choose ``store``."""
    return [] if store is None else ["--store", store]
