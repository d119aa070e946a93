"""A segment's meta.sqlite: the schema, and writing the segment's meetings, documents,
passages, decisions and sentences (rows numbered from 0 in the segment)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, astuple
from pathlib import Path
from typing import Any

from indexer.meetings import MeetingInfo, title_core
from indexer.records import (
    DecisionRecord,
    DocumentRecord,
    MeetingRecord,
    PassageRecord,
    SegmentContents,
    SentenceRecord,
)
from indexer.store.failures import writing
from indexer.store.layout import META_DB

SCHEMA = """
CREATE TABLE meetings (
    id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
    date TEXT, date_end TEXT, series TEXT, series_folder TEXT, organisation TEXT, folder TEXT,
    signature TEXT NOT NULL, inferred TEXT NOT NULL, title_core TEXT NOT NULL
);
CREATE TABLE documents (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id),
    path TEXT NOT NULL UNIQUE, kind TEXT NOT NULL CHECK (kind IN ('minutes', 'attachment')),
    title TEXT, page_kind TEXT, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL, text TEXT NOT NULL, pages TEXT NOT NULL, headings TEXT NOT NULL,
    prop_title TEXT, prop_date TEXT, first_row INTEGER NOT NULL, rows INTEGER NOT NULL
);
CREATE INDEX documents_state ON documents(meeting_id, path, size, mtime_ns, sha256);
CREATE TABLE chunks (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL REFERENCES documents(id), ordinal INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, section TEXT, pages TEXT NOT NULL,
    text TEXT NOT NULL, embed_key TEXT NOT NULL
);
CREATE INDEX chunks_by_document ON chunks(document_id, ordinal);
CREATE TABLE decisions (
    row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL REFERENCES documents(id), ordinal INTEGER NOT NULL,
    passage_row INTEGER NOT NULL REFERENCES chunks(row),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, outcome TEXT NOT NULL, text TEXT NOT NULL,
    proposal TEXT, agenda_number TEXT, agenda_title TEXT, elected TEXT NOT NULL,
    amounts TEXT NOT NULL, embed_key TEXT NOT NULL
);
CREATE INDEX decisions_by_passage ON decisions(passage_row);
CREATE TABLE sentences (
    row INTEGER PRIMARY KEY, passage_row INTEGER NOT NULL REFERENCES chunks(row),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, parent TEXT
);
CREATE INDEX sentences_by_passage ON sentences(passage_row, row);
"""


def open_metadata(segment: Path) -> sqlite3.Connection:
    """Open a published segment's metadata database read-only, rows addressable by name."""
    uri = (segment / META_DB).resolve().as_uri() + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    return connection


def write_metadata(segment: Path, contents: SegmentContents) -> None:
    """Write meta.sqlite with every table filled, in one transaction."""
    with writing(segment / META_DB):
        db = sqlite3.connect(segment / META_DB)
        try:
            db.executescript(SCHEMA)
            with db:
                for table, rows in table_rows(contents):
                    _insert(db, table, list(rows))
        finally:
            db.close()


def table_rows(contents: SegmentContents) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    """Each table of the schema, in the order they refer to each other, with its rows
    (column → value)."""
    rows: dict[str, list[int]] = {}
    for passage in contents.passages:
        rows.setdefault(passage.document_id, []).append(passage.row)
    yield "meetings", (_meeting_row(m) for m in contents.meetings)
    yield "documents", (_document_row(d, rows) for d in contents.documents)
    yield "chunks", (_passage_row(p) for p in contents.passages)
    yield "decisions", (_decision_row(d) for d in contents.decisions)
    yield "sentences", (_sentence_row(s) for s in contents.sentences)


def _insert(db: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (column → value) into ``table`` by column name."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join(f":{c}" for c in columns)
    db.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _meeting_row(m: MeetingRecord) -> dict[str, Any]:
    return {
        "id": m.id,
        "key": m.key,
        "title": m.info.title,
        "date": _iso(m.info.date),
        "date_end": _iso(m.info.date_end),
        "series": m.info.series,
        "series_folder": m.info.series_folder,
        "organisation": m.info.organisation,
        "folder": m.folder,
        "signature": m.signature,
        "inferred": info_json(m.inferred),
        "title_core": title_core(m.inferred),
    }


def info_json(info: MeetingInfo) -> str:
    """A meeting's info as the JSON text stored (``queries.parse_info`` reads it back)."""
    data = {**asdict(info), "date": _iso(info.date), "date_end": _iso(info.date_end)}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _document_row(d: DocumentRecord, rows: dict[str, list[int]]) -> dict[str, Any]:
    """A document with the range of its passages' rows (they follow each other)."""
    doc = d.content.extracted
    held = rows.get(d.id, [])
    return {
        "id": d.id,
        "meeting_id": d.meeting_id,
        "path": d.path,
        "kind": d.kind,
        "title": doc.title or Path(d.path).stem,
        "page_kind": doc.page_kind,
        "size": d.content.size,
        "mtime_ns": d.content.mtime_ns,
        "sha256": d.content.sha256,
        "text": doc.text,
        "pages": json.dumps([astuple(p) for p in doc.pages]),
        "headings": json.dumps([astuple(h) for h in doc.headings]),
        "prop_title": doc.title,
        "prop_date": _iso(doc.date),
        "first_row": held[0] if held else 0,
        "rows": len(held),
    }


def _passage_row(p: PassageRecord) -> dict[str, Any]:
    return {
        "row": p.row,
        "id": p.id,
        "document_id": p.document_id,
        "ordinal": p.ordinal,
        "start": p.chunk.start,
        "end": p.chunk.end,
        "section": p.chunk.section,
        "pages": json.dumps(list(p.chunk.pages)),
        "text": p.text,
        "embed_key": p.embed_key,
    }


def _decision_row(d: DecisionRecord) -> dict[str, Any]:
    found = d.decision
    return {
        "row": d.row,
        "id": d.id,
        "document_id": d.document_id,
        "ordinal": d.ordinal,
        "passage_row": d.passage_row,
        "start": found.start,
        "end": found.end,
        "outcome": found.outcome,
        "text": found.text,
        "proposal": found.proposal,
        "agenda_number": found.agenda_number,
        "agenda_title": found.agenda_title,
        "elected": json.dumps(list(found.elected), ensure_ascii=False),
        "amounts": json.dumps(list(found.amounts), ensure_ascii=False),
        "embed_key": d.embed_key,
    }


def _sentence_row(s: SentenceRecord) -> dict[str, Any]:
    return {
        "row": s.row,
        "passage_row": s.passage_row,
        "start": s.sentence.start,
        "end": s.sentence.end,
        "text": s.sentence.text,
        "parent": s.sentence.parent,
    }
