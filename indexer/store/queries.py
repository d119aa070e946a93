"""Named, read-only queries on one segment's meta.sqlite (safe across threads).

A reader is told where the segment's rows start in its snapshot and which of its meetings are
dead there (``SegmentPlace``): it takes and gives snapshot rows, and leaves dead meetings,
their documents and passages out of everything it lists or finds by id.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from indexer.documents import Chunk, ExtractedDocument, Heading, PageSpan, Sentence
from indexer.meetings import MeetingInfo
from indexer.records import DocumentContent, SourceRecord
from indexer.store.entities import (
    DecisionEntry,
    DocumentRef,
    DocumentView,
    MeetingOverview,
    MeetingRef,
    Passage,
)
from indexer.store.manifest import SnapshotCounts
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


@dataclass(frozen=True)
class SegmentPlace:
    """Where a segment's passages, decisions and sentences start in the snapshot, and the ids
    of its meetings that are dead there."""

    passages: int = 0
    decisions: int = 0
    sentences: int = 0
    dead: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class StoredMeeting:
    """A live meeting as the next build sees it: to tell whether it changed, and where."""

    id: str
    key: str
    signature: str
    core: str  # the words of its title that could name it (``titles.title_core``)
    inferred_json: str  # its info before titles were told apart, read when needed

    def inferred(self) -> MeetingInfo:
        return parse_info(self.inferred_json)


@dataclass(frozen=True)
class DocumentRows:
    """A document of the segment as retrieval needs it: its meeting, kind, path, and the
    snapshot rows of its passages (``first_row`` to ``first_row + rows``)."""

    id: str
    meeting_id: str
    kind: str
    path: str
    first_row: int
    rows: int


@dataclass(frozen=True)
class PassageParts:
    """What a passage is embedded as, in parts (``assembly.embedding_text`` joins them)."""

    meeting_title: str
    meeting_date: str | None
    attachment: str | None
    section: str | None
    text: str


def parse_day(value: str | None) -> dt.date | None:
    """A stored ISO date, or None."""
    return dt.date.fromisoformat(value) if value else None


def parse_info(text: str) -> MeetingInfo:
    """A meeting's info from its stored JSON (``metadata.info_json``)."""
    data = json.loads(text)
    return MeetingInfo(
        **{**data, "date": parse_day(data["date"]), "date_end": parse_day(data["date_end"])}
    )


def _meeting(row: Any) -> MeetingRef:
    return MeetingRef(
        row["m_id"],
        row["m_title"],
        parse_day(row["date"]),
        parse_day(row["date_end"]),
        row["series"],
        row["series_folder"],
        row["organisation"],
    )


def _document(row: Any) -> DocumentRef:
    return DocumentRef(row["id"], row["path"], row["kind"], row["title"], row["page_kind"])


class SegmentDatabase(Protocol):
    """Where a segment's tables are: its meta.sqlite, or its schema in PostgreSQL. Rows are
    read by column name or position; parameters are marked ``?``."""

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...

    def integrity_problems(self) -> list[str]: ...

    def close(self) -> None: ...


class SqliteSegment:
    """A published segment's meta.sqlite, read-only."""

    def __init__(self, folder: Path):
        self._db = open_metadata(folder)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return self._db.execute(sql, params).fetchall()

    def integrity_problems(self) -> list[str]:
        """What SQLite's integrity check finds wrong with the database (nothing when sound)."""
        found = [row[0] for row in self.rows("PRAGMA integrity_check")]
        return [] if found == ["ok"] else found

    def close(self) -> None:
        self._db.close()


