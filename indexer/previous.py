"""What the published snapshot already holds, so a re-index can reuse it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from indexer.documents import Chunk, ExtractedDocument, Heading, PageSpan
from indexer.records import DocumentContent, SourceRecord
from indexer.store import SCHEMA_VERSION, IndexDir, NoSnapshot, open_meta_db, read_manifest


@dataclass
class PreviousIndex:
    """The published snapshot as the next build sees it (empty before the first build)."""

    name: str | None = None
    manifest: dict[str, Any] = field(default_factory=dict)
    documents: dict[str, DocumentContent] = field(default_factory=dict)
    sources: dict[str, SourceRecord] = field(default_factory=dict)
    meeting_signatures: dict[str, str] = field(default_factory=dict)


def _extracted(row: sqlite3.Row) -> ExtractedDocument:
    return ExtractedDocument(
        text=row["text"],
        pages=[PageSpan(*span) for span in json.loads(row["pages"])],
        page_kind=row["page_kind"],
        title=row["prop_title"],
        date=date.fromisoformat(row["prop_date"]) if row["prop_date"] else None,
        headings=[Heading(*span) for span in json.loads(row["headings"])],
    )


def _chunks_by_document(db: sqlite3.Connection) -> dict[str, list[Chunk]]:
    found: dict[str, list[Chunk]] = {}
    rows = db.execute(
        'SELECT document_id, start, "end", section, pages FROM chunks ORDER BY document_id, ordinal'
    )
    for row in rows:
        chunk = Chunk(row["start"], row["end"], row["section"], tuple(json.loads(row["pages"])))
        found.setdefault(row["document_id"], []).append(chunk)
    return found


def load_previous(index: IndexDir) -> PreviousIndex:
    """Read the current snapshot; an unreadable or older-schema one counts as none."""
    try:
        snapshot = index.current()
        manifest = read_manifest(snapshot)
    except (NoSnapshot, OSError, ValueError):
        return PreviousIndex()
    if manifest.get("schema_version") != SCHEMA_VERSION:
        return PreviousIndex()
    db = open_meta_db(snapshot)
    try:
        chunks = _chunks_by_document(db)
        documents = {
            row["path"]: DocumentContent(
                row["size"],
                row["mtime_ns"],
                row["sha256"],
                _extracted(row),
                chunks.get(row["id"], []),
            )
            for row in db.execute("SELECT * FROM documents")
        }
        sources = {row["path"]: SourceRecord(*row) for row in db.execute("SELECT * FROM sources")}
        signatures = dict(db.execute("SELECT key, signature FROM meetings").fetchall())
    finally:
        db.close()
    return PreviousIndex(snapshot.name, manifest, documents, sources, signatures)


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
