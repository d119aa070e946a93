"""A section's text as entries: "Att:" items, "Beslut:" lines and their bullets, "Förslag:"
lines, and paragraphs of other text.

An entry runs on over the lines that continue it. Over a blank line it runs on only when it
announces more ("ändras från", "med lydelsen", "följande:") or the next paragraph is a lone
"till": the way minutes quote the text a decision changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_BULLET = r"(?:[-*•–]\s+)?"
_ATT = re.compile(rf"{_BULLET}\**att\**\s*:\**\s*", re.IGNORECASE)
_BESLUT = re.compile(rf"{_BULLET}\**beslut(?:et)?\**\s*:\**\s*", re.IGNORECASE)
_FORSLAG = re.compile(
    rf"{_BULLET}\**(?:förslag(?:\s+till\s+beslut)?|yrkande)\**\s*:\**\s*", re.IGNORECASE
)
_LIST_ITEM = re.compile(r"(?:[-*•–]|\d{1,2}[.)])\s+")
OPENER = re.compile(r"(?:\b(?:från|till|lydelsen?|lyder|följande|nedan)|:)\W*$", re.IGNORECASE)
_CONNECTOR = re.compile(r"(?:till|från|samt|och|eller)\W*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")
_MARKERS = (("att", _ATT), ("beslut", _BESLUT), ("forslag", _FORSLAG))


@dataclass(slots=True)
class Entry:
    """``text[start:end]``, its marker included; its own text starts at ``body``."""

    kind: str  # "att", "beslut", "item" (a bullet under "Beslut:"), "forslag" or "text"
    start: int
    end: int
    body: int
    last: tuple[int, int] = (0, 0)  # its last line, to tell whether it announces more

    def line(self, text: str) -> str:
        """The entry's last line."""
        return text[self.last[0] : self.last[1]]


def entries(text: str, start: int, end: int) -> list[Entry]:
    """The entries of ``text[start:end]`` in order (empty "Beslut:" heads left out)."""
    found: list[Entry] = []
    current: Entry | None = None
    in_list = blank = False
    for a, b in _lines(text, start, end):
        if a == b:
            blank = True
            continue
        line = text[a:b]
        kind, body = _marker(line)
        if kind is None and in_list and _LIST_ITEM.match(line):
            kind, body = "item", _LIST_ITEM.match(line).end()  # type: ignore[union-attr]
        if kind is None and current is not None and _continues(text, current, line, blank):
            current.end, current.last = b, (a, b)
        else:
            current = Entry(kind or "text", a, b, a + body, (a, b))
            found.append(current)
            in_list = (kind == "beslut" and a + body == b) or (in_list and kind == "item")
        blank = False
    return [e for e in found if e.end > e.body]


def _marker(line: str) -> tuple[str | None, int]:
    """The kind of entry ``line`` opens and where its text starts, or (None, 0)."""
    for kind, pattern in _MARKERS:
        if m := pattern.match(line):
            return kind, m.end()
    return None, 0


def _continues(text: str, entry: Entry, line: str, blank: bool) -> bool:
    """Whether ``line`` carries on ``entry`` (after a blank line if ``blank``)."""
    last = entry.line(text)
    if blank:
        if entry.kind == "text":
            return False
        return (
            bool(OPENER.search(last))
            or bool(_CONNECTOR.fullmatch(line))
            or bool(_CONNECTOR.fullmatch(last))
        )
    if _LIST_ITEM.match(line):
        return entry.kind != "text" and bool(OPENER.search(last)) and entry.kind != "item"
    return not (_SENTENCE_END.search(last) and line[0].isupper())


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Trimmed ``(start, end)`` of each line of ``text[start:end]``; blank lines as (a, a)."""
    position = start
    while position < end:
        stop = text.find("\n", position, end)
        stop = end if stop < 0 else stop
        piece = text[position:stop]
        a = position + len(piece) - len(piece.lstrip())
        b = position + len(piece.rstrip())
        yield (a, b) if b > a else (a, a)
        position = stop + 1
