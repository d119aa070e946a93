"""Answerers: plug-ins that turn retrieved passages into a cited answer.

An answerer is any object with a ``name`` and ``answer(question, hits) -> Answer`` (see
``base.Answerer``). ``make_answerer`` picks one from the settings: the extractive answerer
by default, or the LLM answerer with the extractive one as its fallback when an endpoint is
configured. Offline, the decision answerer answers questions about decisions.
A new answerer is one new module here and one entry in ``make_answerer``.
"""

from __future__ import annotations

from search.answerers.base import Answerer, AnswerUnavailable, FallbackAnswerer
from search.answerers.decisions import DecisionAnswerer, FindDecisions
from search.answerers.extractive import ExtractiveAnswerer, SentenceSource
from search.answerers.llm import LLMAnswerer
from search.settings import Settings

__all__ = [
    "AnswerUnavailable",
    "Answerer",
    "DecisionAnswerer",
    "ExtractiveAnswerer",
    "FallbackAnswerer",
    "LLMAnswerer",
    "make_answerer",
]


def make_answerer(
    settings: Settings, sentences: SentenceSource, find_decisions: FindDecisions | None = None
) -> Answerer:
    """The answerer the settings ask for, answering from the ``sentences`` of the snapshot.

    Offline, it is the extractive answerer, behind the decision answerer when
    ``find_decisions`` is given. With an LLM endpoint configured, the LLM answers and that
    offline answerer is its fallback.
    """
    offline: Answerer = ExtractiveAnswerer(sentences)
    if find_decisions is not None:
        offline = DecisionAnswerer(find_decisions, offline)
    if not (settings.llm_base_url and settings.llm_model):
        return offline
    llm = LLMAnswerer(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key,
        timeout=settings.llm_timeout,
    )
    return FallbackAnswerer(llm, offline)
