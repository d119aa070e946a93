"""An answer with its citations, and how answers word an abstention and name a meeting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from indexer.dates import date_from_text
from indexer.lexicon import QUESTION_WORDS
from search.results import NO_FILTERS, Filters, Hit, MeetingRef, Passage


@dataclass
class Citation:
    """The passage cited as [n], the sentence(s) the answer took from it, and where they
    stand in the passage's text (``passage.text[start:end]`` for each span)."""

    n: int
    passage: Passage
    quote: str
    spans: list[tuple[int, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "passage_id": self.passage.id,
            "quote": self.quote,
            "page": self.passage.page,
            "document": self.passage.document.to_json(),
            "meeting": self.passage.meeting.to_json(),
        }


@dataclass
class Answer:
    """An answer (or an abstention) with its citations and the hits it was made from."""

    question: str
    answered: bool
    text: str
    mode: Literal["extractive", "llm"]
    citations: list[Citation]
    hits: list[Hit]
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "question": self.question,
            "answered": self.answered,
            "answer": self.text,
            "mode": self.mode,
            "citations": [c.to_json() for c in self.citations],
            "results": [h.to_json() for h in self.hits],
        }
        if self.note:
            data["note"] = self.note
        return data


def abstention_text(question: str, has_hits: bool = True, filters: Filters = NO_FILTERS) -> str:
    """What the answer says when the minutes (within ``filters``) do not answer ``question``."""
    scope = filters_phrase(filters)
    text = f"Jag hittar inget om ”{_topic(question)}” i protokollen{' ' + scope if scope else ''}."
    return text + " Här är de närmaste avsnitten:" if has_hits else text


def filters_phrase(filters: Filters) -> str:
    """The filters a refusal names: "med filtret från 2021-01-01", "med filtren från
    2021-01-01 till 2021-06-30 och bara protokoll"; empty without filters."""
    period = " ".join(
        f"{word} {day.isoformat()}"
        for word, day in (("från", filters.date_from), ("till", filters.date_to))
        if day
    )
    series = f"mötesserien ”{filters.series}”" if filters.series else ""
    kind = {"minutes": "bara protokoll", "attachment": "bara bilagor"}.get(filters.kind or "", "")
    parts = [part for part in (period, series, kind) if part]
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} och {parts[-1]}"
    return f"med {'filtret' if len(parts) == 1 else 'filtren'} {listed}"


def _topic(question: str) -> str:
    topic = question.strip().rstrip("?").strip()
    first = topic.split(maxsplit=1)[0] if topic else ""
    return topic[0].lower() + topic[1:] if first.lower() in QUESTION_WORDS else topic


def title_has_date(meeting: MeetingRef) -> bool:
    """Whether the meeting's title already says its date, in any form ("19–20 maj 2021")."""
    found = date_from_text(meeting.title)
    return found is not None and found.start == meeting.date


def meeting_label(meeting: MeetingRef) -> str:
    """The meeting as an answer names it, with one date: "Titel (2021-05-19)", "Titel 19–20 maj
    2021" (a title that says its date), "Titel (utan datum)"."""
    if meeting.date is None:
        return f"{meeting.title} (utan datum)"
    if title_has_date(meeting):
        return meeting.title
    if meeting.date_end and meeting.date_end != meeting.date:
        return f"{meeting.title} ({meeting.date.isoformat()}–{meeting.date_end.isoformat()})"
    return f"{meeting.title} ({meeting.date.isoformat()})"
