"""Cutting a stretch of text at spaces (or inside one huge word) into spans within a token limit."""

from __future__ import annotations

import re
from collections.abc import Callable

from indexer.chunking.tokens import CountTokens

_WORD = re.compile(r"\S+")


def _skip_space(text: str, i: int, end: int) -> int:
    while i < end and text[i].isspace():
        i += 1
    return i


def _trim_end(text: str, start: int, i: int) -> int:
    while i > start and text[i - 1].isspace():
        i -= 1
    return i


def cap_spans(
    text: str, s: int, e: int, limit: int, count: CountTokens
) -> list[tuple[int, int, int]]:
    """Cut ``text[s:e]`` at spaces (or, for one huge word, anywhere) into spans of at most
    ``limit`` tokens: (start, end, tokens). Only a single character over the limit can exceed it.
    """
    spans = []
    s, e = _skip_space(text, s, e), _trim_end(text, s, e)
    while s < e:
        cut, tokens = _longest_prefix(text, s, e, limit, count)
        spans.append((s, cut, tokens))
        s = _skip_space(text, cut, e)
    return spans


def _longest_prefix(text: str, s: int, e: int, limit: int, count: CountTokens) -> tuple[int, int]:
    """The furthest cut after ``s`` keeping ``text[s:cut]`` within ``limit``, and its tokens."""
    window = 8 * limit
    while True:  # grow a window until it holds more than the limit, or all the text
        stop = _trim_end(text, s, min(e, s + window))
        tokens = count(text[s:stop])
        if stop == e and tokens <= limit:
            return e, tokens
        if tokens > limit:
            break
        window *= 2
    stop = min(e, s + window)
    ends = [m.end() for m in _WORD.finditer(text, s, stop)]
    if stop < e and ends and ends[-1] == stop and not text[stop].isspace():
        ends.pop()  # that word goes on beyond the window
    if not ends or count(text[s : ends[0]]) > limit:
        first = ends[0] if ends else stop
        ends = list(range(s + 1, first + 1))  # one word too long: cut inside it
    best = _last_fitting(ends, lambda cut: count(text[s:cut]) <= limit)
    return ends[best], count(text[s : ends[best]])


def _last_fitting(candidates: list[int], fits: Callable[[int], bool]) -> int:
    """Binary search for the last candidate that fits; the first one is taken regardless."""
    lo, hi = 0, len(candidates) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(candidates[mid]):
            lo = mid
        else:
            hi = mid - 1
    return lo
