"""Checking an index without changing it: the published snapshot's files against the sizes
and checksums in its manifest, and the embedding cache as a database (``load_checks`` loads
each file as well)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from indexer.store.checks import content_problems
from indexer.store.manifest import SnapshotFormatError, read_manifest


@dataclass
class SnapshotCheck:
    """What checking one snapshot found: how many files were compared (none for a snapshot
    built before checksums were recorded), and the problems."""

    files: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)


def check_snapshot(snapshot: Path) -> SnapshotCheck:
    """Compare every file of ``snapshot`` with the size and checksum its manifest records."""
    try:
        manifest = read_manifest(snapshot)
    except (SnapshotFormatError, OSError) as error:
        return SnapshotCheck(problems=[str(error)])
    found = SnapshotCheck(len(manifest.files), sum(f.size for f in manifest.files.values()))
    found.problems = content_problems(snapshot, manifest.files)
    return found


def cache_problems(cache_file: Path) -> list[str]:
    """What SQLite's quick check finds wrong with the embedding cache (nothing when sound or
    when there is no cache yet)."""
    if not cache_file.exists():
        return []
    problems: list[str] = []
    with caught(cache_file.name, problems):
        uri = cache_file.resolve().as_uri() + "?mode=ro"
        connection = sqlite3.connect(uri, uri=True)
        try:
            found = [row[0] for row in connection.execute("PRAGMA quick_check")]
        finally:
            connection.close()
        if found != ["ok"]:
            problems.append(f"{cache_file.name} is damaged (" + "; ".join(found[:3]) + ")")
    return problems


@contextmanager
def caught(name: str, problems: list[str]) -> Iterator[None]:
    """Whatever a damaged file makes its loader raise (FAISS, bm25s, numpy, JSON, SQLite all
    raise their own errors) becomes a problem naming the file."""
    try:
        yield
    except Exception as error:  # any loader's error means the file is damaged
        problems.append(f"{name} cannot be loaded ({first_line(error)})")


def first_line(error: BaseException) -> str:
    """An error's message on one short line (FAISS puts a C++ stack in its messages)."""
    lines = str(error).strip().splitlines()
    text = lines[0] if lines else type(error).__name__
    return text if len(text) <= 200 else text[:199] + "…"
