"""The index directory: immutable snapshots, an atomically switched CURRENT pointer, a lock.

Layout (the file names of a snapshot are the constants below)::

    <index>/CURRENT                 name of the published snapshot
    <index>/embeddings.sqlite       embedding cache shared by all snapshots
    <index>/build.lock              held while a build runs
    <index>/snapshots/<name>/       manifest.json, meta.sqlite, vectors.faiss, bm25/,
                                    vocabulary.json.gz
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import filelock

from indexer.store.durability import fsync_path, fsync_tree
from indexer.store.failures import writing

MANIFEST = "manifest.json"
META_DB = "meta.sqlite"
VECTORS = "vectors.faiss"
BM25_DIR = "bm25"
VOCABULARY = "vocabulary.json.gz"


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

    @property
    def lock_file(self) -> Path:
        return self.root / "build.lock"

    def lock(self) -> filelock.FileLock:
        """The lock that keeps two builds apart (acquire with timeout=0 to fail fast)."""
        with writing(self.root):
            self.root.mkdir(parents=True, exist_ok=True)
        return filelock.FileLock(self.lock_file)

    def acquire_lock(self) -> filelock.FileLock:
        """The build lock, held: IndexBusy when another build holds it, IndexWriteError when
        the index folder cannot be written."""
        lock = self.lock()
        with writing(self.lock_file):
            try:
                lock.acquire(timeout=0)
            except filelock.Timeout:  # an OSError too, so caught before `writing` sees it
                raise IndexBusy(
                    f"another `minutes index` is running on {self.root}; "
                    "try again when it has finished"
                ) from None
        return lock

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

    @contextmanager
    def new_snapshot(self, name: str) -> Iterator[Path]:
        """The folder of a new snapshot, to be written and published inside the block.

        A write that fails raises IndexWriteError; on any failure before it is published the
        folder is removed again, so a full disk is not left fuller.
        """
        path = self.snapshots / name
        try:
            with writing(path):
                path.mkdir(parents=True)
                yield path
        except BaseException:
            if self._published_name() != name:
                shutil.rmtree(path, ignore_errors=True)
            raise

    def _published_name(self) -> str | None:
        """What CURRENT names, without checking it."""
        try:
            return self.current_file.read_text(encoding="utf-8").strip()
        except (OSError, ValueError):
            return None

    def publish(self, name: str) -> None:
        """Make snapshot ``name`` current in one atomic step, then drop older leftovers.

        Every file and folder of the snapshot is fsynced first, so a power cut never leaves
        CURRENT naming files that are not on disk.
        """
        with writing(self.snapshots / name):
            fsync_tree(self.snapshots / name)
        previous = self.current_name()
        pointer = self.root / "CURRENT.tmp"
        with writing(pointer):
            with open(pointer, "w", encoding="utf-8") as handle:
                handle.write(name + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(pointer, self.current_file)
        with writing(self.root, f"snapshot {name} is published but may not survive a power cut"):
            fsync_path(self.root)
        self.remove_snapshots(keep={name, previous})

    def remove_snapshots(self, keep: set[str | None]) -> None:
        """Delete every snapshot directory not in ``keep`` (old or left by a crashed build)."""
        if not self.snapshots.is_dir():
            return
        for entry in self.snapshots.iterdir():
            if entry.name not in keep and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
