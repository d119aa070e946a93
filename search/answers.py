"""An answer with its citations, and how answers word an abstention and name a meeting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from indexer.lexicon import QUESTION_WORDS
from search.results import Hit, MeetingRef, Passage


@dataclass
class Citation:
    """The passage cited as [n], and the sentence(s) the answer took from it."""

    n: int
    passage: Passage
    quote: str

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


def abstention_text(question: str, has_hits: bool = True) -> str:
    """What the answer says when the minutes do not answer ``question``."""
    text = f"Jag hittar inget om ”{_topic(question)}” i protokollen."
    return text + " Här är de närmaste avsnitten:" if has_hits else text


def _topic(question: str) -> str:
    topic = question.strip().rstrip("?").strip()
    first = topic.split(maxsplit=1)[0] if topic else ""
    return topic[0].lower() + topic[1:] if first.lower() in QUESTION_WORDS else topic


def meeting_label(meeting: MeetingRef) -> str:
    """The meeting as an answer names it: "Titel (2021-05-19)", "Titel (utan datum)"…"""
    if meeting.date is None:
        return f"{meeting.title} (utan datum)"
    if meeting.date.isoformat() in meeting.title:
        return meeting.title
    if meeting.date_end and meeting.date_end != meeting.date:
        return f"{meeting.title} ({meeting.date.isoformat()}–{meeting.date_end.isoformat()})"
    return f"{meeting.title} ({meeting.date.isoformat()})"
