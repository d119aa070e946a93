"""Answerers: plug-ins that turn retrieved passages into a cited answer.

An answerer is any object with a ``name`` and ``answer(question, hits) -> Answer`` (see
``base.Answerer``). ``make_answerer`` picks one from the settings: the extractive answerer
by default, or the LLM answerer with the extractive one as its fallback when an endpoint is
configured. A new answerer is one new module here and one entry in ``make_answerer``.
"""

from __future__ import annotations

from indexer.embedders import Embedder
from search.answerers.base import Answerer, AnswerUnavailable, FallbackAnswerer
from search.answerers.extractive import ExtractiveAnswerer
from search.answerers.llm import LLMAnswerer
from search.settings import Settings

__all__ = [
    "AnswerUnavailable",
    "Answerer",
    "ExtractiveAnswerer",
    "FallbackAnswerer",
    "LLMAnswerer",
    "make_answerer",
]


def make_answerer(settings: Settings, embedder: Embedder) -> Answerer:
    """The answerer the settings ask for, with the snapshot's ``embedder``."""
    extractive = ExtractiveAnswerer(embedder)
    if not (settings.llm_base_url and settings.llm_model):
        return extractive
    llm = LLMAnswerer(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key,
        timeout=settings.llm_timeout,
    )
    return FallbackAnswerer(llm, extractive)
