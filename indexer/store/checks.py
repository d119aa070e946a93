"""A snapshot's files as its manifest records them (size, SHA-256, modification time), and
what differs now.

The sizes are cheap to compare and are checked whenever a snapshot is opened; the checksums
read every byte and are checked by `minutes status` and `minutes index --verify`. A build
reuses a file whose size and time are as recorded, and reads the checksum of one whose time
changed (``reuse_problems``): a segment is written once, so a new time means it was touched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from indexer.store.layout import MANIFEST

_BLOCK = 1 << 20


@dataclass(frozen=True)
class FileCheck:
    """A snapshot file's size in bytes, the hex SHA-256 of its content and its modification
    time (nanoseconds)."""

    size: int
    sha256: str
    mtime_ns: int | None = None


def record_files(snapshot: Path, known: Mapping[str, FileCheck]) -> dict[str, FileCheck]:
    """Every file of ``snapshot`` but the manifest, by its POSIX path inside the snapshot:
    the checks of ``known`` files (linked from the previous snapshot) as they are, the
    others read."""
    found = {}
    for path in sorted(snapshot.rglob("*")):
        name = path.relative_to(snapshot).as_posix()
        if path.is_file() and path.name != MANIFEST:
            found[name] = known.get(name) or _check(path)
    return found


def _check(path: Path) -> FileCheck:
    state = path.stat()
    return FileCheck(state.st_size, _sha256(path), state.st_mtime_ns)


def reuse_problems(snapshot: Path, files: Mapping[str, FileCheck]) -> list[str]:
    """What is missing, of another size, or touched and of other content than recorded."""
    problems = []
    for name, check in files.items():
        path = snapshot / name
        problem = _size_problem(path, name, check)
        if problem is None and path.stat().st_mtime_ns != check.mtime_ns:
            problem = _content_problem(path, name, check)
        if problem:
            problems.append(problem)
    return problems


def size_problems(snapshot: Path, files: Mapping[str, FileCheck]) -> list[str]:
    """What is missing or of another size than recorded (one short phrase per file)."""
    found = (_size_problem(snapshot / name, name, check) for name, check in files.items())
    return [problem for problem in found if problem]


def content_problems(snapshot: Path, files: Mapping[str, FileCheck]) -> list[str]:
    """What is missing, of another size, or of other content than recorded."""
    found = (_content_problem(snapshot / name, name, check) for name, check in files.items())
    return [problem for problem in found if problem]


def _size_problem(path: Path, name: str, check: FileCheck) -> str | None:
    try:
        size = path.stat().st_size
    except OSError:
        return f"{name} is missing"
    return None if size == check.size else f"{name} is {size} bytes, not {check.size}"


def _content_problem(path: Path, name: str, check: FileCheck) -> str | None:
    problem = _size_problem(path, name, check)
    if problem:
        return problem
    try:
        same = _sha256(path) == check.sha256
    except OSError as error:
        return f"{name} cannot be read ({error.strerror or error})"
    return None if same else f"{name} has changed (its checksum differs)"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()
