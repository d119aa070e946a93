"""Readable terminal output for search results and answers; every text from a document, a file
name or a model is printed through ``printable`` (no control character reaches the terminal)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import click

from indexer.lexical import analyze
from indexer.store.entities import DecisionEntry, shorten
from search.answers import Answer
from search.printable import printable
from search.question_terms import matching_words
from search.results import Hit, Passage


def emphasise(text: str, query: str) -> str:
    """``text`` with the words that share a stem with the query's words in bold."""
    parts, last = [], 0
    for start, end in matching_words(text, set(analyze(query))):
        parts += [text[last:start], click.style(text[start:end], bold=True)]
        last = end
    return "".join(parts) + text[last:]


def where(passage: Passage) -> str:
    """'Meeting (date) · series' and 'document · page · section' on one line."""
    meeting = passage.meeting
    date = meeting.date.isoformat() if meeting.date else "utan datum"
    parts = [f"{meeting.title} ({date})"]
    if meeting.series:
        parts.append(meeting.series)
    document = passage.document
    label = f"Bilaga: {document.title}" if document.kind == "attachment" else document.title
    parts.append(label)
    if passage.page is not None:
        parts.append(f"{document.page_kind or 'page'} {passage.page}")
    if passage.section:
        parts.append(passage.section)
    return printable(" · ".join(parts))


def format_hits(hits: Sequence[Hit], query: str, *, width: int = 100) -> str:
    """Numbered results: where each passage is, then the passage, indented."""
    if not hits:
        return "No passages found."
    blocks = []
    for hit in hits:
        body = textwrap.fill(
            printable(" ".join(hit.passage.text.split())),
            width=width,
            initial_indent="   ",
            subsequent_indent="   ",
        )
        heading = click.style(f"{hit.rank}. {where(hit.passage)}", fg="cyan")
        blocks.append(f"{heading}\n{emphasise(body, query)}")
    return "\n\n".join(blocks)


def format_answer(answer: Answer) -> str:
    """The answer, its note, then its sources; or, when it abstains, the nearest passages."""
    lines = [printable(answer.text, lines=True)]
    if answer.note:
        lines.append(click.style(f"({printable(answer.note)})", dim=True))
    if answer.citations:
        lines.append("\nSources:")
        for citation in answer.citations:
            lines.append(click.style(f"[{citation.n}] {where(citation.passage)}", fg="cyan"))
            lines.append(f"    id {citation.passage.id}")
    elif answer.hits:
        lines.append("\n" + format_hits(answer.hits[:5], answer.question))
    return "\n".join(lines)


def format_decisions(decisions: Sequence[DecisionEntry], *, width: int = 100) -> str:
    """The decision log as a table: date, outcome, what was decided; under each, its meeting,
    agenda item and passage id."""
    if not decisions:
        return "No decisions found."
    indent = " " * 28
    rows = [click.style(f"{'date':<12}{'outcome':<16}decision", bold=True)]
    for decision in decisions:
        meeting = decision.meeting
        date = meeting.date.isoformat() if meeting.date else "no date"
        said = textwrap.fill(
            printable(_decided(decision)),
            width=width,
            initial_indent=indent,
            subsequent_indent=indent,
        )
        rows.append(f"{date:<12}{decision.outcome:<16}{said[len(indent) :]}")
        context = [meeting.title, decision.agenda_title, f"id {decision.passage.id}"]
        shown = printable(" · ".join(c for c in context if c))
        rows.append(click.style(indent + shown, dim=True))
    return "\n".join(rows)


def _decided(decision: DecisionEntry) -> str:
    if decision.proposal and decision.proposal != decision.text:
        return f"{decision.summary()} (proposal: {shorten(decision.proposal, 300)})"
    return decision.summary()
