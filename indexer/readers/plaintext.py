"""Plain text and Markdown files: the text as written; Markdown ``#`` lines become headings."""

from __future__ import annotations

import re
from pathlib import Path

from indexer.documents import ExtractedDocument, Heading
from indexer.readers.builder import TextBuilder
from indexer.readers.decoding import decode_text

# Many minutes write "##Kallade" without the space CommonMark asks for; accept both.
_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]*([^#\s].*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(```|~~~)", re.MULTILINE)


def read_text(path: Path) -> ExtractedDocument:
    """Read a .txt file."""
    builder = TextBuilder()
    builder.add(decode_text(path.read_bytes()))
    return ExtractedDocument(text=builder.text)


def read_markdown(path: Path) -> ExtractedDocument:
    """Read a Markdown file, keeping its source text, with its ``#`` headings as spans."""
    builder = TextBuilder()
    builder.add(decode_text(path.read_bytes()))
    return ExtractedDocument(text=builder.text, headings=markdown_headings(builder.text))


def markdown_headings(text: str) -> list[Heading]:
    """The ATX headings of ``text`` outside fenced code blocks, as spans of their titles."""
    fenced = _fenced_ranges(text)
    return [
        Heading(m.start(2), m.end(2), len(m.group(1)))
        for m in _ATX_HEADING.finditer(text)
        if not any(start <= m.start() < end for start, end in fenced)
    ]


def _fenced_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of fenced code blocks (an unclosed fence runs to the end)."""
    fences = [m.start() for m in _FENCE.finditer(text)]
    pairs = zip(fences[::2], [*fences[1::2], len(text)], strict=False)
    return list(pairs)
