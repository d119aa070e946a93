"""Write one complete snapshot directory: metadata, vectors and the BM25 index."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import astuple
from pathlib import Path

import bm25s
import faiss
import numpy as np

from indexer.lexical import analyze_many
from indexer.records import DocumentRecord, MeetingRecord, PassageRecord
from indexer.store import BM25_DIR, VECTORS, create_meta_db
from indexer.vocabulary import write_vocabulary

EXACT_SEARCH_LIMIT = 200_000  # above this many vectors, an HNSW graph replaces exact search


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _insert_meetings(db: sqlite3.Connection, meetings: Sequence[MeetingRecord]) -> None:
    db.executemany(
        "INSERT INTO meetings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                m.id,
                m.key,
                m.info.title,
                _iso(m.info.date),
                _iso(m.info.date_end),
                m.info.series,
                m.folder,
                m.signature,
            )
            for m in meetings
        ],
    )


def _insert_documents(db: sqlite3.Connection, documents: Sequence[DocumentRecord]) -> None:
    rows = []
    for d in documents:
        doc = d.content.extracted
        rows.append(
            (
                d.id,
                d.meeting_id,
                d.path,
                d.kind,
                doc.title or Path(d.path).stem,
                doc.page_kind,
                d.content.size,
                d.content.mtime_ns,
                d.content.sha256,
                doc.text,
                json.dumps([astuple(p) for p in doc.pages]),
                json.dumps([astuple(h) for h in doc.headings]),
                doc.title,
                _iso(doc.date),
            )
        )
    db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _insert_passages(db: sqlite3.Connection, passages: Sequence[PassageRecord]) -> None:
    db.executemany(
        "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                p.row,
                p.id,
                p.document_id,
                p.ordinal,
                p.chunk.start,
                p.chunk.end,
                p.chunk.section,
                json.dumps(list(p.chunk.pages)),
                p.text,
                p.embed_key,
            )
            for p in passages
        ],
    )


def write_metadata(snapshot: Path, meetings, documents, passages, sources) -> None:
    """Write meta.sqlite with every table filled, in one transaction."""
    db = create_meta_db(snapshot)
    try:
        with db:
            _insert_meetings(db, meetings)
            _insert_documents(db, documents)
            _insert_passages(db, passages)
            db.executemany(
                "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?)", [astuple(s) for s in sources]
            )
    finally:
        db.close()


def write_vectors(snapshot: Path, vectors: np.ndarray) -> str:
    """Write the FAISS index of the passage vectors; returns the index type used."""
    dim = vectors.shape[1]
    if len(vectors) > EXACT_SEARCH_LIMIT:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        kind = "hnsw"
    else:
        index = faiss.IndexFlatIP(dim)
        kind = "flat"
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    faiss.write_index(index, str(snapshot / VECTORS))
    return kind


def write_bm25(snapshot: Path, texts: Sequence[str]) -> None:
    """Write the BM25 index of the passages (Swedish stems); none for an empty corpus."""
    if not texts:
        return
    retriever = bm25s.BM25()
    vocabulary = write_vocabulary(snapshot, texts)
    retriever.index(analyze_many(texts, vocabulary), show_progress=False)
    retriever.save(str(snapshot / BM25_DIR), show_progress=False)
