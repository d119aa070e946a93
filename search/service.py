"""One entry point for the front ends (CLI and web app): search, ask, read and browse."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from search.answer import Answer, extractive_answer, llm_answer
from search.results import NO_FILTERS, DocumentRef, Filters, Hit, MeetingRef, Passage
from search.retriever import Retriever
from search.settings import Settings
from search.snapshot import IndexReader, Snapshot, meeting_from_row
from search.validation import check_top_k, clean_query

Mode = Literal["hybrid", "dense", "lexical"]


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    notices: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"query": self.query, "results": [hit.to_json() for hit in self.hits]}


@dataclass
class DocumentView:
    """A whole document with its meeting and the meeting's other documents."""

    document: DocumentRef
    meeting: MeetingRef
    text: str
    pages: list[tuple[int, int, int]]  # (start, end, number)
    siblings: list[DocumentRef]


@dataclass
class MeetingOverview:
    meeting: MeetingRef
    documents: list[DocumentRef]


def _document_ref(row) -> DocumentRef:
    return DocumentRef(row["id"], row["path"], row["kind"], row["title"], row["page_kind"])


class MinutesService:
    """Queries the published index; picks up a newly published snapshot on the next call."""

    def __init__(self, settings: Settings, *, model: str | None = None):
        self.settings = settings
        self.reader = IndexReader(settings.index, model=model)
        self.retriever = Retriever(self.reader)

    def snapshot(self) -> Snapshot:
        return self.reader.snapshot()

    def search(
        self, query: str, *, top_k: int = 10, filters: Filters = NO_FILTERS, mode: Mode = "hybrid"
    ) -> SearchResult:
        query, notices = clean_query(query)
        hits = self.retriever.search(query, top_k=check_top_k(top_k), filters=filters, mode=mode)
        return SearchResult(query, hits, notices)

    def ask(self, question: str, *, top_k: int = 8, filters: Filters = NO_FILTERS) -> Answer:
        """A cited answer: from the LLM when one is configured, else extractive."""
        found = self.search(question, top_k=top_k, filters=filters)
        embedder = self.reader.embedder(self.snapshot())

        def extractive() -> Answer:
            return extractive_answer(found.query, found.hits, embedder)

        if self.settings.llm_base_url and self.settings.llm_model and found.hits:
            answer = llm_answer(
                found.query,
                found.hits,
                base_url=self.settings.llm_base_url,
                model=self.settings.llm_model,
                api_key=self.settings.llm_api_key,
                timeout=self.settings.llm_timeout,
                fallback=extractive,
            )
        else:
            answer = extractive()
        if found.notices:
            answer.note = "; ".join(filter(None, [answer.note, *found.notices]))
        return answer

    def status(self) -> dict:
        snapshot = self.snapshot()
        return {"snapshot": snapshot.name, **snapshot.manifest}

    def passage(self, passage_id: str) -> Passage | None:
        return self.snapshot().passage_by_id(passage_id)

    def document(self, document_id: str) -> DocumentView | None:
        snapshot = self.snapshot()
        rows = snapshot.query(
            "SELECT d.*, m.id AS m_id, m.title AS m_title, m.date, m.date_end, m.series "
            "FROM documents d JOIN meetings m ON m.id = d.meeting_id WHERE d.id = ?",
            (document_id,),
        )
        if not rows:
            return None
        row = rows[0]
        siblings = snapshot.query(
            "SELECT * FROM documents WHERE meeting_id = ? AND id != ? ORDER BY kind DESC, path",
            (row["meeting_id"], document_id),
        )
        return DocumentView(
            _document_ref(row),
            meeting_from_row(row),
            row["text"],
            [tuple(p) for p in json.loads(row["pages"])],
            [_document_ref(s) for s in siblings],
        )

    def original_file(self, document_id: str) -> Path | None:
        """The indexed file of a document, only if it still lies inside the indexed corpus."""
        view = self.document(document_id)
        if view is None:
            return None
        root = Path(self.snapshot().manifest["corpus"]).resolve()
        path = (root / view.document.path).resolve()
        return path if path.is_relative_to(root) and path.is_file() else None

    def meetings(self, series: str | None = None) -> list[MeetingOverview]:
        """All meetings in date order (undated last), optionally of one series."""
        snapshot = self.snapshot()
        where, params = ("WHERE series = ?", (series,)) if series else ("", ())
        meetings = snapshot.query(
            "SELECT id AS m_id, title AS m_title, date, date_end, series FROM meetings "
            f"{where} ORDER BY date IS NULL, date, title",
            params,
        )
        documents: dict[str, list[DocumentRef]] = {}
        for row in snapshot.query(
            "SELECT id, meeting_id, path, kind, title, page_kind FROM documents "
            "ORDER BY kind DESC, path"
        ):
            documents.setdefault(row["meeting_id"], []).append(_document_ref(row))
        return [
            MeetingOverview(meeting_from_row(m), documents.get(m["m_id"], [])) for m in meetings
        ]

    def series(self) -> list[str]:
        rows = self.snapshot().query(
            "SELECT DISTINCT series FROM meetings WHERE series IS NOT NULL ORDER BY series"
        )
        return [row["series"] for row in rows]
