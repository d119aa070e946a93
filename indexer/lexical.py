"""Swedish text analysis for the lexical (BM25) side: words, stop words, stems."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_SWEDISH

_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = frozenset(STOPWORDS_SWEDISH) | {"bl", "t", "ex", "m", "fl", "osv", "ca", "dvs"}
_stemmer = Stemmer.Stemmer("swedish")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """Lower-cased words of ``text`` that carry meaning (no stop words, no lone characters)."""
    return [w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in _STOP]


def analyze(text: str) -> list[str]:
    """The BM25 terms of ``text``: Swedish stems of its meaningful words."""
    return [_stem(w) for w in words(text)]


def analyze_many(texts: Iterable[str]) -> list[list[str]]:
    """``analyze`` for each text."""
    return [analyze(text) for text in texts]
