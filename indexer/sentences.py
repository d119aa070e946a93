"""Split Swedish text into sentences: abbreviations end none, lines and list items end one.

A full stop (or ! ? …) ends a sentence when the next word does not start in lower case and the
word before it is not a Swedish abbreviation ("bl.a.", "t.ex.", "ca", "dvs.") or an initial.
Minutes are often lists, so a line break ends a sentence too, unless the sentence is plainly
hard-wrapped: the next line carries on in lower case or with a number, or the line ends with a
comma, a hyphen or a small word such as "och" or "att".
"""

from __future__ import annotations

import re

from indexer.lexical import words
from indexer.lexicon import ABBREVIATIONS

_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_LINE_BREAK = re.compile(r"[ \t\r]*\n")
_NEXT = re.compile(r"\s*(\S)")
_LIST_ITEM = re.compile(r"\s*(?:[-*•·–]|§|\d{1,2}(?:\.\d{1,2})*[.)]|\d{1,2}(?:\.\d{1,2})+)\s")
_LAST_WORD = re.compile(r"\S+$")
_ITEM_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3})*")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Trimmed ``(start, end)`` spans of the sentences of ``text[start:end]``, in order."""
    end = len(text) if end is None else end
    ends = _SENTENCE_END.finditer(text, start, end)
    cuts = [m.end() for m in ends if _ends(text, m, start, end)]
    cuts += [m.start() for m in _LINE_BREAK.finditer(text, start, end) if _breaks(text, m, end)]
    cuts.sort()
    spans = []
    for a, b in zip([start, *cuts], [*cuts, end], strict=False):
        piece = text[a:b]
        a += len(piece) - len(piece.lstrip())
        b = a + len(piece.strip())
        if a < b:
            spans.append((a, b))
    return spans


def _ends(text: str, mark: re.Match[str], start: int, end: int) -> bool:
    """Whether the punctuation ``mark`` ends a sentence."""
    following = _NEXT.match(text, mark.end(), end)
    if following is None or following.group(1).islower():
        return False
    return not _is_abbreviation(text, start, mark.start())


def _breaks(text: str, line_end: re.Match[str], end: int) -> bool:
    """Whether the line break ``line_end`` ends a sentence (see the module docstring)."""
    following = _NEXT.match(text, line_end.end(), end)
    if following is None:
        return False
    if "\n" in following.group() or _LIST_ITEM.match(text, line_end.end(), end):
        return True
    before = text[line_end.start() - 1] if line_end.start() > 0 else "\n"
    if before == ":":
        return True
    first = following.group(1)
    if before in ",-" or first.islower() or first.isdigit():
        return False
    last_word = _LAST_WORD.search(text, max(0, line_end.start() - 30), line_end.start())
    small_word = before.isalpha() and last_word is not None and not words(last_word.group())
    return not small_word


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    """Whether the word ending with the full stop at ``dot`` is an abbreviation, an initial or
    the number of an item ("1.", "§ 4." at the start of a line)."""
    m = _LAST_WORD.search(text, max(start, dot - 30), dot + 1)
    if m is None:
        return False
    word = m.group().lstrip("([\"'“«").lower().rstrip(".")
    if _ITEM_NUMBER.fullmatch(word):
        line_start = max(start, text.rfind("\n", start, m.start()) + 1)
        return not text[line_start : m.start()].strip(" \t§")
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())
