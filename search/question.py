"""A question (or search query) analysed once per request: its vector, its BM25 terms, the
series and periods it names, whether it asks for a decision, and what it asks about.

What the hints already match is left out of the rankings: the words naming a series are not
embedded or looked up (the series hint favours that series' passages, and its name is in
every one of them), and a period ("hösten 2019") is not looked up either (the time hint
favours its meetings; the words would favour the passages that spell a date out).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cached_property

import numpy as np

from indexer.lexical import Vocabulary, analyze
from indexer.lexicon import (
    DECISION_QUESTION,
    ENGLISH_STOP_WORDS,
    HOW_MUCH,
    QUESTION_SCAFFOLDING,
    STOP_WORDS,
)
from search.question_hints import Span, named_series, series_spans, time_spans
from search.results import NO_FILTERS, Filters

_DECISION_WORDS = re.compile(rf"\b(?:{DECISION_QUESTION})", re.IGNORECASE)
_SCAFFOLDING = re.compile(rf"\b(?:{QUESTION_SCAFFOLDING})\b", re.IGNORECASE)
_HOW_MUCH = re.compile(HOW_MUCH, re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]+")


def asks_for_decision(text: str) -> bool:
    """Whether a question asks what was decided, elected, granted or rejected."""
    return bool(_DECISION_WORDS.search(text))


class Question:
    """``text`` with what retrieval and answering need of it, each worked out on first use,
    the ``filters`` it is asked within (an answer that finds nothing names them), and the
    ``series_names`` of the index it may name."""

    def __init__(
        self,
        text: str,
        embed_query: Callable[[str], np.ndarray],
        vocabulary: Vocabulary | None = None,
        filters: Filters = NO_FILTERS,
        series_names: Sequence[str] = (),
    ):
        self.text = text
        self.filters = filters
        self._embed_query = embed_query
        self._vocabulary = vocabulary
        self._series_names = series_names

    @cached_property
    def series(self) -> list[str]:
        """The series the question names (display names or folders of the index)."""
        return named_series(self.text, self._series_names)

    @cached_property
    def vector(self) -> np.ndarray:
        """The embedding of the question without its series' names, as a query."""
        return self._embed_query(_without(self.text, self._series_spans))

    @cached_property
    def terms(self) -> list[str]:
        """The BM25 terms of the question without its series' names, periods and how it asks
        ("vad sa … om"; an English question's function words): stems, and compound parts
        split as the passages were."""
        matched = _without(self.text, self._hinted_spans + self._scaffolding_spans)
        if not self.is_swedish:  # "the", "in" and "a" are not what it asks about
            matched = " ".join(w for w in matched.split() if w.lower() not in ENGLISH_STOP_WORDS)
        return analyze(matched, self._vocabulary)

    @cached_property
    def _series_spans(self) -> list[Span]:
        return series_spans(self.text, self.series)

    @cached_property
    def _hinted_spans(self) -> list[Span]:
        """Where the question names its series and periods (the hints stand for them)."""
        return self._series_spans + time_spans(self.text)

    @cached_property
    def _scaffolding_spans(self) -> list[Span]:
        """Where the question says how it asks ("vad sa … om", "fick")."""
        return [m.span() for m in _SCAFFOLDING.finditer(self.text)]

    @cached_property
    def is_swedish(self) -> bool:
        """Whether the question is Swedish: not made more of English function words than of
        Swedish ones ("Who was elected chair in 2019?" is English)."""
        words = _LETTERS.findall(self.text.lower())
        english = sum(word in ENGLISH_STOP_WORDS for word in words)
        return english <= sum(word in STOP_WORDS for word in words)

    @cached_property
    def asks_for_decision(self) -> bool:
        return asks_for_decision(self.text)

    @cached_property
    def asked_about(self) -> str:
        """The question without its series' names, periods, how it asks and its decision
        words, for judging a sentence of a passage: a passage's text seldom repeats its
        meeting's series or date, and "fick", "hur många" or "beslutades" is not what is asked
        about ("Vem är kassör i Ludd?" asks about "kassör")."""
        how = [m.span() for m in _HOW_MUCH.finditer(self.text)]
        asked = _without(self.text, self._hinted_spans + self._scaffolding_spans + how)
        return _DECISION_WORDS.sub(" ", asked)

    def stems(self, text: str) -> frozenset[str]:
        """The stems of ``text`` and of its compounds' heads, split as the index splits them
        ("mötesordförande" holds "ordförande")."""
        return frozenset(analyze(text, self._vocabulary, heads_only=True))

    def __repr__(self) -> str:
        return f"Question({self.text!r})"


def _without(text: str, spans: list[Span]) -> str:
    """``text`` without the spans; all of it when nothing else would be left."""
    kept = list(text)
    for start, end in spans:
        kept[start:end] = " " * (end - start)
    rest = " ".join("".join(kept).split())
    return rest if rest.strip(" ?!.,") else text
