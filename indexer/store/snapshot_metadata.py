"""The metadata of all of a snapshot's segments as one: snapshot rows, dead meetings left out.

Each question goes to the segments' readers (``queries.MetadataReader``) and their answers
are put together; rows are the snapshot's (a segment's rows follow those of the segments
listed before it in the manifest).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.documents import Sentence
from indexer.records import DocumentContent, SourceRecord
from indexer.store.entities import (
    DecisionEntry,
    DocumentView,
    MeetingOverview,
    MeetingRef,
    Passage,
    SeriesSummary,
)
from indexer.store.manifest import Manifest, SegmentEntry, SnapshotCounts
from indexer.store.queries import (
    DocumentRows,
    MetadataReader,
    PassageParts,
    SegmentDatabase,
    SegmentPlace,
    SqliteSegment,
    StoredMeeting,
)
from indexer.store.segments import SegmentRows, segment_folder, split_rows

# Opens the database of a snapshot's segment, given its entry in the manifest.
SegmentOpener = Callable[[SegmentEntry], SegmentDatabase]


@dataclass(frozen=True)
class RowTable:
    """Every meeting and document of the snapshot (dead ones too, numbered in segment order)
    and each passage row's document, as retrieval filters by them."""

    meetings: list[MeetingRef]
    live_meetings: np.ndarray  # meeting number → not dead
    document_meeting: np.ndarray  # document number → meeting number
    document_kinds: list[str]
    document_paths: list[str]
    row_document: np.ndarray  # passage row → document number
    live_rows: np.ndarray | None  # passage row → not dead; None when no row is dead


