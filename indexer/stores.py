"""Where snapshots are published and read: the index folder (the default), or a PostgreSQL
database that many app servers share (``--store postgresql://…``, ``indexer.store.pg``).

A store gives the search side the published snapshot's name (``current``) and its parts
(``open``), and gives a build its lock, the previous snapshot, and ``write_snapshot``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from indexer.previous import PreviousIndex, load_previous, published_documents
from indexer.store import IndexDir, Manifest
from indexer.store.publishing import SnapshotParts, write_snapshot
from indexer.store.snapshot_source import FolderSource, SnapshotSource

if TYPE_CHECKING:
    from indexer.store.pg.store import PgStore


class Store(Protocol):
    """Where snapshots are; a build takes ``acquire_lock`` inside the index folder's lock."""

    def current(self) -> str: ...

    def open(self, name: str) -> SnapshotSource: ...

    def acquire_lock(self) -> Any: ...

    def repair(self) -> str | None: ...

    def current_name(self) -> str | None: ...

    def load_previous(self) -> PreviousIndex: ...

    def published_documents(self) -> set[str]: ...

    def write_snapshot(
        self, parts: SnapshotParts, manifest: Manifest, exact_limit: int
    ) -> tuple[str, Manifest]: ...

    def close(self) -> None:
        """Let go of what reading it holds open (a later read opens it again)."""


class FolderStore:
    """Snapshots as folders of files in the index folder, switched by its CURRENT file."""

    def __init__(self, index: IndexDir):
        self.index = index

    def current(self) -> str:
        return self.index.current().name

    def open(self, name: str) -> FolderSource:
        return FolderSource(self.index.snapshots / name)

    def acquire_lock(self) -> Any:
        """Nothing more to hold: a build holds the index folder's lock already."""
        return _Held()

    def repair(self) -> str | None:
        return self.index.repair()

    def current_name(self) -> str | None:
        return self.index.current_name()

    def load_previous(self) -> PreviousIndex:
        return load_previous(self.index)

    def published_documents(self) -> set[str]:
        return published_documents(self.index)

    def write_snapshot(
        self, parts: SnapshotParts, manifest: Manifest, exact_limit: int
    ) -> tuple[str, Manifest]:
        return write_snapshot(self.index, parts, manifest, exact_limit)

    def close(self) -> None:
        """Nothing held open: a snapshot's files are opened by its reader."""


class _Held:
    def release(self) -> None:
        """Nothing to release."""


def is_database_address(value: str | None) -> bool:
    """Whether a store setting names a PostgreSQL database (else the index folder is used)."""
    return bool(value) and str(value).startswith(("postgresql://", "postgres://"))


def open_store(address: str | None, index: Path) -> FolderStore | PgStore:
    """The PostgreSQL store at ``address``, or (no address) the index folder ``index``."""
    if address and is_database_address(address):
        from indexer.store.pg.store import PgStore

        return PgStore(address)
    return FolderStore(IndexDir(index))
