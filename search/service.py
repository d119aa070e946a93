"""One entry point for the front ends (CLI and web app): search, ask, read and browse.

Each call works on one snapshot: the published one at the time of the call, or, for a service
``pinned()`` at the start of a web request, the one published then, for every call it makes.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from indexer.embedders import Embedder
from indexer.store.entities import DecisionEntry, DocumentView, MeetingOverview, SeriesSummary
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

__all__ = ["DocumentView", "MeetingOverview", "MinutesService", "SearchResult", "SeriesSummary"]


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
        self.reader = IndexReader(settings.index, model=model, embedder=embedder)
        self.retriever = Retriever(self.reader)
        self.decision_search = DecisionSearch(self.retriever)
        self._pinned: Snapshot | None = None

    def snapshot(self) -> Snapshot:
        """The snapshot this service answers from: the pinned one, else the published one."""
        return self._pinned or self.reader.snapshot()

    def pinned(self) -> MinutesService:
        """This service, answering every call from the snapshot published now (one request's
        calls then agree, and the snapshot is resolved once)."""
        pinned = copy.copy(self)
        pinned._pinned = self.reader.snapshot()
        return pinned

    def search(
        self, query: str, *, top_k: int = 10, filters: Filters = NO_FILTERS, mode: Mode = "hybrid"
    ) -> SearchResult:
        found = self._retrieve(query, top_k, filters, mode)
        return SearchResult(found.question.text, found.hits, found.notices)

    def ask(self, question: str, *, top_k: int = 8, filters: Filters = NO_FILTERS) -> Answer:
        """A cited answer by the answerer the settings choose (see search.answerers)."""
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
        _check_filters(filters, snapshot)
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
        if not query or not query.strip():
            _check_filters(filters, snapshot)
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
        snapshot = self.snapshot()
        return {"snapshot": snapshot.name, **snapshot.manifest.to_json()}

    def passage(self, passage_id: str) -> Passage | None:
        return self.snapshot().meta.passage_by_id(passage_id)

    def document(self, document_id: str) -> DocumentView | None:
        return self.snapshot().meta.document_view(document_id)

    def original_file(self, document_id: str) -> Path | None:
        """The indexed file of a document, only if it still lies inside the indexed corpus."""
        snapshot = self.snapshot()
        view = snapshot.meta.document_view(document_id)
        if view is None:
            return None
        root = snapshot.corpus.resolve()
        path = (root / view.document.path).resolve()
        return path if path.is_relative_to(root) and path.is_file() else None

    def meetings(self, series: str | None = None) -> list[MeetingOverview]:
        """All meetings in date order (undated last), optionally of one series (its name or
        its folder)."""
        return self.snapshot().meta.meeting_overviews(series)

    def meeting(self, meeting_id: str) -> MeetingOverview | None:
        return self.snapshot().meta.meeting_overview(meeting_id)

    def meeting_decisions(self, meeting_id: str) -> list[DecisionEntry]:
        return self.snapshot().meta.meeting_decisions(meeting_id)

    def series(self) -> list[str]:
        """The display names of the series, in name order."""
        return [summary.name for summary in self.series_summaries()]

    def series_summaries(self) -> list[SeriesSummary]:
        return self.snapshot().meta.series()


def _check_filters(filters: Filters, snapshot: Snapshot) -> None:
    """Raise QueryError for a period that ends before it starts or an unknown series."""
    check_date_order(filters.date_from, filters.date_to)
    if filters.series is not None:
        summaries = snapshot.meta.series()
        folders = [folder for s in summaries for folder in s.folders if folder != s.name]
        check_series(filters.series, [s.name for s in summaries], folders)
