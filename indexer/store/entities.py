"""What the snapshot holds, as read: meetings, documents, passages, decisions (and their JSON)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["minutes", "attachment"]


@dataclass(frozen=True)
class MeetingRef:
    """A meeting: ``series`` is its series' display name, ``series_folder`` the folder the
    series was inferred from."""

    id: str
    title: str
    date: dt.date | None
    date_end: dt.date | None
    series: str | None
    series_folder: str | None = None
    organisation: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "series": self.series,
            "series_folder": self.series_folder,
            "organisation": self.organisation,
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
class DecisionEntry:
    """A decision as stored: what was decided, its outcome, and the passage that holds it."""

    id: str
    row: int
    outcome: str
    text: str
    proposal: str | None
    agenda_number: str | None
    agenda_title: str | None
    elected: tuple[str, ...]
    amounts: tuple[str, ...]
    start: int  # the decision's span in its document's text
    end: int
    passage: Passage

    @property
    def meeting(self) -> MeetingRef:
        return self.passage.meeting

    @property
    def document(self) -> DocumentRef:
        return self.passage.document

    def summary(self, limit: int = 300) -> str:
        """What was decided, cut at a word boundary to at most ``limit`` characters."""
        return shorten(self.text, limit)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "outcome": self.outcome,
            "text": self.text,
            "proposal": self.proposal,
            "agenda_number": self.agenda_number,
            "agenda_title": self.agenda_title,
            "elected": list(self.elected),
            "amounts": list(self.amounts),
            "start": self.start,
            "end": self.end,
            "passage_id": self.passage.id,
            "document": self.document.to_json(),
            "meeting": self.meeting.to_json(),
        }


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


@dataclass(frozen=True)
class SeriesSummary:
    """A series as listed: its display name, the folders it comes from, how many meetings."""

    name: str
    folders: tuple[str, ...]
    organisation: str | None
    meetings: int

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "folders": list(self.folders),
            "organisation": self.organisation,
            "meetings": self.meetings,
        }


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"
