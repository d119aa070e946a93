"""A question (or search query) analysed once per request: its vector and its BM25 terms."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

import numpy as np

from indexer.lexical import Vocabulary, analyze


class Question:
    """``text`` with what retrieval and answering need of it, each worked out on first use."""

    def __init__(
        self,
        text: str,
        embed_query: Callable[[str], np.ndarray],
        vocabulary: Vocabulary | None = None,
    ):
        self.text = text
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

    def __repr__(self) -> str:
        return f"Question({self.text!r})"
