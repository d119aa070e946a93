"""Assemble a document's clean text from pieces while keeping offsets of pages and headings.

Converters that produce one long string (LaTeX, Typst) mark headings inline with
``mark_heading``; ``TextBuilder.add_marked`` turns the marks into heading spans. They may
also emit ``SOFT_BREAK`` for "start a new line here", merged by ``resolve_soft_breaks``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from indexer.cleaning import clean_text
from indexer.documents import ExtractedDocument, Heading

_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKED_HEADING = re.compile(f"{_OPEN}([1-6])(.*?){_CLOSE}", re.DOTALL)
SOFT_BREAK = "\ue002"  # a line break that merges with the line breaks around it
_SOFT_BREAKS = re.compile(rf"\s*{SOFT_BREAK}[\s{SOFT_BREAK}]*")
_MARKS = re.compile(f"[{_OPEN}{_CLOSE}{SOFT_BREAK}]")


def strip_marks(source: str) -> str:
    """Remove the private marks from untrusted input before converting it."""
    return _MARKS.sub("", source)


def resolve_soft_breaks(text: str) -> str:
    """Turn each run of soft breaks and whitespace into one line break, or a blank line
    if the run already held one."""
    return _SOFT_BREAKS.sub(lambda m: "\n\n" if m.group().count("\n") > 1 else "\n", text)


def mark_heading(title: str, level: int) -> str:
    """Return ``title`` marked as a heading of ``level`` (1-6), on a line of its own."""
    level = min(max(level, 1), 6)
    return f"\n\n{_OPEN}{level}{' '.join(title.split())}{_CLOSE}\n\n"


@dataclass(frozen=True)
class Span:
    start: int
    end: int


class TextBuilder:
    """Collects clean pieces of text, separated by line breaks, and records heading spans."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._after_heading = False
        self.headings: list[Heading] = []

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def add(self, piece: str, *, sep: str | None = None, level: int | None = None) -> Span | None:
        """Clean and append ``piece``; None when nothing is left of it.

        ``sep`` goes before the piece unless it is the first; by default a blank line, or a
        single line break right after a heading.
        """
        piece = clean_text(strip_marks(piece))
        if level is not None:
            piece = " ".join(piece.split())
        if not piece:
            return None
        if self._parts:
            if sep is None:
                sep = "\n" if self._after_heading and level is None else "\n\n"
            self._parts.append(sep)
            self._length += len(sep)
        span = Span(self._length, self._length + len(piece))
        self._parts.append(piece)
        self._length = span.end
        self._after_heading = level is not None
        if level is not None:
            self.headings.append(Heading(span.start, span.end, level))
        return span

    def add_marked(self, marked: str) -> Span | None:
        """Append text holding ``mark_heading`` marks; return the span of all that was added."""
        spans: list[Span | None] = []
        position = 0
        for match in _MARKED_HEADING.finditer(marked):
            spans.append(self.add(marked[position : match.start()]))
            spans.append(self.add(match.group(2), level=int(match.group(1))))
            position = match.end()
        spans.append(self.add(marked[position:]))
        return cover(spans)


def cover(spans: list[Span | None]) -> Span | None:
    """The span from the first to the last of ``spans`` that are not None."""
    present = [span for span in spans if span is not None]
    return Span(present[0].start, present[-1].end) if present else None


@dataclass
class MarkedDocument:
    """The result of a source-format converter: text with heading marks, plus title and date."""

    text: str
    title: str | None = None
    date: dt.date | None = None


def document_from_marked(marked: MarkedDocument) -> ExtractedDocument:
    """Clean the marked text and turn its heading marks into heading spans."""
    builder = TextBuilder()
    builder.add_marked(marked.text)
    return ExtractedDocument(
        text=builder.text, title=marked.title, date=marked.date, headings=builder.headings
    )
