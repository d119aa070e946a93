"""A deterministic embedder without a model, for tests: ``fake:<dimension>`` (default 384).

Every word (a run of letters and digits, lower-cased) has its own random unit vector, seeded
by the BLAKE2b hash of the word. A text's vector is the sum of its words' vectors, normalised,
plus a small component seeded by the whole text (so different texts never share a vector),
normalised again. Texts that share words are close and texts that share none are nearly
orthogonal; the vectors are the same in every process and on every run, and cost no model.
Queries are embedded like passages.

For tests that must catch an index build half-way, the environment variable
``MINUTES_FAKE_EMBEDDER_STALL_AFTER=<n>`` makes the embedder stall once it has embedded ``n``
batches: the next ``embed_passages`` call writes ``fake embedder: stalled after <n> batches``
to stderr and then blocks until the process is killed (for at most ten minutes, then it fails).
A build has stored the vectors of those ``n`` batches in its cache when the line appears.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import sys
import time
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from indexer.embedders import ModelLoadError, UnknownModel

DEFAULT_DIM = 384
MAX_DIM = 8192
STALL_VARIABLE = "MINUTES_FAKE_EMBEDDER_STALL_AFTER"
STALL_SECONDS = 600.0
TEXT_WEIGHT = 0.1  # the whole text's component, against 1 for the (normalised) words

_WORD = re.compile(r"\w+")
_PUNCTUATION = re.compile(r"[^\w\s]")


def check_fake(rest: str) -> None:
    """``fake``, ``fake:`` or ``fake:<dimension>`` with a dimension from 1 to MAX_DIM."""
    _dimension(rest)


def load_fake(rest: str) -> FakeEmbedder:
    """The factory of ``fake``, ``fake:`` and ``fake:<dimension>``."""
    return FakeEmbedder(_dimension(rest))


def _dimension(rest: str) -> int:
    rest = rest.strip()
    if not rest:
        return DEFAULT_DIM
    if not rest.isascii() or not rest.isdigit() or not 1 <= int(rest) <= MAX_DIM:
        raise UnknownModel(f"the dimension must be a whole number from 1 to {MAX_DIM}")
    return int(rest)


def _seed(kind: str, text: str) -> int:
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8, person=kind.encode()).digest()
    return int.from_bytes(digest, "little")


def _unit(seed: int, dim: int) -> np.ndarray:
    vector = np.random.default_rng(seed).standard_normal(dim)
    return vector / np.linalg.norm(vector)


@lru_cache(maxsize=100_000)
def _word_vector(word: str, dim: int) -> np.ndarray:
    vector = _unit(_seed("word", word), dim)
    vector.flags.writeable = False
    return vector


def estimate_tokens(text: str) -> int:
    """A model-free token count: a token per four characters and about one per punctuation
    mark, plus four for the special tokens (the chunker's estimate for multilingual-e5)."""
    return 4 + math.ceil(len(text) / 4 + 1.2 * len(_PUNCTUATION.findall(text)))


class FakeEmbedder:
    """Hash-seeded bag-of-words vectors: deterministic, similar for texts sharing words."""

    def __init__(self, dim: int = DEFAULT_DIM):
        self.dim = dim
        self.model_id = f"fake:{dim}"
        self._stall_after = _stall_after()
        self._batches = 0

    def _vector(self, text: str) -> np.ndarray:
        words = np.zeros(self.dim)
        for word in _WORD.findall(text.lower()):
            words += _word_vector(word, self.dim)
        norm = np.linalg.norm(words)
        if norm > 0:
            words /= norm
        vector = words + TEXT_WEIGHT * _unit(_seed("text", text), self.dim)
        return (vector / np.linalg.norm(vector)).astype(np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if texts and self._stall_after is not None and self._batches >= self._stall_after:
            _stall(self._batches)
        self._batches += bool(texts)
        matrix = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            matrix[row] = self._vector(text)
        return matrix

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)


def _stall_after() -> int | None:
    value = os.environ.get(STALL_VARIABLE, "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise ModelLoadError(f"{STALL_VARIABLE} must be a number of batches, not {value!r}")
    return int(value)


def _stall(batches: int) -> None:
    print(f"fake embedder: stalled after {batches} batches", file=sys.stderr, flush=True)
    time.sleep(STALL_SECONDS)
    raise RuntimeError(f"the fake embedder stalled for {STALL_SECONDS:.0f} s and was not killed")
