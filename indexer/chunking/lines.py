"""The text cut into trimmed lines at line breaks, page edges and reported headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.documents import Heading, PageSpan

_LINE_BREAK = re.compile(r"\r\n?|[\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_MARKUP_ONLY = re.compile(r"[^\w\n]*")

# Levels: reported and Markdown headings keep theirs (1-6); inferred ones nest below them.
AGENDA_LEVEL = 100
PLAIN_LEVEL = 200


@dataclass(slots=True)
class Line:
    """A piece of the text between two cuts, by its trimmed offsets."""

    start: int  # first non-space character; equal to end for a blank line
    end: int  # after the last non-space character
    page: int  # index into the sorted pages, -1 before the first one
    heading: int  # index of the reported heading the line belongs to, -1 if none


@dataclass(frozen=True, slots=True)
class Reported:
    """A heading the reader reported, widened over markup on its own line."""

    start: int  # where the heading's line starts, markup such as "## " included
    end: int
    title: str
    level: int


def reported_headings(text: str, headings: list[Heading]) -> list[Reported]:
    """Valid, non-overlapping reported headings, widened over markup on their own line."""
    result: list[Reported] = []
    for h in sorted(headings, key=lambda h: (h.start, h.end)):
        title = text[h.start : h.end] if 0 <= h.start < h.end <= len(text) else ""
        if not title.strip() or (result and h.start < result[-1].end):
            continue
        line_start = max(text.rfind("\n", 0, h.start) + 1, result[-1].end if result else 0)
        line_end = _LINE_BREAK.search(text, h.end)
        line_end_pos = line_end.start() if line_end else len(text)
        start = line_start if _MARKUP_ONLY.fullmatch(text, line_start, h.start) else h.start
        end = line_end_pos if _MARKUP_ONLY.fullmatch(text, h.end, line_end_pos) else h.end
        level = min(max(h.level, 1), AGENDA_LEVEL - 1)
        result.append(Reported(start, end, title, level))
    return result


def cut_lines(text: str, pages: list[PageSpan], reported: list[Reported]) -> list[Line]:
    """The text cut at line breaks, page edges and reported headings, each piece trimmed."""
    cuts = {0, len(text)}
    cuts.update(m.end() for m in _LINE_BREAK.finditer(text))
    cuts.update(p.start for p in pages)
    cuts.update(p.end for p in pages)
    cuts.update(h.start for h in reported)
    cuts.update(h.end for h in reported)
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    starts = [p.start for p in pages]
    lines: list[Line] = []
    page = heading = -1
    for a, b in zip(bounds, bounds[1:], strict=False):
        while page + 1 < len(starts) and starts[page + 1] <= a:
            page += 1
        while heading + 1 < len(reported) and reported[heading + 1].start <= a:
            heading += 1
        inside = heading if heading >= 0 and a < reported[heading].end else -1
        piece = text[a:b]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        s, e = (a + left, a + right) if right > left else (a, a)
        lines.append(Line(s, e, page, inside))
    return lines
