"""The extractive answerer (offline, the default): the best sentences of the best passage.

It reads the sentences of the best passages from the snapshot (split and embedded when it
was built, so answering embeds only the question) and scores each against the question:
embedding similarity, the share of the question's specific words it holds, whether it holds
what the question asks for (a date for "när", a name or role for "vem", a number for "hur
många"; ``answer_kinds``), and decision language when the question asks what was decided.
The answer quotes the best few sentences of the best-ranked passage that has one that is
more than a heading or a label: the retrieval's ranking (dense and BM25 fused, with the
question's hints) picks the passage holding the answer more often than a sentence's own
scores do (make eval: the first citation holds the answer for 0.49 and 0.53 of the
questions, against 0.41 and 0.43 when every sentence of the best 8 passages competed).
When no sentence of those passages holds enough of what is specific to the question, it
abstains: the embedding similarities of a small model are too alike between near misses and
answers to tell them apart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from indexer.documents import Sentence
from indexer.lexicon import DECISION_LANGUAGE
from search.answer_kinds import AnswerKind, answer_kind, holds_answer, is_label
from search.answers import Answer, Citation, abstention_text, meeting_label
from search.question import Question
from search.question_terms import MIN_COVERAGE, coverage, term_weights
from search.results import Hit, MeetingRef, Passage
from search.snapshot import PassageSentences

PASSAGES = 8  # how many of the best hits are read for sentences
_MARGIN = 0.06  # sentences scoring this much below the best one are left out
_DUPLICATE = 0.85  # share of word stems above which two sentences say the same
# Weights added to the embedding similarity: coverage, the asked kind of answer, decision
# language.
_W_COVERAGE, _W_KIND, _W_DECISION = 0.2, 0.05, 0.06

_DECISION_SENTENCE = re.compile(rf"\b(?:{DECISION_LANGUAGE})\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")


class SentenceSource(Protocol):
    """Where the stored sentences of passages and their vectors come from: the snapshot."""

    def sentences_of(self, rows: Iterable[int]) -> dict[int, PassageSentences]: ...


@dataclass
class ScoredSentence:
    """A sentence of a hit's passage and how well it answers the question."""

    hit: Hit
    sentence: Sentence
    stems: frozenset[str]
    similarity: float = 0.0  # embedding similarity to the question
    coverage: float = 0.0  # share of the question's specific words it holds
    score: float = 0.0

    @property
    def passage(self) -> Passage:
        return self.hit.passage

    @property
    def text(self) -> str:
        return self.sentence.shown


def rank_sentences(
    question: Question, hits: Sequence[Hit], source: SentenceSource
) -> list[ScoredSentence]:
    """The sentences of the best hits, scored against ``question``, best first."""
    top = list(hits)[:PASSAGES]
    sentences, vectors = _candidates(
        top, source.sentences_of(h.passage.row for h in top), question.stems
    )
    if not sentences:
        return []
    similarities = vectors @ question.vector
    decision = question.asks_for_decision
    kind = answer_kind(question.text)
    texts = [f"{h.passage.section or ''} {h.passage.text}" for h in top]
    weights = term_weights(question.asked_about, texts)
    for sentence, similarity in zip(sentences, similarities, strict=True):
        sentence.similarity = float(similarity)
        sentence.coverage = coverage(weights, sentence.stems)
        typed = kind is not AnswerKind.OTHER
        answers = typed and holds_answer(kind, _without_words_of(question.text, sentence.text))
        decides = decision and bool(_DECISION_SENTENCE.search(sentence.text))
        sentence.score = (
            sentence.similarity
            + _W_COVERAGE * sentence.coverage
            + _W_KIND * answers
            + _W_DECISION * decides
        )
    return sorted(sentences, key=lambda s: -s.score)


def _without_words_of(question: str, sentence: str) -> str:
    """``sentence`` without the words of the question: a date or name the question itself
    gives ("mötet 2019", "Anna") is not the answer to it."""
    asked = {word.casefold() for word in _WORD.findall(question)}
    return _WORD.sub(lambda m: " " if m[0].casefold() in asked else m[0], sentence)


def _candidates(
    hits: Sequence[Hit],
    stored: dict[int, PassageSentences],
    stems_of: Callable[[str], frozenset[str]],
) -> tuple[list[ScoredSentence], np.ndarray]:
    """The sentences of the hits, each text once (overlapping passages repeat sentences), with
    their stems (``stems_of``), and their vectors."""
    seen: set[str] = set()
    found = []
    vectors = []
    for hit in hits:
        of_passage = stored[hit.passage.row]
        for sentence, vector in zip(of_passage.sentences, of_passage.vectors, strict=True):
            key = sentence.shown.casefold()
            if key not in seen:
                seen.add(key)
                found.append(ScoredSentence(hit, sentence, stems_of(sentence.shown)))
                vectors.append(vector)
    return found, np.array(vectors, dtype=np.float32)


