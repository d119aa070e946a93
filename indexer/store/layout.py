"""The index directory: immutable snapshots, an atomically switched CURRENT pointer, a lock.

Layout (the file names of a snapshot are the constants below)::

    <index>/CURRENT                 name of the published snapshot
    <index>/embeddings.sqlite       embedding cache shared by all snapshots
    <index>/build.lock              held while a build runs
    <index>/snapshots/<name>/       manifest.json, vocabulary.json.gz, sources.json,
                                    segments/<segment>/ (hard links to the files of the
                                    segment, written once by the snapshot that made it):
                                    meta.sqlite, vectors.faiss, postings/, decisions.faiss,
                                    decision_postings/, sentences.npy
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
from indexer.store.failures import os_reason, writing
from indexer.store.space import check_free_space

MANIFEST = "manifest.json"
VOCABULARY = "vocabulary.json.gz"
SOURCES = "sources.json"
SEGMENTS = "segments"
# the files of a segment
META_DB = "meta.sqlite"
VECTORS = "vectors.faiss"
POSTINGS_DIR = "postings"
DECISION_VECTORS = "decisions.faiss"
DECISION_POSTINGS_DIR = "decision_postings"
SENTENCE_VECTORS = "sentences.npy"


class IndexBusy(Exception):
    """Another build holds the index lock."""


class NoSnapshot(Exception):
    """The index directory has no published snapshot yet."""


class DamagedIndex(NoSnapshot):
    """CURRENT is there but names no complete snapshot; `minutes index` repairs it."""

    def __init__(self, root: Path, problem: str):
        super().__init__(
            f"the index in {root} is damaged: CURRENT {problem}; run `minutes index` to repair it"
        )
        self.problem = problem


class StoreUnavailable(Exception):
    """The database that holds the index cannot be reached, or broke off mid-query."""


class DamagedSnapshot(DamagedIndex):
    """A file of the published snapshot is missing, truncated, changed or does not load;
    `minutes index` rebuilds the snapshot from the corpus and the embedding cache."""

    def __init__(self, snapshot: Path, problems: list[str]):
        self.problems = problems
        self.problem = "; ".join(problems)
        NoSnapshot.__init__(
            self,
            f"the index in {snapshot.parent.parent} is damaged: {self.problem}; "
            "run `minutes index` to rebuild it",
        )


_POINTER_BYTES = 1024  # a snapshot name is short; more is not a pointer


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
        """The published snapshot's name; None before the first build; DamagedIndex when
        CURRENT is not the name of a complete snapshot."""
        try:
            with open(self.current_file, "rb") as handle:
                raw = handle.read(_POINTER_BYTES)
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise DamagedIndex(self.root, "is a directory") from None
        except OSError as error:
            raise DamagedIndex(self.root, f"cannot be read ({os_reason(error)})") from None
        try:
            name = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            raise DamagedIndex(self.root, "is not text") from None
        if not self.is_complete(name):
            raise DamagedIndex(self.root, "does not name a complete snapshot")
        return name

    def current(self) -> Path:
        """The published snapshot's directory."""
        name = self.current_name()
        if name is None:
            raise NoSnapshot(f"no index in {self.root}: run `minutes index` first")
        return self.snapshots / name

    def is_complete(self, name: str) -> bool:
        """Whether ``name`` is a snapshot of this index with its manifest (written last)."""
        plain = name not in ("", ".", "..") and "/" not in name and "\0" not in name
        return plain and (self.snapshots / name / MANIFEST).is_file()

    def repair(self) -> str | None:
        """Under the build lock: remove the folders of snapshots never completed, and point a
        damaged CURRENT at the newest complete snapshot. Says what was repaired, if anything."""
        with writing(self.snapshots):
            for folder in self._snapshot_folders():
                if not self.is_complete(folder.name):
                    shutil.rmtree(folder)
        try:
            self.current_name()
            return None
        except DamagedIndex as damage:
            complete = sorted(f.name for f in self._snapshot_folders() if self.is_complete(f.name))
            with writing(self.current_file):
                _remove(self.current_file)
                if complete:
                    self._switch(complete[-1])
            fixed = f"now names snapshot {complete[-1]}" if complete else "removed"
            return f"CURRENT {damage.problem}: {fixed}"

    def _snapshot_folders(self) -> list[Path]:
        if not self.snapshots.is_dir():
            return []
        return [entry for entry in self.snapshots.iterdir() if entry.is_dir()]

    @contextmanager
    def new_snapshot(self, name: str, size: int = 0) -> Iterator[Path]:
        """The folder of a new snapshot of about ``size`` bytes, to be written and published
        inside the block.

        Less free space than ``size`` raises IndexWriteError before anything is written, and
        so does a write that fails; on any failure before it is published the folder is
        removed again, so a full disk is not left fuller.
        """
        path = self.snapshots / name
        check_free_space(self.root, size)
        try:
            with writing(path):
                path.mkdir(parents=True)
                yield path
        except BaseException:
            if self._published_name() != name:
                shutil.rmtree(path, ignore_errors=True)
            raise

    def _published_name(self) -> str | None:
        """The published snapshot's name, or None when there is none or CURRENT is damaged."""
        try:
            return self.current_name()
        except DamagedIndex:
            return None

    def publish(self, name: str) -> None:
        """Make snapshot ``name`` current in one atomic step, then drop older leftovers.

        Every file and folder of the snapshot is fsynced first, so a power cut never leaves
        CURRENT naming files that are not on disk.
        """
        with writing(self.snapshots / name):
            fsync_tree(self.snapshots / name)
        previous = self._published_name()
        self._switch(name)
        self.remove_snapshots(keep={name, previous})

    def _switch(self, name: str) -> None:
        """Replace CURRENT by one naming ``name``, in one atomic step made durable."""
        pointer = self.root / "CURRENT.tmp"
        with writing(pointer):
            with open(pointer, "w", encoding="utf-8") as handle:
                handle.write(name + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(pointer, self.current_file)
        with writing(self.root, f"snapshot {name} is published but may not survive a power cut"):
            fsync_path(self.root)

    def remove_snapshots(self, keep: set[str | None]) -> None:
        """Delete every snapshot directory not in ``keep`` (old or left by a crashed build)."""
        for entry in self._snapshot_folders():
            if entry.name not in keep:
                shutil.rmtree(entry, ignore_errors=True)


def _remove(path: Path) -> None:
    """Remove a file or a whole folder, if it is there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
