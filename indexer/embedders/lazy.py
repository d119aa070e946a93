"""An embedder that loads its model on first use."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from indexer.embedders import Embedder, load_embedder


class LazyEmbedder:
    """Loads the model on first use, so runs that embed nothing never load it."""

    def __init__(self, model_id: str):
        self.model_id = model_id
        self._loaded: Embedder | None = None

    def _model(self) -> Embedder:
        if self._loaded is None:
            self._loaded = load_embedder(self.model_id)
        return self._loaded

    @property
    def dim(self) -> int:
        return self._model().dim

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._model().embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._model().embed_query(text)

    def count_tokens(self, text: str) -> int:
        return self._model().count_tokens(text)