def confidence(ranked: Sequence[ScoredSentence]) -> float:
    """How much of the question the best-covering sentence holds (0 when there is none)."""
    return max((s.coverage for s in ranked), default=0.0)


class ExtractiveAnswerer:
    """Answers from the best sentences of the hits; abstains when no sentence holds
    ``min_coverage`` of what is specific to the question."""

    name = "extractive"

    def __init__(
        self, source: SentenceSource, *, max_sentences: int = 3, min_coverage: float = MIN_COVERAGE
    ):
        self.source = source
        self.max_sentences = max_sentences
        self.min_coverage = min_coverage

    def answer(self, question: Question, hits: Sequence[Hit]) -> Answer:
        hits = list(hits)
        ranked = rank_sentences(question, hits, self.source)
        # The share of the question's words a sentence holds says nothing when the question
        # is not in the minutes' language: then the best passage answers.
        if question.is_swedish and confidence(ranked) < self.min_coverage:
            text = abstention_text(question.text, bool(hits), question.filters)
            return Answer(question.text, False, text, "extractive", [], hits)
        text, citations = compose(_choose(ranked, self.max_sentences))
        return Answer(question.text, True, text, "extractive", citations, hits)


def _choose(ranked: list[ScoredSentence], limit: int) -> list[ScoredSentence]:
    """The best sentences of the best-ranked passage that has one that is more than a label,
    near that passage's top score, leaving out any that repeat a chosen one."""
    usable = [s for s in ranked if not is_label(s.text)] or ranked
    best_hit = min((s.hit for s in usable), key=lambda hit: hit.rank)
    own = [s for s in usable if s.hit is best_hit]
    chosen: list[ScoredSentence] = []
    for sentence in own:
        if len(chosen) == limit or sentence.score < own[0].score - _MARGIN:
            break
        if not any(_similar(sentence, other) for other in chosen):
            chosen.append(sentence)
    return chosen


def _similar(a: ScoredSentence, b: ScoredSentence) -> bool:
    union = a.stems | b.stems
    return bool(union) and len(a.stems & b.stems) / len(union) >= _DUPLICATE


def compose(sentences: Sequence[ScoredSentence]) -> tuple[str, list[Citation]]:
    """The answer text, one paragraph per meeting in date order, and its numbered citations."""
    citations: dict[str, Citation] = {}
    paragraphs = []
    for meeting, group in _by_meeting(sentences):
        parts: list[str] = []
        shown: set[str] = set()  # what the run of sentences from one passage has said so far
        for sentence, after in zip(group, [*group[1:], None], strict=True):
            passage = sentence.passage
            if passage.id not in citations:
                citations[passage.id] = Citation(len(citations) + 1, passage, "")
            citation = citations[passage.id]
            parent = sentence.sentence.parent
            piece = _full_stop(sentence.sentence.text if parent in shown else sentence.text)
            shown.add(sentence.sentence.text)
            if parent:
                shown.add(parent)
            citation.quote = f"{citation.quote} {piece}".strip()
            citation.spans.append((sentence.sentence.start, sentence.sentence.end))
            if after is None or after.passage.id != passage.id:
                piece = f"{piece} [{citation.n}]"
                shown = set()
            parts.append(piece)
        paragraphs.append(f"{meeting_label(meeting)}: {' '.join(parts)}")
    return "\n\n".join(paragraphs), list(citations.values())


def _full_stop(text: str) -> str:
    """``text`` ending like a sentence, so that list items read well one after another."""
    return text if text[-1] in ".!?…:;" else f"{text}."


def _by_meeting(
    sentences: Sequence[ScoredSentence],
) -> list[tuple[MeetingRef, list[ScoredSentence]]]:
    """The sentences grouped by meeting, meetings by date (undated last), sentences in order."""
    groups: dict[str, list[ScoredSentence]] = {}
    for sentence in sentences:
        groups.setdefault(sentence.passage.meeting.id, []).append(sentence)
    ordered = []
    for group in groups.values():
        group.sort(key=lambda s: (s.passage.document.path, s.passage.start + s.sentence.start))
        ordered.append((group[0].passage.meeting, group))
    ordered.sort(key=lambda item: (item[0].date or dt.date.max, item[0].title))
    return ordered
