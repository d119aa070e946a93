"""Remove the leftovers of document conversion from extracted text."""

from __future__ import annotations

import re
import unicodedata

_SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_LINE_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def _translation_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {c: None for c in [*range(0x20), *range(0x7F, 0xA0)]}
    del table[ord("\t")], table[ord("\n")], table[ord("\r")]
    table.update({ord(c): "\n" for c in _LINE_BREAKS})
    table.update({ord(c): " " for c in _SPACES})
    table.update({ord(c): None for c in _INVISIBLE})
    table.update({ord(c): s for c, s in _LIGATURES.items()})
    table.update({c: None for c in range(0xD800, 0xE000)})  # lone surrogates cannot be stored
    return table


_TABLE = _translation_table()
# A soft hyphen between digits or opening a line stands for a visible dash (seen in PDF exports).
_DASH_LIKE_SOFT_HYPHEN = re.compile(r"(?<=\d)\u00ad(?=\d)|^\u00ad(?=[ \t\u00a0])", re.MULTILINE)
_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Return ``text`` without conversion artefacts, with plain spaces and LF line ends, NFC."""
    text = _DASH_LIKE_SOFT_HYPHEN.sub("-", text).translate(_TABLE)
    while True:
        without_bookmarks = _BOOKMARK.sub("", text)
        if without_bookmarks == text:
            break
        text = without_bookmarks
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_LINES.sub("\n\n", text).strip("\n")
    return unicodedata.normalize("NFC", text)
