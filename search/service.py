"""One entry point for the front ends (CLI and web app): search, ask, read and browse.

Each call works on one snapshot: the published one at the time of the call, or, for a service
``pinned()`` at the start of a web request, the one published then, for every call it makes.

A service ``reading_as`` a signed-in user of the web app returns, cites, counts and lists only
the documents that user may read: inside retrieval as a filter, and in every other call by
the document's path. The CLI's service reads everything.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from indexer.embedders import Embedder
from indexer.store.entities import DecisionEntry, DocumentView, MeetingOverview, SeriesSummary
from search.access import Access
from search.answerers import make_answerer
from search.answers import Answer
from search.decision_search import (
    DecisionHit,
    DecisionSearch,
    chronological,
    covering,
    decision_weights,
)
from search.question import Question
from search.results import NO_FILTERS, Filters, Hit, Passage
from search.retriever import Retriever
from search.settings import Settings
from search.snapshot import IndexReader, Snapshot
from search.validation import check_date_order, check_series, check_top_k, clean_query

Mode = Literal["hybrid", "dense", "lexical"]
DECISION_POOL = 12  # decisions the decision answerer chooses from

__all__ = [
    "AccessDenied",
    "DocumentView",
    "MeetingOverview",
    "MinutesService",
    "SearchResult",
    "SeriesSummary",
]


class AccessDenied(Exception):
    """A passage, document or meeting the signed-in user may not read."""


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    notices: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"query": self.query, "results": [hit.to_json() for hit in self.hits]}


@dataclass
class _Retrieved:
    snapshot: Snapshot
    question: Question
    hits: list[Hit]
    notices: list[str]


class MinutesService:
    """Queries the published index; picks up a newly published snapshot on the next call."""

    def __init__(
        self, settings: Settings, *, model: str | None = None, embedder: Embedder | None = None
    ):
        self.settings = settings
        self.reader = IndexReader(
            settings.index, model=model, embedder=embedder, store=settings.store
        )
        self.retriever = Retriever(self.reader)
        self.decision_search = DecisionSearch(self.retriever)
        self._pinned: Snapshot | None = None
        self.access: Access | None = None  # what the user may read; None: everything

    def snapshot(self) -> Snapshot:
        """The snapshot this service answers from: the pinned one, else the published one."""
        return self._pinned or self.reader.snapshot()

    def pinned(self) -> MinutesService:
        """This service, answering every call from the snapshot published now (one request's
        calls then agree, and the snapshot is resolved once)."""
        pinned = copy.copy(self)
        pinned._pinned = self.reader.snapshot()
        return pinned

    def reading_as(self, access: Access | None) -> MinutesService:
        """This service for a user who may read what ``access`` allows (None: everything)."""
        restricted = copy.copy(self)
        restricted.access = access
        return restricted

    def _within(self, filters: Filters) -> Filters:
        """``filters`` narrowed to what the user may read."""
        return filters if self.access is None else replace(filters, access=self.access)

    def _may_read(self, path: str) -> bool:
        return self.access is None or self.access.may_read(path)

    def _check_readable(self, path: str) -> None:
        if not self._may_read(path):
            raise AccessDenied(path)

    def search(
        self, query: str, *, top_k: int = 10, filters: Filters = NO_FILTERS, mode: Mode = "hybrid"
    ) -> SearchResult:
        found = self._retrieve(query, top_k, self._within(filters), mode)
        return SearchResult(found.question.text, found.hits, found.notices)

    def ask(self, question: str, *, top_k: int = 8, filters: Filters = NO_FILTERS) -> Answer:
        """A cited answer by the answerer the settings choose (see search.answerers)."""
        filters = self._within(filters)
        found = self._retrieve(question, top_k, filters, "hybrid")

        def find_decisions(question: Question, hits: Sequence[Hit]) -> list[DecisionHit]:
            return self.decision_search.find(
                question, found.snapshot, hits=hits, filters=filters, top_k=DECISION_POOL
            )

        answerer = make_answerer(self.settings, found.snapshot, find_decisions)
        answer = answerer.answer(found.question, found.hits)
        if found.notices:
            answer.note = "; ".join(filter(None, [answer.note, *found.notices]))
        return answer

    def _retrieve(self, query: str, top_k: int, filters: Filters, mode: Mode) -> _Retrieved:
        """The cleaned query analysed once, and its hits, from one snapshot."""
        text, notices = clean_query(query)
        top_k = check_top_k(top_k)
        snapshot = self.snapshot()
        self._check_filters(filters)
        question = self.retriever.question(text, snapshot, filters)
        hits = self.retriever.search(
            question, snapshot=snapshot, top_k=top_k, filters=filters, mode=mode
        )
        return _Retrieved(snapshot, question, hits, notices)

    def decisions(
        self,
        query: str | None = None,
        *,
        filters: Filters = NO_FILTERS,
        outcome: str | None = None,
        top_k: int = 20,
    ) -> list[DecisionEntry]:
        """The decision log in date order: all decisions that pass the filters, or with a
        query, the ``top_k`` that match it best."""
        snapshot = self.snapshot()
        filters = self._within(filters)
        if not query or not query.strip():
            self._check_filters(filters)
            return self.decision_search.log(snapshot, filters=filters, outcome=outcome)
        found = self._retrieve(query, top_k, filters, "hybrid")
        hits = self.decision_search.find(
            found.question,
            snapshot,
            hits=found.hits,
            filters=filters,
            outcome=outcome,
            top_k=check_top_k(top_k),
        )
        return sorted(
            (hit.decision for _, hit in covering(decision_weights(found.question, hits), hits)),
            key=chronological,
        )

    def status(self) -> dict:
        """The manifest of the snapshot; for a user who may not read everything, only how
        many meetings, documents and passages they may read."""
        snapshot = self.snapshot()
        info = {"snapshot": snapshot.name, **snapshot.manifest.to_json()}
        if self.access is not None:
            meetings = self.meetings()
            rows = self.retriever.allowed(snapshot, Filters(access=self.access))
            info["counts"] = {
                "meetings": len(meetings),
                "documents": sum(len(m.documents) for m in meetings),
                "chunks": len(snapshot) if rows is None else int(rows.sum()),
            }
            del info["series_names"], info["files"], info["segments"]
        return info

    def passage(self, passage_id: str) -> Passage | None:
        """The passage with this id, or None; AccessDenied when the user may not read it."""
        passage = self.snapshot().meta.passage_by_id(passage_id)
        if passage is not None:
            self._check_readable(passage.document.path)
        return passage

    def document(self, document_id: str) -> DocumentView | None:
        """A document with the other documents of its meeting the user may read, or None;
        AccessDenied when the user may not read it."""
        view = self.snapshot().meta.document_view(document_id)
        if view is None:
            return None
        self._check_readable(view.document.path)
        view.siblings = [d for d in view.siblings if self._may_read(d.path)]
        return view

    def original_file(self, document_id: str) -> Path | None:
        """The indexed file of a document, only if it still lies inside the indexed corpus."""
        snapshot = self.snapshot()
        view = self.document(document_id)
        if view is None:
            return None
        root = snapshot.corpus.resolve()
        path = (root / view.document.path).resolve()
        return path if path.is_relative_to(root) and path.is_file() else None

    def meetings(self, series: str | None = None) -> list[MeetingOverview]:
        """All meetings with a document the user may read, in date order (undated last),
        optionally of one series (its name or its folder)."""
        found = self.snapshot().meta.meeting_overviews(series)
        if self.access is None:
            return found
        return [m for m in map(self._readable, found) if m.documents]

    def meeting(self, meeting_id: str) -> MeetingOverview | None:
        """A meeting with the documents the user may read, or None; AccessDenied when the
        user may read none of them."""
        found = self.snapshot().meta.meeting_overview(meeting_id)
        if found is None:
            return None
        readable = self._readable(found)
        if found.documents and not readable.documents:
            raise AccessDenied(meeting_id)
        return readable

    def _readable(self, overview: MeetingOverview) -> MeetingOverview:
        documents = [d for d in overview.documents if self._may_read(d.path)]
        return MeetingOverview(overview.meeting, documents)

    def meeting_decisions(self, meeting_id: str) -> list[DecisionEntry]:
        found = self.snapshot().meta.meeting_decisions(meeting_id)
        return [d for d in found if self._may_read(d.document.path)]

    def series(self) -> list[str]:
        """The display names of the series, in name order."""
        return [summary.name for summary in self.series_summaries()]

    def series_summaries(self) -> list[SeriesSummary]:
        """The series (for a user who may not read everything: those with meetings they may
        read, with those meetings' folders and count)."""
        summaries = self.snapshot().meta.series()
        if self.access is None:
            return summaries
        readable: dict[str, list[MeetingOverview]] = {}
        for overview in self.meetings():
            readable.setdefault(overview.meeting.series or "", []).append(overview)
        return [
            replace(
                summary,
                folders=tuple(
                    sorted({f for m in readable[summary.name] if (f := m.meeting.series_folder)})
                ),
                meetings=len(readable[summary.name]),
            )
            for summary in summaries
            if summary.name in readable
        ]

    def _check_filters(self, filters: Filters) -> None:
        """Raise QueryError for a period that ends before it starts or an unknown series."""
        check_date_order(filters.date_from, filters.date_to)
        if filters.series is not None:
            summaries = self.series_summaries()
            folders = [folder for s in summaries for folder in s.folders if folder != s.name]
            check_series(filters.series, [s.name for s in summaries], folders)
