"""Split a document into passages that follow its structure: headings, agenda items, pages.

The text is read line by line into sections (reported headings, Markdown ``#`` lines, "§ 3" and
numbered agenda items, short title lines of plain text) holding paragraph blocks. Each section
becomes one chunk when it fits; tiny sections join a neighbour under the same parent; a section
too long for one chunk is packed from paragraphs and sentences into overlapping pieces. Slides
are never mixed. Every chunk is a trimmed span ``doc.text[start:end]`` within the token cap.
"""

from __future__ import annotations

import bisect

from indexer.chunking.lines import cut_lines, reported_headings
from indexer.chunking.outline import SectionNames, parse_outline
from indexer.chunking.packing import Packer
from indexer.chunking.tokens import CountTokens, estimate_tokens
from indexer.documents import Chunk, ExtractedDocument, PageSpan

__all__ = ["chunk_document", "estimate_tokens"]


def chunk_document(
    doc: ExtractedDocument,
    *,
    count_tokens: CountTokens = estimate_tokens,
    target_tokens: int = 200,
    max_tokens: int = 350,
    overlap_tokens: int = 40,
) -> list[Chunk]:
    """Cut ``doc`` into passages of about ``target_tokens`` (never over ``max_tokens``),
    following its headings, agenda items, pages and slides, in document order."""
    if not 0 <= overlap_tokens < target_tokens <= max_tokens:
        raise ValueError("Chunk sizes must satisfy 0 <= overlap < target <= max.")
    text = doc.text
    pages = sorted((p for p in doc.pages if 0 <= p.start < p.end), key=lambda p: p.start)
    reported = reported_headings(text, doc.headings)
    lines = cut_lines(text, pages, reported)
    outline = parse_outline(text, lines, reported, slides=doc.page_kind == "slide")
    packer = Packer(text, outline.sections, count_tokens, target_tokens, max_tokens, overlap_tokens)
    names = SectionNames(outline.sections)
    ends = [p.end for p in pages]
    chunks = []
    last_end = -1
    for start, end, section in sorted(packer.chunks(outline.blocks), key=lambda c: (c[0], -c[1])):
        if end <= last_end:
            continue  # lies inside the chunk before it
        chunks.append(Chunk(start, end, names.name(section), _pages_of(pages, ends, start, end)))
        last_end = end
    return chunks


def _pages_of(pages: list[PageSpan], ends: list[int], start: int, end: int) -> tuple[int, ...]:
    """Numbers of the pages that ``[start, end)`` touches (``ends``: the pages' ends)."""
    first = bisect.bisect_right(ends, start)
    found = set()
    for page in pages[first:]:
        if page.start >= end:
            break
        if page.end > start:
            found.add(page.number)
    return tuple(sorted(found))
