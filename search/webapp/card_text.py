"""What a source card shows of a passage: a window around the cited sentence (or around the
words that match the question), without the heading the card already shows, with Markdown
and LaTeX leftovers turned into plain text. Pure text: render.py escapes and marks it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from search.question_terms import matching_words
from search.results import Passage

WINDOW = 480  # characters of a passage a card shows around what it shows it for
_BEFORE = WINDOW // 4  # of which this many come before it, when the passage goes on after

_HEADING_LINE = re.compile(r"\s*(?:#{1,6}\s|\\(?:sub)*section\*?\{)")
_LINE_MARKUP = [
    (re.compile(r"^(\s*)#{1,6}\s*", re.M), r"\1"),  # Markdown heading marks
    (re.compile(r"^(\s*)[-*+](?=\s)", re.M), r"\1•"),  # list markers
    (re.compile(r"^(\s*)>\s?", re.M), r"\1"),  # quotes
]
_INLINE_MARKUP = [
    (re.compile(r"!?\[([^\]\n]+)\]\([^)\s]*\)"), r"\1"),  # links and images: their text
    (re.compile(r"(\*\*|__)([^\s*_](?:[^\n]*?[^\s*_])?)\1"), r"\2"),  # strong emphasis
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # code
    (re.compile(r"\\[a-zA-Z]+\*?(?:\[[^\]\n]*\])?\{([^{}\n]*)\}"), r"\1"),  # \textbf{x} → x
    (re.compile(r"\\item\b\s*"), "• "),
    (re.compile(r"\\\\|\\[a-zA-Z]+\*?"), ""),  # line breaks and other commands
    (re.compile(r"\\([&%$#_{}])"), r"\1"),  # escaped characters
]


@dataclass(frozen=True)
class Piece:
    """A run of the card's text, plain; ``cited`` when the answer quotes it."""

    text: str
    cited: bool


@dataclass(frozen=True)
class CardText:
    """The pieces a card shows, and whether the passage goes on before and after them."""

    pieces: list[Piece]
    cut_before: bool
    cut_after: bool


def card_text(
    passage: Passage, spans: Sequence[tuple[int, int]] = (), stems: frozenset[str] = frozenset()
) -> CardText:
    """The window of ``passage`` around its first cited span (else around the words sharing
    ``stems``), cut into pieces at the cited spans."""
    text = passage.text
    body = body_start(passage)
    cited = sorted((max(a, 0), min(b, len(text))) for a, b in spans if a < b)
    focus = cited[0] if cited else _densest(text, body, stems)
    start, end = _window(text, min(body, focus[0]) if focus else body, focus)
    return CardText(_pieces(text, start, end, cited), start > body, end < len(text.rstrip()))


def body_start(passage: Passage) -> int:
    """Where the passage starts after the heading lines that open it (which the card shows
    as its section): Markdown or LaTeX headings, and lines that are the section's name."""
    names = {_letters(part) for part in (passage.section or "").split(" › ") if part}
    text, position = passage.text, 0
    while position < len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        line = text[position:end]
        if line.strip() and not (_HEADING_LINE.match(line) or _letters(line) in names):
            return position
        position = end + 1
    return 0


def plain(text: str, starts_line: bool = True) -> str:
    """``text`` without Markdown or LaTeX markup; line markup only where a line starts."""
    head, rest = ("", text) if starts_line else _after_first_line(text)
    for pattern, replacement in _LINE_MARKUP:
        rest = pattern.sub(replacement, rest)
    text = head + rest
    for pattern, replacement in _INLINE_MARKUP:
        text = pattern.sub(replacement, text)
    return text


def _after_first_line(text: str) -> tuple[str, str]:
    """``text`` cut after its first line break (the whole of it when it has none)."""
    cut = text.find("\n") + 1
    return (text[:cut], text[cut:]) if cut else (text, "")


def _letters(text: str) -> str:
    return " ".join(re.sub(r"[\W\d_]+", " ", text).split()).casefold()


def _densest(text: str, body: int, stems: frozenset[str]) -> tuple[int, int] | None:
    """The matching word after which the most matching words follow within half a window."""
    found = [span for span in matching_words(text, stems) if span[0] >= body]
    if not found:
        return None
    return max(found, key=lambda s: sum(s[0] <= o[0] < s[0] + WINDOW // 2 for o in found))


def _window(text: str, body: int, focus: tuple[int, int] | None) -> tuple[int, int]:
    """At most WINDOW characters of ``text`` from ``body`` on, holding ``focus`` (whole, even
    when it is longer), starting at a line, a sentence or a word, ending at a word."""
    length = len(text.rstrip())
    if length - body <= WINDOW:
        return body, length
    anchor = focus[0] if focus else body
    start = max(body, min(anchor - _BEFORE, length - WINDOW))
    start = _boundary_before(text, start, anchor) if start > body else body
    end = max(start + WINDOW, focus[1] if focus else 0)
    if end >= length:
        return start, length
    if focus and end == focus[1]:
        return start, end
    cut = text.rfind(" ", start, end)
    return start, cut if cut > anchor else end


def _boundary_before(text: str, start: int, anchor: int) -> int:
    """The first line or sentence start in ``text[start:anchor]`` (else a word start)."""
    for pattern in (r"\n\s*", r"[.!?:]\s+", r"\s+"):
        found = re.compile(pattern).search(text, start, anchor)
        if found:
            return found.end()
    return anchor


def _pieces(text: str, start: int, end: int, cited: list[tuple[int, int]]) -> list[Piece]:
    """``text[start:end]`` in plain pieces, cut where the cited spans begin and end."""
    cuts = sorted({start, end, *(p for span in cited for p in span if start < p < end)})
    pieces = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        inside = any(s <= a and b <= e for s, e in cited)
        starts_line = a == 0 or text[a - 1] == "\n"
        pieces.append(Piece(plain(text[a:b], starts_line), inside))
    return pieces
