"""What search returns: hits (passages with rank and score), filters, and the JSON contract."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from indexer.store.entities import DocumentRef, Kind, MeetingRef, Passage

if TYPE_CHECKING:
    from search.access import Access

__all__ = ["DocumentRef", "Filters", "Hit", "Kind", "MeetingRef", "NO_FILTERS", "Passage"]


@dataclass(frozen=True)
class Filters:
    """Restrictions applied inside retrieval; None means no restriction."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    series: str | None = None
    kind: Kind | None = None
    access: Access | None = None  # the documents a signed-in user may read

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
