"""Named, read-only queries on a published snapshot's meta.sqlite (safe across threads)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from indexer.documents import Chunk, ExtractedDocument, Heading, PageSpan, Sentence
from indexer.records import DocumentContent, SourceRecord
from indexer.store.entities import (
    DecisionEntry,
    DocumentRef,
    DocumentView,
    MeetingOverview,
    MeetingRef,
    Passage,
    SeriesSummary,
)
from indexer.store.metadata import open_metadata

_PASSAGES = """
SELECT c.row, c.id, c.text, c.start, c."end", c.pages, c.section,
       d.id AS d_id, d.path, d.kind, d.title AS d_title, d.page_kind,
       m.id AS m_id, m.title AS m_title, m.date, m.date_end, m.series, m.series_folder,
       m.organisation
FROM chunks c JOIN documents d ON d.id = c.document_id JOIN meetings m ON m.id = d.meeting_id
"""
_MEETINGS = (
    "SELECT id AS m_id, title AS m_title, date, date_end, series, series_folder, organisation "
    "FROM meetings"
)
_DOCUMENT_REFS = "SELECT id, meeting_id, path, kind, title, page_kind FROM documents"
_ROWS_PER_QUERY = 500


def parse_day(value: str | None) -> dt.date | None:
    """A stored ISO date, or None."""
    return dt.date.fromisoformat(value) if value else None


def _meeting(row: sqlite3.Row) -> MeetingRef:
    return MeetingRef(
        row["m_id"],
        row["m_title"],
        parse_day(row["date"]),
        parse_day(row["date_end"]),
        row["series"],
        row["series_folder"],
        row["organisation"],
    )


def _document(row: sqlite3.Row) -> DocumentRef:
    return DocumentRef(row["id"], row["path"], row["kind"], row["title"], row["page_kind"])


def _passage(row: sqlite3.Row) -> Passage:
    document = DocumentRef(row["d_id"], row["path"], row["kind"], row["d_title"], row["page_kind"])
    return Passage(
        row["id"],
        row["row"],
        row["text"],
        row["start"],
        row["end"],
        tuple(json.loads(row["pages"])),
        row["section"],
        document,
        _meeting(row),
    )


class MetadataReader:
    """The queries the search side and the next build ask of a snapshot's metadata."""

    def __init__(self, snapshot: Path):
        self._db = open_metadata(snapshot)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # -- passages, documents, meetings ----------------------------------------------------

    def _rows_in(self, select: str, column: str, rows: Iterable[int]) -> list[sqlite3.Row]:
        """The rows of ``select`` whose ``column`` is one of ``rows``, a batch at a time."""
        wanted = [int(r) for r in rows]
        found: list[sqlite3.Row] = []
        for start in range(0, len(wanted), _ROWS_PER_QUERY):
            part = wanted[start : start + _ROWS_PER_QUERY]
            marks = ",".join("?" * len(part))
            found += self._rows(f"{select} WHERE {column} IN ({marks})", part)
        return found

    def passages(self, rows: Iterable[int]) -> dict[int, Passage]:
        """The passages at these FAISS/BM25 rows, keyed by row."""
        return {row["row"]: _passage(row) for row in self._rows_in(_PASSAGES, "c.row", rows)}

    def passage_by_id(self, passage_id: str) -> Passage | None:
        """The passage with this stable id, or None."""
        rows = self._rows(f"{_PASSAGES} WHERE c.id = ?", (passage_id,))
        return _passage(rows[0]) if rows else None

    def document_view(self, document_id: str) -> DocumentView | None:
        """A document's text and pages with its meeting and the meeting's other documents."""
        rows = self._rows(
            "SELECT d.*, m.id AS m_id, m.title AS m_title, m.date, m.date_end, m.series, "
            "m.series_folder, m.organisation "
            "FROM documents d JOIN meetings m ON m.id = d.meeting_id WHERE d.id = ?",
            (document_id,),
        )
        if not rows:
            return None
        row = rows[0]
        siblings = self._rows(
            f"{_DOCUMENT_REFS} WHERE meeting_id = ? AND id != ? ORDER BY kind DESC, path",
            (row["meeting_id"], document_id),
        )
        pages = [tuple(p) for p in json.loads(row["pages"])]
        return DocumentView(
            _document(row), _meeting(row), row["text"], pages, [_document(s) for s in siblings]
        )

    def meeting_overviews(self, series: str | None = None) -> list[MeetingOverview]:
        """Meetings in date order (undated last) with their documents, optionally of a series
        (by its name or its folder)."""
        where, params = (
            ("", []) if not series else (" WHERE ? IN (series, series_folder)", [series])
        )
        meetings = self._rows(f"{_MEETINGS}{where} ORDER BY date IS NULL, date, title", params)
        documents: dict[str, list[DocumentRef]] = {}
        for row in self._rows(f"{_DOCUMENT_REFS} ORDER BY kind DESC, path"):
            documents.setdefault(row["meeting_id"], []).append(_document(row))
        return [MeetingOverview(_meeting(m), documents.get(m["m_id"], [])) for m in meetings]

    def meeting_overview(self, meeting_id: str) -> MeetingOverview | None:
        """One meeting with its documents (minutes first), or None."""
        meetings = self._rows(f"{_MEETINGS} WHERE id = ?", (meeting_id,))
        if not meetings:
            return None
        documents = self._rows(
            f"{_DOCUMENT_REFS} WHERE meeting_id = ? ORDER BY kind DESC, path", (meeting_id,)
        )
        return MeetingOverview(_meeting(meetings[0]), [_document(d) for d in documents])

    def series(self) -> list[SeriesSummary]:
        """Every series by display name, in name order, with its folders and meetings."""
        rows = self._rows(
            "SELECT series, series_folder, organisation, count(*) AS n FROM meetings "
            "WHERE series IS NOT NULL GROUP BY series, series_folder, organisation "
            "ORDER BY series, series_folder"
        )
        grouped: dict[str, list[sqlite3.Row]] = {}
        for row in rows:
            grouped.setdefault(row["series"], []).append(row)
        return [
            SeriesSummary(
                name,
                tuple(sorted({r["series_folder"] for r in group if r["series_folder"]})),
                next((r["organisation"] for r in group if r["organisation"]), None),
                sum(r["n"] for r in group),
            )
            for name, group in grouped.items()
        ]

    def sentences(self, rows: Iterable[int]) -> dict[int, list[tuple[int, Sentence]]]:
        """The sentences of the passages at these rows, each with its row in the sentence
        vectors, in order, keyed by passage row (a passage without sentences is left out)."""
        found: dict[int, list[tuple[int, Sentence]]] = {}
        select = 'SELECT row, passage_row, start, "end", text, parent FROM sentences'
        for row in sorted(self._rows_in(select, "passage_row", rows), key=lambda r: r["row"]):
            sentence = Sentence(row["start"], row["end"], row["text"], row["parent"])
            found.setdefault(row["passage_row"], []).append((row["row"], sentence))
        return found

    # -- decisions --------------------------------------------------------------------------

    def decisions(self, rows: Iterable[int]) -> dict[int, DecisionEntry]:
        """The decisions at these rows of the decision index, keyed by row."""
        decided = self._rows_in("SELECT * FROM decisions", "row", rows)
        passages = self.passages(d["passage_row"] for d in decided)
        return {row["row"]: _decision(row, passages[row["passage_row"]]) for row in decided}

    def meeting_decisions(self, meeting_id: str) -> list[DecisionEntry]:
        """The decisions of a meeting's documents, minutes first, in document order."""
        rows = [
            r["row"]
            for r in self._rows(
                "SELECT d.row FROM decisions d JOIN documents doc ON doc.id = d.document_id "
                "WHERE doc.meeting_id = ? ORDER BY doc.kind DESC, doc.path, d.ordinal",
                (meeting_id,),
            )
        ]
        found = self.decisions(rows)
        return [found[row] for row in rows]

    def decision_table(self) -> list[tuple[int, str]]:
        """(passage row, outcome) of every decision, in decision-row order."""
        rows = self._rows("SELECT passage_row, outcome FROM decisions ORDER BY row")
        return [(r["passage_row"], r["outcome"]) for r in rows]

    # -- per-row tables for retrieval -----------------------------------------------------

    def meetings(self) -> list[MeetingRef]:
        """Every meeting, in storage order."""
        return [_meeting(row) for row in self._rows(f"{_MEETINGS} ORDER BY rowid")]

    def document_meetings(self) -> list[tuple[str, str, str]]:
        """(document id, meeting id, kind) of every document."""
        rows = self._rows("SELECT id, meeting_id, kind FROM documents ORDER BY rowid")
        return [(r["id"], r["meeting_id"], r["kind"]) for r in rows]

    def document_paths_in_order(self) -> list[str]:
        """The corpus path of every document, in the order of ``document_meetings``."""
        return [r["path"] for r in self._rows("SELECT path FROM documents ORDER BY rowid")]

    def row_documents(self) -> list[str]:
        """The document id of each passage row, in row order."""
        return [r["document_id"] for r in self._rows("SELECT document_id FROM chunks ORDER BY row")]

    # -- checks of a snapshot -------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """What SQLite's integrity check finds wrong with the database (nothing when sound)."""
        found = [row[0] for row in self._rows("PRAGMA integrity_check")]
        return [] if found == ["ok"] else found

    def row_counts(self) -> dict[str, int]:
        """How many meetings, documents, passages (chunks), decisions and sentences the
        database holds."""
        tables = ("meetings", "documents", "chunks", "decisions", "sentences")
        return {table: self._rows(f"SELECT count(*) FROM {table}")[0][0] for table in tables}

    # -- what the next build reuses -------------------------------------------------------

    def document_paths(self) -> set[str]:
        """The corpus path of every document."""
        return {row["path"] for row in self._rows("SELECT path FROM documents")}

    def stored_documents(self) -> dict[str, DocumentContent]:
        """Every document's file state, extracted text and chunks, keyed by corpus path."""
        chunks = self._chunks_by_document()
        return {
            row["path"]: DocumentContent(
                row["size"],
                row["mtime_ns"],
                row["sha256"],
                _extracted(row),
                chunks.get(row["id"], []),
            )
            for row in self._rows("SELECT * FROM documents")
        }

    def _chunks_by_document(self) -> dict[str, list[Chunk]]:
        found: dict[str, list[Chunk]] = {}
        rows = self._rows(
            'SELECT document_id, start, "end", section, pages FROM chunks '
            "ORDER BY document_id, ordinal"
        )
        for row in rows:
            chunk = Chunk(row["start"], row["end"], row["section"], tuple(json.loads(row["pages"])))
            found.setdefault(row["document_id"], []).append(chunk)
        return found

    def sources(self) -> dict[str, SourceRecord]:
        """The state of every corpus file the snapshot was built from, keyed by path."""
        rows = self._rows("SELECT path, size, mtime_ns, sha256, status, reason FROM sources")
        return {row["path"]: SourceRecord(*row) for row in rows}

    def meeting_signatures(self) -> dict[str, str]:
        """Each meeting's key and the signature of its files."""
        return {
            row["key"]: row["signature"]
            for row in self._rows("SELECT key, signature FROM meetings")
        }


def _extracted(row: sqlite3.Row) -> ExtractedDocument:
    return ExtractedDocument(
        text=row["text"],
        pages=[PageSpan(*span) for span in json.loads(row["pages"])],
        page_kind=row["page_kind"],
        title=row["prop_title"],
        date=parse_day(row["prop_date"]),
        headings=[Heading(*span) for span in json.loads(row["headings"])],
    )


def _decision(row: sqlite3.Row, passage: Passage) -> DecisionEntry:
    return DecisionEntry(
        row["id"],
        row["row"],
        row["outcome"],
        row["text"],
        row["proposal"],
        row["agenda_number"],
        row["agenda_title"],
        tuple(json.loads(row["elected"])),
        tuple(json.loads(row["amounts"])),
        row["start"],
        row["end"],
        passage,
    )
