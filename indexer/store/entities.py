"""What the snapshot holds, as read: meetings, documents and passages (and their JSON form)."""

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
