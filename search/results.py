"""What search returns: passages with their document and meeting, and the JSON contract."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["minutes", "attachment"]


@dataclass(frozen=True)
class MeetingRef:
    id: str
    title: str
    date: dt.date | None
    date_end: dt.date | None
    series: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "series": self.series,
        }


@dataclass(frozen=True)
class DocumentRef:
    id: str
    path: str  # relative to the indexed corpus root
    kind: Kind
    title: str
    page_kind: str | None  # "page", "slide" or None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "kind": self.kind, "title": self.title}


@dataclass(frozen=True)
class Passage:
    """One indexed chunk: ``text`` is ``document text[start:end]``."""

    id: str
    row: int
    text: str
    start: int
    end: int
    pages: tuple[int, ...]
    section: str | None
    document: DocumentRef
    meeting: MeetingRef

    @property
    def page(self) -> int | None:
        """The first page or slide the passage is on."""
        return self.pages[0] if self.pages else None


@dataclass(frozen=True)
class Filters:
    """Restrictions applied inside retrieval; None means no restriction."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    series: str | None = None
    kind: Kind | None = None

    def is_empty(self) -> bool:
        return self == Filters()


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with its rank (1-based) and fused score."""

    rank: int
    score: float
    passage: Passage

    def to_json(self) -> dict[str, Any]:
        p = self.passage
        return {
            "rank": self.rank,
            "score": round(float(self.score), 6),
            "passage_id": p.id,
            "text": p.text,
            "start": p.start,
            "end": p.end,
            "page": p.page,
            "section": p.section,
            "document": p.document.to_json(),
            "meeting": p.meeting.to_json(),
        }


NO_FILTERS = Filters()
