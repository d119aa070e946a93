"""``extract_decisions``: every decision of a document, from formal markup and from prose."""

from __future__ import annotations

from indexer.decisions.agenda import marks
from indexer.decisions.details import amounts, elected
from indexer.decisions.entries import Entry, entries
from indexer.decisions.formal import FormalReader
from indexer.decisions.model import Decision
from indexer.decisions.prose import Found, answered_question, prose_decisions
from indexer.decisions.sections import Section, sections
from indexer.documents import ExtractedDocument


def extract_decisions(doc: ExtractedDocument) -> list[Decision]:
    """The decisions of ``doc`` in text order, with offsets into ``doc.text``."""
    text = doc.text
    reader = FormalReader(text)
    for section in sections(text, marks(doc)):
        reader.read(section, entries(text, section.start, section.end))
    found = [d for d in reader.decisions + _prose(text, reader.prose) if _has_words(d.text)]
    return _distinct(sorted(found, key=lambda d: (d.start, d.end)))


def _has_words(text: str) -> bool:
    """Whether ``text`` holds a letter or a digit."""
    return any(ch.isalnum() for ch in text)


def _prose(text: str, pieces: list[tuple[Entry, Section]]) -> list[Decision]:
    """Decisions in the plain text the formal reading left over."""
    result = []
    for i, (entry, section) in enumerate(pieces):
        for found in prose_decisions(text, entry.start, entry.end):
            result.append(_decision(found, section))
        following = pieces[i + 1] if i + 1 < len(pieces) else None
        if following and following[1] == section:
            answer = following[0]
            question = answered_question(text, entry.last, (answer.start, answer.last[1]))
            if question is not None:
                result.append(_decision(question, section))
    return result


def _decision(found: Found, section: Section) -> Decision:
    """A decision found in prose, placed in its section's agenda item."""
    agenda = section.agenda
    title = agenda.title or None if agenda else None
    return Decision(
        start=found.start,
        end=found.end,
        outcome=found.outcome,
        text=found.text,
        proposal=found.proposal,
        agenda_number=agenda.number if agenda else None,
        agenda_title=title,
        elected=elected(found.text, title) if found.outcome == "val" else (),
        amounts=amounts(found.text),
    )


def _distinct(decisions: list[Decision]) -> list[Decision]:
    """``decisions`` without repeats: the same text over overlapping spans."""
    kept: list[Decision] = []
    for decision in decisions:
        if not any(
            d.text == decision.text and d.start < decision.end and decision.start < d.end
            for d in kept[-5:]
        ):
            kept.append(decision)
    return kept
