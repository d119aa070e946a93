"""Plain data types passed between the indexer's stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class UnreadableDocument(Exception):
    """A file that cannot be indexed; ``reason`` is shown to the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PageSpan:
    """A page (PDF) or slide (PPTX): ``text[start:end]`` lies on page ``number`` (1-based)."""

    start: int
    end: int
    number: int


@dataclass(frozen=True)
class Heading:
    """A heading: ``text[start:end]`` is its title; ``level`` 1 is the top level."""

    start: int
    end: int
    level: int


@dataclass
class ExtractedDocument:
    """What a reader gets out of one file: clean text plus what the file says about itself."""

    text: str
    pages: list[PageSpan] = field(default_factory=list)
    page_kind: str | None = None  # "page", "slide" or None when the format has no pages
    title: str | None = None  # from document properties (or the source's title command)
    date: dt.date | None = None  # from document properties (or the source's date command)
    headings: list[Heading] = field(default_factory=list)


@dataclass(frozen=True)
class Chunk:
    """A passage: ``text[start:end]`` of its document, with its pages and the heading above it."""

    start: int
    end: int
    section: str | None = None
    pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class Sentence:
    """A sentence of a passage as an answer quotes it: ``passage text[start:end]``, shown on
    one line as ``text``, under ``parent``, the list item it hangs from (if any)."""

    start: int
    end: int
    text: str
    parent: str | None = None

    @property
    def shown(self) -> str:
        """The sentence under its parent item, if it has one."""
        if not self.parent:
            return self.text
        joint = " " if self.parent[-1] in ".:;!?" else ": "
        return f"{self.parent}{joint}{self.text}"
