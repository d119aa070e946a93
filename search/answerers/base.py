"""The Answerer interface, and the fallback that answers when another answerer cannot."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from search.answers import Answer
from search.question import Question
from search.results import Hit


class AnswerUnavailable(Exception):
    """An answerer could not answer (a model down, nothing to give it); ``note`` (Swedish,
    or None) tells the user why the fallback's answer is shown instead."""

    def __init__(self, note: str | None):
        super().__init__(note or "no answer")
        self.note = note


class Answerer(Protocol):
    """Turns a question and the passages retrieved for it into a cited answer."""

    name: str

    def answer(self, question: Question, hits: Sequence[Hit]) -> Answer:
        """The answer; raises AnswerUnavailable when this answerer cannot give one."""
        ...


class FallbackAnswerer:
    """The ``primary`` answer, or the ``fallback`` answer (with the reason) when it fails.

    The fallback is worked out only when needed, so a working primary costs nothing more.
    """

    def __init__(self, primary: Answerer, fallback: Answerer):
        self.primary = primary
        self.fallback = fallback
        self.name = primary.name

    def answer(self, question: Question, hits: Sequence[Hit]) -> Answer:
        try:
            return self.primary.answer(question, hits)
        except AnswerUnavailable as error:
            answer = self.fallback.answer(question, hits)
            return replace(answer, note=error.note) if error.note else answer
