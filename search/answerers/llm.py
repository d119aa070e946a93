"""The LLM answerer: an OpenAI-compatible model writes the answer from numbered passages.

Citations to passages it was not given are removed and noted; when the model cannot be
reached or fails, it raises AnswerUnavailable so that a fallback answerer answers instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.lexical import analyze
from indexer.passage_sentences import display, without_markup
from indexer.sentences import split_sentences
from search.answerers.base import AnswerUnavailable
from search.answerers.chat_completions import (
    LLMUnavailable,
    build_messages,
    complete,
    renumber_citations,
)
from search.answers import Answer, Citation
from search.question import Question
from search.results import Hit, Passage

PASSAGES = 8  # how many of the best hits the model is given


class LLMAnswerer:
    """Asks a chat-completions endpoint, giving it the best passages numbered from 1."""

    name = "llm"

    def __init__(self, *, base_url: str, model: str, api_key: str | None, timeout: float):
        self.base_url = base_url
        self.model = model
        self.api_key = api_key
        self.timeout = timeout

    def answer(self, question: Question, hits: Sequence[Hit]) -> Answer:
        hits = list(hits)
        if not hits:
            raise AnswerUnavailable(None)  # nothing to give the model: the fallback abstains
        passages = [hit.passage for hit in hits[:PASSAGES]]
        messages = build_messages(question.text, passages)
        try:
            reply = complete(
                messages,
                base_url=self.base_url,
                model=self.model,
                api_key=self.api_key,
                timeout=self.timeout,
            )
        except LLMUnavailable as error:
            note = f"Språkmodellen kunde inte nås ({error}); visar det extraktiva svaret."
            raise AnswerUnavailable(note) from error
        return _cited_answer(question.text, reply, passages, hits)


def _cited_answer(question: str, reply: str, passages: list[Passage], hits: list[Hit]) -> Answer:
    """The model's reply with its citations checked against the ``passages`` it was given."""
    text, cited, unknown = renumber_citations(reply, len(passages))
    claims = [text[a:b] for a, b in split_sentences(text)]
    citations = [
        _citation(n, passages[given - 1], _citing(claims, n)) for n, given in enumerate(cited, 1)
    ]
    note = None
    if unknown:
        removed = " ".join(f"[{number}]" for number in unknown)
        note = f"Tog bort hänvisningar till källor som inte fanns: {removed}"
    return Answer(question, bool(citations), text, "llm", citations, hits, note)


def _citing(claims: list[str], n: int) -> str:
    """The sentences of the answer that cite [n]."""
    cites = re.compile(rf"\[(?:\d+,\s*)*{n}(?:,\s*\d+)*\]")
    return " ".join(claim for claim in claims if cites.search(claim))


def _citation(n: int, passage: Passage, claim: str) -> Citation:
    """Passage [n], quoted by its sentence sharing the most word stems with ``claim``."""
    stems = set(analyze(claim))
    spans = split_sentences(passage.text) or [(0, len(passage.text))]
    start, end = max(spans, key=lambda s: len(stems & set(analyze(passage.text[s[0] : s[1]]))))
    start = without_markup(passage.text, start, end)
    return Citation(n, passage, display(passage.text[start:end]), [(start, end)])
