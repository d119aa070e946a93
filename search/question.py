"""A question (or search query) analysed once per request: its vector, its BM25 terms, and
whether (and about what) it asks for a decision."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property

import numpy as np

from indexer.lexical import Vocabulary, analyze
from indexer.lexicon import DECISION_QUESTION
from search.results import NO_FILTERS, Filters

_DECISION_WORDS = re.compile(rf"\b(?:{DECISION_QUESTION})", re.IGNORECASE)


def asks_for_decision(text: str) -> bool:
    """Whether a question asks what was decided, elected, granted or rejected."""
    return bool(_DECISION_WORDS.search(text))


class Question:
    """``text`` with what retrieval and answering need of it, each worked out on first use,
    and the ``filters`` it is asked within (an answer that finds nothing names them)."""

    def __init__(
        self,
        text: str,
        embed_query: Callable[[str], np.ndarray],
        vocabulary: Vocabulary | None = None,
        filters: Filters = NO_FILTERS,
    ):
        self.text = text
        self.filters = filters
        self._embed_query = embed_query
        self._vocabulary = vocabulary

    @cached_property
    def vector(self) -> np.ndarray:
        """The question's embedding, as a query of the snapshot's model."""
        return self._embed_query(self.text)

    @cached_property
    def terms(self) -> list[str]:
        """The question's BM25 terms: stems, and compound parts split as the passages were."""
        return analyze(self.text, self._vocabulary)

    @cached_property
    def asks_for_decision(self) -> bool:
        return asks_for_decision(self.text)

    @cached_property
    def topic(self) -> str:
        """The question without its decision words: "beslutades" is not what it is about."""
        return _DECISION_WORDS.sub(" ", self.text)

    def __repr__(self) -> str:
        return f"Question({self.text!r})"
