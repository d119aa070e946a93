"""A snapshot's files as its manifest records them (size and SHA-256), and what differs now.

The sizes are cheap to compare and are checked whenever a snapshot is opened; the checksums
read every byte and are checked by `minutes status`, `minutes index --verify` and before a
build reuses the published snapshot.
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
    """A snapshot file's size in bytes and the hex SHA-256 of its content."""

    size: int
    sha256: str


def record_files(snapshot: Path) -> dict[str, FileCheck]:
    """Every file of ``snapshot`` but the manifest, by its POSIX path inside the snapshot."""
    return {
        path.relative_to(snapshot).as_posix(): FileCheck(path.stat().st_size, _sha256(path))
        for path in sorted(snapshot.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


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
