"""Why a file of the index directory could not be written, said in one line.

Every write of a build (the lock, the embedding cache, a snapshot's files, CURRENT) runs inside
``writing(path)``, which turns the OSError or SQLite error of a full disk, a file-size limit, a
read-only folder or a missing permission into an ``IndexWriteError`` naming the file.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

UNCHANGED = "the published index is unchanged"
NEARLY_FULL_BYTES = 1_000_000  # a disk with less free space is full for SQLite's purposes

_OS_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large (a file-size limit was reached)",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}


class IndexWriteError(Exception):
    """A file of the index directory could not be written: disk full, read-only, no permission."""

    def __init__(self, path: Path | str, reason: str, outcome: str = UNCHANGED):
        super().__init__(f"cannot write {path}: {reason}; {outcome}")
        self.path = Path(path)
        self.reason = reason


def os_reason(error: OSError) -> str:
    """The reason of an OSError in a few words ("no space left on the device")."""
    if error.errno in _OS_REASONS:
        return _OS_REASONS[error.errno]
    return (error.strerror or str(error)).lower()


def sqlite_reason(error: sqlite3.Error, path: Path) -> str:
    """The reason of a SQLite error writing ``path``; SQLite hides the errno of some failed
    writes (a full disk while it maps its WAL index, a file-size limit), so look at the disk."""
    name = getattr(error, "sqlite_errorname", "")
    if name == "SQLITE_FULL" or (name.startswith("SQLITE_IOERR") and _nearly_full(path)):
        return "the disk is full"
    if name.startswith("SQLITE_IOERR"):
        return "disk I/O error (a full disk, a file-size limit or a failing disk)"
    return str(error)


def _nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < NEARLY_FULL_BYTES
    except OSError:
        return False


@contextmanager
def writing(path: Path, outcome: str = UNCHANGED) -> Iterator[None]:
    """Raise the OSError or SQLite error of writing ``path`` as an IndexWriteError.

    ``outcome`` says what the failure left published (by default: nothing changed).
    """
    try:
        yield
    except OSError as error:
        raise IndexWriteError(error.filename or path, os_reason(error), outcome) from error
    except sqlite3.OperationalError as error:
        raise IndexWriteError(path, sqlite_reason(error, path), outcome) from error
