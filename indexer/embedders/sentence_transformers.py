"""Any sentence-transformers model (the optional ``transformers`` extra, with PyTorch)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from indexer.embedders import BATCH_SIZE, ModelLoadError, UnknownModel

_ST_MISSING = (
    "the sentence-transformers backend is not installed: pip install 'minutes[transformers]'"
)


def check_sentence_transformer(rest: str) -> None:
    """A spec names a model (``sentence-transformers:<name>``); whether it loads is seen then."""
    if not rest.strip():
        raise UnknownModel()


def load_sentence_transformer(rest: str) -> SentenceTransformerEmbedder:
    """The factory of ``sentence-transformers:<name>`` and ``st:<name>``."""
    check_sentence_transformer(rest)
    return SentenceTransformerEmbedder(rest.strip())


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, from a local folder or the Hugging Face hub/cache."""

    def __init__(self, name: str) -> None:
        st = _import_sentence_transformers()
        folder = _local_folder(name)
        source = str(folder) if folder else name
        self.model_id = "sentence-transformers:" + source
        self._model = _load_model(st, name, folder)
        dimension = getattr(self._model, "get_embedding_dimension", None)
        dim = (dimension or self._model.get_sentence_embedding_dimension)()
        if not dim:
            raise ModelLoadError(f"the model {name!r} does not say how long its vectors are")
        self.dim: int = int(dim)
        self._query_prompt, self._passage_prompt = _prompts(self._model, source)

    def _encode(self, texts: list[str], prompt: str) -> np.ndarray:
        vectors = self._model.encode(
            texts,
            prompt=prompt,
            batch_size=BATCH_SIZE,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(list(texts), self._passage_prompt)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text], self._query_prompt)[0]

    def count_tokens(self, text: str) -> int:
        """Model tokens of ``text`` as a passage, prompt and special tokens included."""
        encoded = self._model.tokenizer(self._passage_prompt + text, verbose=False)
        return len(encoded["input_ids"])


def _import_sentence_transformers() -> Any:
    try:
        import sentence_transformers
    except ImportError as exc:
        raise ModelLoadError(_ST_MISSING) from exc
    return sentence_transformers


def _local_folder(name: str) -> Path | None:
    """The model folder ``name`` points to, or None when ``name`` is a hub model id."""
    path = Path(name).expanduser()
    if path.is_dir():
        return path.resolve()
    if path.exists() or path.is_absolute() or name.startswith((".", "~")):
        raise ModelLoadError(f"the embedding model folder {name!r} does not exist")
    return None


def _load_model(st: Any, name: str, folder: Path | None) -> Any:
    """Load from ``folder``, else from the local hub cache, else (when online) from the hub."""
    try:
        if folder is not None:
            return st.SentenceTransformer(str(folder), local_files_only=True)
        try:
            return st.SentenceTransformer(name, local_files_only=True)
        except OSError:
            if _offline():
                raise
            return st.SentenceTransformer(name)
    except Exception as exc:
        raise ModelLoadError(_load_failure(name, folder, exc)) from exc


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def _load_failure(name: str, folder: Path | None, exc: Exception) -> str:
    if folder is not None:
        return f"could not load the embedding model in folder {name!r}: {exc}"
    where = "it is not in the local Hugging Face cache"
    if not _offline():
        where += " and could not be downloaded (set HF_HUB_OFFLINE=1 to skip the download)"
    return f"could not load the embedding model {name!r}: {where}. Details: {exc}"


def _prompts(model: Any, name: str) -> tuple[str, str]:
    """(query prompt, passage prompt): the model's own, else e5's prefixes for e5 models."""
    own = {key: value for key, value in (model.prompts or {}).items() if value}
    query = own.get("query", "")
    passage = own.get("document") or own.get("passage") or own.get("corpus") or ""
    if query or passage:
        return query, passage
    if "e5" in Path(name).name.lower():
        return "query: ", "passage: "
    return "", ""
