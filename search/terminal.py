"""Readable terminal output for search results and answers.

The labels are English, like the rest of the command; what comes from the minutes (and the
answer, which quotes them) is Swedish. Text is wrapped to the terminal's width. Every text from
a document, a file name or a model is printed through ``printable`` (no control character
reaches the terminal).
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence

import click

from indexer.lexical import analyze
from indexer.store.entities import DecisionEntry, shorten
from search.answers import Answer, title_has_date
from search.printable import printable
from search.question_terms import matching_words
from search.results import Hit, Passage

MAX_WIDTH = 100  # longer lines are hard to read, however wide the terminal


def terminal_width() -> int:
    """The terminal's width in columns (80 when it is not a terminal), at most MAX_WIDTH."""
    return max(40, min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH))


def wrap(text: str, width: int) -> str:
    """``text`` wrapped line by line; a continued list item ("- …") keeps its indentation."""
    lines = []
    for line in text.split("\n"):
        indent = line[: len(line) - len(line.lstrip())]
        hanging = indent + "  " if line.lstrip().startswith("- ") else indent
        wrapped = textwrap.fill(
            line,
            width=width,
            subsequent_indent=hanging,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines.append(wrapped or line)
    return "\n".join(lines)


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
    date = meeting.date.isoformat() if meeting.date else "undated"
    parts = [meeting.title if title_has_date(meeting) else f"{meeting.title} ({date})"]
    if meeting.series:
        parts.append(meeting.series)
    document = passage.document
    label = f"attachment: {document.title}" if document.kind == "attachment" else "minutes"
    parts.append(label)
    if passage.page is not None:
        parts.append(f"{document.page_kind or 'page'} {passage.page}")
    if passage.section:
        parts.append(passage.section)
    return printable(" · ".join(parts))


def format_hits(hits: Sequence[Hit], query: str, *, width: int = MAX_WIDTH) -> str:
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
        heading = textwrap.fill(
            f"{hit.rank}. {where(hit.passage)}", width=width, subsequent_indent="   "
        )
        heading = click.style(heading, fg="cyan")
        blocks.append(f"{heading}\n{emphasise(body, query)}")
    return "\n\n".join(blocks)


def format_answer(answer: Answer, *, width: int = MAX_WIDTH) -> str:
    """The answer (wrapped to ``width``), its note, then its sources; or, when it abstains,
    the nearest passages."""
    lines = [wrap(printable(answer.text, lines=True), width)]
    if answer.note:
        lines.append(click.style(wrap(f"({printable(answer.note)})", width), dim=True))
    if answer.citations:
        lines.append("\nSources:")
        for citation in answer.citations:
            source = textwrap.fill(
                f"[{citation.n}] {where(citation.passage)}", width=width, subsequent_indent="    "
            )
            lines.append(click.style(source, fg="cyan"))
            lines.append(f"    id {citation.passage.id}")
    elif answer.hits:
        lines.append("\n" + format_hits(answer.hits[:5], answer.question, width=width))
    return "\n".join(lines)


def format_decisions(decisions: Sequence[DecisionEntry], *, width: int = MAX_WIDTH) -> str:
    """The decision log as a table: date, outcome, what was decided; under each, its meeting,
    agenda item and passage id."""
    if not decisions:
        return "No decisions found."
    indent = " " * 28
    rows = [click.style(f"{'date':<12}{'outcome':<16}decision", bold=True)]
    for decision in decisions:
        meeting = decision.meeting
        date = meeting.date.isoformat() if meeting.date else "undated"
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