class SnapshotMetadata:
    """The queries of ``MetadataReader`` over every segment of a snapshot."""

    def __init__(self, manifest: Manifest, open_segment: SegmentOpener):
        self.starts = SegmentRows.of(manifest.segments)
        self.entries = list(manifest.segments)
        self.segments: list[MetadataReader] = []
        self._series: list[SeriesSummary] | None = None
        try:
            for number, entry in enumerate(manifest.segments):
                place = SegmentPlace(
                    int(self.starts.passages[number]),
                    int(self.starts.decisions[number]),
                    int(self.starts.sentences[number]),
                    frozenset(entry.dead),
                )
                self.segments.append(MetadataReader(open_segment(entry), place))
        except BaseException:
            self.close()
            raise

    @classmethod
    def of_folder(cls, snapshot: Path, manifest: Manifest) -> SnapshotMetadata:
        """The metadata of the snapshot whose files are in the folder ``snapshot``."""
        return cls(manifest, lambda entry: SqliteSegment(segment_folder(snapshot, entry.name)))

    def close(self) -> None:
        for segment in self.segments:
            segment.close()

    # -- passages, documents, meetings ----------------------------------------------------

    def passages(self, rows: Iterable[int]) -> dict[int, Passage]:
        """The passages at these rows, keyed by row."""
        found: dict[int, Passage] = {}
        for segment, wanted in split_rows(list(rows), self.starts.passages).items():
            found.update(self.segments[segment].passages(wanted))
        return found

    def passage_by_id(self, passage_id: str) -> Passage | None:
        """The live passage with this stable id, or None."""
        found = (segment.passage_by_id(passage_id) for segment in self.segments)
        return next((passage for passage in found if passage), None)

    def document_view(self, document_id: str) -> DocumentView | None:
        """A live document's text and pages with its meeting and the meeting's other
        documents."""
        found = (segment.document_view(document_id) for segment in self.segments)
        return next((view for view in found if view), None)

    def meeting_overviews(self, series: str | None = None) -> list[MeetingOverview]:
        """Meetings in date order (undated last, then by title) with their documents,
        optionally of a series (by its name or its folder)."""
        found = [o for segment in self.segments for o in segment.meeting_overviews(series)]
        return sorted(
            found,
            key=lambda o: (o.meeting.date is None, o.meeting.date or 0, o.meeting.title),
        )

    def meeting_overview(self, meeting_id: str) -> MeetingOverview | None:
        """One meeting with its documents (minutes first), or None."""
        found = (segment.meeting_overview(meeting_id) for segment in self.segments)
        return next((overview for overview in found if overview), None)

    def series(self) -> list[SeriesSummary]:
        """Every series by display name, in name order, with its folders and meetings (read
        once: a snapshot does not change)."""
        if self._series is None:
            self._series = self._count_series()
        return self._series

    def _count_series(self) -> list[SeriesSummary]:
        counted: dict[tuple[str, str | None, str | None], int] = {}
        for segment in self.segments:
            for key, count in segment.series_counts().items():
                counted[key] = counted.get(key, 0) + count
        grouped: dict[str, list[tuple[str | None, str | None, int]]] = {}
        for (name, folder, organisation), count in sorted(counted.items(), key=_series_order):
            grouped.setdefault(name, []).append((folder, organisation, count))
        return [
            SeriesSummary(
                name,
                tuple(sorted({folder for folder, _, _ in group if folder})),
                next((organisation for _, organisation, _ in group if organisation), None),
                sum(count for _, _, count in group),
            )
            for name, group in grouped.items()
        ]

    def sentences(self, rows: Iterable[int]) -> dict[int, list[tuple[int, Sentence]]]:
        """The sentences of the passages at these rows with their rows in the sentence
        vectors, keyed by passage row (a passage without sentences is left out)."""
        found: dict[int, list[tuple[int, Sentence]]] = {}
        for segment, wanted in split_rows(list(rows), self.starts.passages).items():
            found.update(self.segments[segment].sentences(wanted))
        return found

    # -- decisions --------------------------------------------------------------------------

    def decisions(self, rows: Iterable[int]) -> dict[int, DecisionEntry]:
        """The decisions at these rows of the decision index, keyed by row."""
        found: dict[int, DecisionEntry] = {}
        for segment, wanted in split_rows(list(rows), self.starts.decisions).items():
            found.update(self.segments[segment].decisions(wanted))
        return found

    def meeting_decisions(self, meeting_id: str) -> list[DecisionEntry]:
        """The decisions of a meeting's documents, minutes first, in document order."""
        return [d for segment in self.segments for d in segment.meeting_decisions(meeting_id)]

    def decision_table(self) -> list[tuple[int, str]]:
        """(passage row, outcome) of every decision, dead or not, in decision-row order."""
        return [entry for segment in self.segments for entry in segment.decision_table()]

    # -- retrieval ------------------------------------------------------------------------

    def row_table(self) -> RowTable:
        """The meetings, documents and rows of every segment, numbered as retrieval does."""
        meetings: list[MeetingRef] = []
        live: list[bool] = []
        documents: list[DocumentRows] = []
        document_meeting: list[int] = []
        for segment in self.segments:
            meeting_number = {}
            for meeting in segment.meetings():
                meeting_number[meeting.id] = len(meetings)
                meetings.append(meeting)
                live.append(meeting.id not in segment.place.dead)
            for document in segment.document_rows():
                documents.append(document)
                document_meeting.append(meeting_number[document.meeting_id])
        row_document = np.zeros(int(self.starts.passages[-1]), dtype=np.int64)
        for number, document in enumerate(documents):
            row_document[document.first_row : document.first_row + document.rows] = number
        live_meetings = np.array(live, dtype=bool)
        meeting_of = np.array(document_meeting, dtype=np.int64)
        live_rows = None
        if not live_meetings.all():
            live_rows = live_meetings[meeting_of][row_document] if len(row_document) else None
        return RowTable(
            meetings,
            live_meetings,
            meeting_of,
            [d.kind for d in documents],
            [d.path for d in documents],
            row_document,
            live_rows,
        )

    # -- what the next build reuses -------------------------------------------------------

    def stored_meetings(self) -> list[tuple[int, StoredMeeting]]:
        """(segment number, meeting) of every live meeting."""
        return [
            (n, m) for n, segment in enumerate(self.segments) for m in segment.stored_meetings()
        ]

    def live_counts(self, segment: int, dead: Iterable[str]) -> SnapshotCounts:
        """What segment number ``segment`` holds with the meetings ``dead`` left out."""
        total = self.entries[segment].counts
        gone = self.segments[segment].counts_of(dead)
        return SnapshotCounts(
            total.meetings - gone.meetings,
            total.documents - gone.documents,
            total.chunks - gone.chunks,
            total.decisions - gone.decisions,
            total.sentences - gone.sentences,
        )

    def document_sources(self) -> list[tuple[str, SourceRecord]]:
        """(meeting id, file state) of every live document."""
        return [found for segment in self.segments for found in segment.document_sources()]

    def document_contents(self, paths: Iterable[str]) -> dict[str, DocumentContent]:
        """The file state, extracted text and chunks of the live documents at ``paths``."""
        wanted = list(paths)
        found: dict[str, DocumentContent] = {}
        for segment in self.segments:
            found.update(segment.document_contents(wanted))
        return found

    def passage_parts(self, meeting_ids: Iterable[str]) -> list[PassageParts]:
        """What each passage of these live meetings is embedded as, in parts."""
        wanted = list(meeting_ids)
        return [parts for segment in self.segments for parts in segment.passage_parts(wanted)]


def _series_order(item: tuple[tuple[str, str | None, str | None], int]) -> tuple:
    """As SQLite orders by series, then folder (no folder first)."""
    (name, folder, _), _ = item
    return (name, folder is not None, folder or "")