class MetadataReader:
    """The queries the search side and the next build ask of a segment's metadata."""

    def __init__(self, db: SegmentDatabase, place: SegmentPlace | None = None):
        self._db = db
        self._lock = threading.Lock()
        self.place = place or SegmentPlace()

    @classmethod
    def of_folder(cls, folder: Path, place: SegmentPlace | None = None) -> MetadataReader:
        """The reader of the segment whose files are in ``folder``."""
        return cls(SqliteSegment(folder), place)

    def close(self) -> None:
        self._db.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            return self._db.rows(sql, params)

    def _live(self, rows: Iterable[Any], column: str = "m_id") -> list[Any]:
        return [row for row in rows if row[column] not in self.place.dead]

    def _rows_in(self, select: str, column: str, rows: Iterable[int], offset: int = 0) -> list[Any]:
        """The rows of ``select`` whose ``column`` is one of the snapshot ``rows`` (the
        segment's rows after ``offset``)."""
        return self._where_in(select, column, [int(r) - offset for r in rows])

    def _where_in(self, select: str, column: str, values: Sequence[Any]) -> list[Any]:
        """The rows of ``select`` whose ``column`` is one of ``values``, a batch at a time."""
        found: list[Any] = []
        for start in range(0, len(values), _ROWS_PER_QUERY):
            part = values[start : start + _ROWS_PER_QUERY]
            marks = ",".join("?" * len(part))
            found += self._rows(f"{select} WHERE {column} IN ({marks})", part)
        return found

    # -- passages, documents, meetings ----------------------------------------------------

    def _passage(self, row: Any) -> Passage:
        document = DocumentRef(
            row["d_id"], row["path"], row["kind"], row["d_title"], row["page_kind"]
        )
        return Passage(
            row["id"],
            row["row"] + self.place.passages,
            row["text"],
            row["start"],
            row["end"],
            tuple(json.loads(row["pages"])),
            row["section"],
            document,
            _meeting(row),
        )

    def passages(self, rows: Iterable[int]) -> dict[int, Passage]:
        """The passages at these snapshot rows (of this segment), keyed by row."""
        found = self._rows_in(_PASSAGES, "c.row", rows, self.place.passages)
        return {passage.row: passage for passage in map(self._passage, found)}

    def passage_by_id(self, passage_id: str) -> Passage | None:
        """The live passage with this stable id, or None."""
        rows = self._live(self._rows(f"{_PASSAGES} WHERE c.id = ?", (passage_id,)))
        return self._passage(rows[0]) if rows else None

    def document_view(self, document_id: str) -> DocumentView | None:
        """A live document's text and pages with its meeting and the meeting's other
        documents."""
        rows = self._live(
            self._rows(
                "SELECT d.*, m.id AS m_id, m.title AS m_title, m.date, m.date_end, m.series, "
                "m.series_folder, m.organisation "
                "FROM documents d JOIN meetings m ON m.id = d.meeting_id WHERE d.id = ?",
                (document_id,),
            )
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
        """Live meetings in date order (undated last) with their documents, optionally of a
        series (by its name or its folder)."""
        where, params = (
            ("", []) if not series else (" WHERE ? IN (series, series_folder)", [series])
        )
        meetings = self._live(
            self._rows(f"{_MEETINGS}{where} ORDER BY date IS NULL, date, title", params)
        )
        documents: dict[str, list[DocumentRef]] = {}
        for row in self._rows(f"{_DOCUMENT_REFS} ORDER BY kind DESC, path"):
            documents.setdefault(row["meeting_id"], []).append(_document(row))
        return [MeetingOverview(_meeting(m), documents.get(m["m_id"], [])) for m in meetings]

    def meeting_overview(self, meeting_id: str) -> MeetingOverview | None:
        """One live meeting with its documents (minutes first), or None."""
        meetings = self._live(self._rows(f"{_MEETINGS} WHERE id = ?", (meeting_id,)))
        if not meetings:
            return None
        documents = self._rows(
            f"{_DOCUMENT_REFS} WHERE meeting_id = ? ORDER BY kind DESC, path", (meeting_id,)
        )
        return MeetingOverview(_meeting(meetings[0]), [_document(d) for d in documents])

    def series_counts(self) -> dict[tuple[str, str | None, str | None], int]:
        """How many live meetings each (series, its folder, organisation) has."""
        rows = self._rows(
            "SELECT series, series_folder, organisation, count(*) FROM meetings "
            "WHERE series IS NOT NULL GROUP BY series, series_folder, organisation"
        )
        counts = {(r[0], r[1], r[2]): r[3] for r in rows}
        select = "SELECT series, series_folder, organisation FROM meetings"
        for r in self._where_in(select, "id", sorted(self.place.dead)):
            if r[0] is not None:
                counts[(r[0], r[1], r[2])] -= 1
        return {key: count for key, count in counts.items() if count}

    def sentences(self, rows: Iterable[int]) -> dict[int, list[tuple[int, Sentence]]]:
        """The sentences of the passages at these snapshot rows, each with its snapshot row
        in the sentence vectors, in order, keyed by passage row (a passage without sentences
        is left out)."""
        found: dict[int, list[tuple[int, Sentence]]] = {}
        select = 'SELECT row, passage_row, start, "end", text, parent FROM sentences'
        stored = self._rows_in(select, "passage_row", rows, self.place.passages)
        for row in sorted(stored, key=lambda r: r["row"]):
            sentence = Sentence(row["start"], row["end"], row["text"], row["parent"])
            passage = row["passage_row"] + self.place.passages
            found.setdefault(passage, []).append((row["row"] + self.place.sentences, sentence))
        return found

    # -- decisions --------------------------------------------------------------------------

    def decisions(self, rows: Iterable[int]) -> dict[int, DecisionEntry]:
        """The decisions at these snapshot rows of the decision index, keyed by row."""
        place = self.place
        decided = self._rows_in("SELECT * FROM decisions", "row", rows, place.decisions)
        passages = self.passages(d["passage_row"] + place.passages for d in decided)
        return {
            row["row"] + place.decisions: _decision(
                row, row["row"] + place.decisions, passages[row["passage_row"] + place.passages]
            )
            for row in decided
        }

    def meeting_decisions(self, meeting_id: str) -> list[DecisionEntry]:
        """The decisions of a meeting's documents, minutes first, in document order."""
        if meeting_id in self.place.dead:
            return []
        rows = [
            r["row"] + self.place.decisions
            for r in self._rows(
                "SELECT d.row FROM decisions d JOIN documents doc ON doc.id = d.document_id "
                "WHERE doc.meeting_id = ? ORDER BY doc.kind DESC, doc.path, d.ordinal",
                (meeting_id,),
            )
        ]
        found = self.decisions(rows)
        return [found[row] for row in rows]

    def decision_table(self) -> list[tuple[int, str]]:
        """(snapshot passage row, outcome) of every decision, dead or not, in row order."""
        rows = self._rows("SELECT passage_row, outcome FROM decisions ORDER BY row")
        return [(r["passage_row"] + self.place.passages, r["outcome"]) for r in rows]

    # -- per-row tables for retrieval -----------------------------------------------------

    def meetings(self) -> list[MeetingRef]:
        """Every meeting of the segment, dead or not, in storage order."""
        return [_meeting(row) for row in self._rows(f"{_MEETINGS} ORDER BY rowid")]

    def document_rows(self) -> list[DocumentRows]:
        """Every document of the segment, dead or not, in storage order, with its rows."""
        rows = self._rows(
            "SELECT id, meeting_id, kind, path, first_row, rows FROM documents ORDER BY rowid"
        )
        return [
            DocumentRows(
                r["id"],
                r["meeting_id"],
                r["kind"],
                r["path"],
                r["first_row"] + self.place.passages,
                r["rows"],
            )
            for r in rows
        ]

    # -- checks of a segment --------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """What the database's own check finds wrong with it (nothing when sound)."""
        with self._lock:
            return self._db.integrity_problems()

    def row_counts(self) -> dict[str, int]:
        """How many meetings, documents, passages (chunks), decisions and sentences the
        database holds, dead or not."""
        tables = ("meetings", "documents", "chunks", "decisions", "sentences")
        return {table: self._rows(f"SELECT count(*) FROM {table}")[0][0] for table in tables}

    # -- what the next build reuses -------------------------------------------------------

    def counts_of(self, meeting_ids: Iterable[str]) -> SnapshotCounts:
        """How many meetings, documents, passages, decisions and sentences these meetings
        hold in the segment."""
        wanted = list(meeting_ids)
        documents = self._where_in(
            "SELECT id, first_row, rows FROM documents", "meeting_id", wanted
        )
        ranges = [(d["first_row"], d["first_row"] + d["rows"]) for d in documents]
        decided = self._where_in(
            "SELECT row FROM decisions", "document_id", [d["id"] for d in documents]
        )
        sentences = sum(
            self._rows(
                "SELECT count(*) FROM sentences WHERE passage_row >= ? AND passage_row < ?",
                bounds,
            )[0][0]
            for bounds in ranges
        )
        meetings = self._where_in("SELECT id FROM meetings", "id", wanted)
        return SnapshotCounts(
            len(meetings), len(documents), sum(e - s for s, e in ranges), len(decided), sentences
        )

    def stored_meetings(self) -> list[StoredMeeting]:
        """Every live meeting with its signature, title core and inferred info."""
        rows = self._live(
            self._rows("SELECT id AS m_id, key, signature, title_core, inferred FROM meetings")
        )
        return [
            StoredMeeting(r["m_id"], r["key"], r["signature"], r["title_core"], r["inferred"])
            for r in rows
        ]

    def document_sources(self) -> list[tuple[str, SourceRecord]]:
        """(meeting id, file state) of every live document."""
        rows = self._live(
            self._rows("SELECT meeting_id AS m_id, path, size, mtime_ns, sha256 FROM documents")
        )
        return [
            (r["m_id"], SourceRecord(r["path"], r["size"], r["mtime_ns"], r["sha256"], "document"))
            for r in rows
        ]

    def document_contents(self, paths: Iterable[str]) -> dict[str, DocumentContent]:
        """The file state, extracted text and chunks of the live documents at ``paths``."""
        select = "SELECT *, meeting_id AS m_id FROM documents"
        found = self._live(self._where_in(select, "path", list(paths)))
        chunks: dict[str, list[Chunk]] = {row["id"]: [] for row in found}
        select = 'SELECT document_id, ordinal, start, "end", section, pages FROM chunks'
        for row in sorted(
            self._where_in(select, "document_id", list(chunks)), key=lambda r: r["ordinal"]
        ):
            chunk = Chunk(row["start"], row["end"], row["section"], tuple(json.loads(row["pages"])))
            chunks[row["document_id"]].append(chunk)
        return {
            row["path"]: DocumentContent(
                row["size"], row["mtime_ns"], row["sha256"], _extracted(row), chunks[row["id"]]
            )
            for row in found
        }

    def passage_parts(self, meeting_ids: Iterable[str]) -> list[PassageParts]:
        """What each passage of these live meetings is embedded as, in parts."""
        rows = self._where_in(
            "SELECT m.id AS m_id, m.title, m.date, d.kind, d.title AS d_title, c.section, "
            "c.text FROM chunks c JOIN documents d ON d.id = c.document_id "
            "JOIN meetings m ON m.id = d.meeting_id",
            "m.id",
            list(meeting_ids),
        )
        return [
            PassageParts(
                r["title"],
                r["date"],
                r["d_title"] if r["kind"] == "attachment" else None,
                r["section"],
                r["text"],
            )
            for r in self._live(rows)
        ]


def _extracted(row: Any) -> ExtractedDocument:
    return ExtractedDocument(
        text=row["text"],
        pages=[PageSpan(*span) for span in json.loads(row["pages"])],
        page_kind=row["page_kind"],
        title=row["prop_title"],
        date=parse_day(row["prop_date"]),
        headings=[Heading(*span) for span in json.loads(row["headings"])],
    )


def _decision(row: Any, number: int, passage: Passage) -> DecisionEntry:
    return DecisionEntry(
        row["id"],
        number,
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
