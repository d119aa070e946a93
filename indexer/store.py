"""The index directory: immutable snapshots, an atomically switched CURRENT pointer, a lock.

Layout::

    <index>/CURRENT                 name of the published snapshot
    <index>/embeddings.sqlite       embedding cache shared by all snapshots
    <index>/build.lock              held while a build runs
    <index>/snapshots/<name>/       manifest.json, meta.sqlite, vectors.faiss, bm25/
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filelock

SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
META_DB = "meta.sqlite"
VECTORS = "vectors.faiss"
BM25_DIR = "bm25"

SCHEMA = """
CREATE TABLE meetings (
    id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
    date TEXT, date_end TEXT, series TEXT, folder TEXT, signature TEXT NOT NULL
);
CREATE TABLE documents (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id),
    path TEXT NOT NULL UNIQUE, kind TEXT NOT NULL CHECK (kind IN ('minutes', 'attachment')),
    title TEXT, page_kind TEXT, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL, text TEXT NOT NULL, pages TEXT NOT NULL, headings TEXT NOT NULL,
    prop_title TEXT, prop_date TEXT
);
CREATE TABLE chunks (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL REFERENCES documents(id), ordinal INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, section TEXT, pages TEXT NOT NULL,
    text TEXT NOT NULL, embed_key TEXT NOT NULL
);
CREATE INDEX chunks_by_document ON chunks(document_id, ordinal);
CREATE TABLE sources (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    sha256 TEXT, status TEXT NOT NULL, reason TEXT
);
"""


class IndexBusy(Exception):
    """Another build holds the index lock."""


class NoSnapshot(Exception):
    """The index directory has no published snapshot yet."""


@dataclass(frozen=True)
class IndexDir:
    """Paths inside one index directory."""

    root: Path

    @property
    def current_file(self) -> Path:
        return self.root / "CURRENT"

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"

    @property
    def cache_file(self) -> Path:
        return self.root / "embeddings.sqlite"

    def lock(self) -> filelock.FileLock:
        """The lock that keeps two builds apart (acquire with timeout=0 to fail fast)."""
        self.root.mkdir(parents=True, exist_ok=True)
        return filelock.FileLock(self.root / "build.lock")

    def current_name(self) -> str | None:
        """The published snapshot's name, or None before the first build."""
        try:
            name = self.current_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if name and (self.snapshots / name / MANIFEST).is_file() else None

    def current(self) -> Path:
        """The published snapshot's directory."""
        name = self.current_name()
        if name is None:
            raise NoSnapshot(f"no index in {self.root}: run `minutes index` first")
        return self.snapshots / name

    def publish(self, name: str) -> None:
        """Make snapshot ``name`` current in one atomic step, then drop older leftovers."""
        previous = self.current_name()
        pointer = self.root / "CURRENT.tmp"
        with open(pointer, "w", encoding="utf-8") as handle:
            handle.write(name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(pointer, self.current_file)
        _fsync_dir(self.root)
        self.remove_snapshots(keep={name, previous})

    def remove_snapshots(self, keep: set[str | None]) -> None:
        """Delete every snapshot directory not in ``keep`` (old or left by a crashed build)."""
        if not self.snapshots.is_dir():
            return
        for entry in self.snapshots.iterdir():
            if entry.name not in keep and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_manifest(snapshot: Path) -> dict[str, Any]:
    """The manifest of a snapshot directory."""
    return json.loads((snapshot / MANIFEST).read_text(encoding="utf-8"))


def write_manifest(snapshot: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest last: a snapshot without one is incomplete."""
    path = snapshot / MANIFEST
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())


def create_meta_db(snapshot: Path) -> sqlite3.Connection:
    """A new, empty metadata database in ``snapshot``."""
    connection = sqlite3.connect(snapshot / META_DB)
    connection.executescript(SCHEMA)
    return connection


def open_meta_db(snapshot: Path) -> sqlite3.Connection:
    """Open a published snapshot's metadata database read-only."""
    uri = (snapshot / META_DB).resolve().as_uri() + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    return connection
