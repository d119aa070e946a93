"""Answers with citations: the extractive answerer (offline, the default) and the Answer type.

The extractive answerer splits the best passages into sentences, scores each against the
question (embedding similarity, the share of the question's specific words it holds, the
passage's rank, and decision language when the question asks what was decided), keeps the
best few and groups them by meeting in date order, each cited as [n]. When no sentence holds
enough of what is specific to the question, it abstains: the embedding similarities of a
small model are too alike between near misses and answers to tell them apart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from indexer.embedders import Embedder
from indexer.lexical import analyze
from indexer.sentences import split_sentences
from search.llm import LLMUnavailable, build_messages, complete, renumber_citations
from search.passage_sentences import Sentence, display, passage_sentences
from search.question_terms import coverage, term_weights
from search.results import Hit, MeetingRef, Passage

# The least share of the question's specific words (question_terms.coverage) that one
# sentence must hold for an answer; tuned with benchmarks/tune_abstention.py.
MIN_COVERAGE = 0.085
PASSAGES = 8  # how many of the best hits are read for sentences
_MARGIN = 0.06  # sentences scoring this much below the best one are left out
_DUPLICATE = 0.85  # share of word stems above which two sentences say the same
# Weights added to the embedding similarity: coverage, rank prior, decision language.
_W_COVERAGE, _W_RANK, _W_DECISION = 0.2, 0.15, 0.06

_DECISION_QUESTION = re.compile(
    r"\b(?:beslut\w*|bestäm\w*|vad blev|kom\w* fram till|bifö?ll\w*|bevilja\w*|godkän\w*)",
    re.IGNORECASE,
)
_DECISION_SENTENCE = re.compile(
    r"\b(?:beslut\w*|bifalles|bifalls|bifölls|biföll|avslås|avslogs|fastställ\w*|ska|skall"
    r"|kommer att|uppdrar|uppdrogs|uppdras|antogs|antas|godkän\w*|bevilja\w*|valdes|väljs)\b",
    re.IGNORECASE,
)
_QUESTION_WORDS = frozenset(
    ["vad", "vem", "vems", "vilka", "vilken", "vilket", "när", "hur", "var", "varför", "vart"]
)


@dataclass
class Citation:
    """The passage cited as [n], and the sentence(s) the answer took from it."""

    n: int
    passage: Passage
    quote: str

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "passage_id": self.passage.id,
            "quote": self.quote,
            "page": self.passage.page,
            "document": self.passage.document.to_json(),
            "meeting": self.passage.meeting.to_json(),
        }


@dataclass
class Answer:
    """An answer (or an abstention) with its citations and the hits it was made from."""

    question: str
    answered: bool
    text: str
    mode: Literal["extractive", "llm"]
    citations: list[Citation]
    hits: list[Hit]
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "question": self.question,
            "answered": self.answered,
            "answer": self.text,
            "mode": self.mode,
            "citations": [c.to_json() for c in self.citations],
            "results": [h.to_json() for h in self.hits],
        }
        if self.note:
            data["note"] = self.note
        return data


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


def abstention_text(question: str, has_hits: bool = True) -> str:
    """What the answer says when the minutes do not answer ``question``."""
    text = f"Jag hittar inget om ”{_topic(question)}” i protokollen."
    return text + " Här är de närmaste avsnitten:" if has_hits else text


def _topic(question: str) -> str:
    topic = question.strip().rstrip("?").strip()
    first = topic.split(maxsplit=1)[0] if topic else ""
    return topic[0].lower() + topic[1:] if first.lower() in _QUESTION_WORDS else topic


def rank_sentences(question: str, hits: Sequence[Hit], embedder: Embedder) -> list[ScoredSentence]:
    """The sentences of the best hits, scored against ``question``, best first."""
    top = list(hits)[:PASSAGES]
    sentences = _candidates(top)
    if not sentences:
        return []
    vectors = embedder.embed_passages([s.sentence.embedding_text for s in sentences])
    similarities = vectors @ embedder.embed_query(question)
    decision = bool(_DECISION_QUESTION.search(question))
    topic = _DECISION_QUESTION.sub(" ", question)  # "beslutades" is what the boost is for
    weights = term_weights(topic, [f"{h.passage.section or ''} {h.passage.text}" for h in top])
    for sentence, similarity in zip(sentences, similarities, strict=True):
        sentence.similarity = float(similarity)
        sentence.coverage = coverage(weights, sentence.stems)
        position = sentence.hit.rank if sentence.hit.rank >= 1 else PASSAGES
        prior = max(0.0, 1 - (position - 1) / PASSAGES)
        decides = decision and bool(_DECISION_SENTENCE.search(sentence.text))
        sentence.score = (
            sentence.similarity
            + _W_COVERAGE * sentence.coverage
            + _W_RANK * prior
            + _W_DECISION * decides
        )
    return sorted(sentences, key=lambda s: -s.score)


def _candidates(hits: Sequence[Hit]) -> list[ScoredSentence]:
    """The sentences of the hits, each text once (overlapping passages repeat sentences)."""
    seen: set[str] = set()
    found = []
    for hit in hits:
        for sentence in passage_sentences(hit.passage):
            key = sentence.shown.casefold()
            if key not in seen:
                seen.add(key)
                found.append(ScoredSentence(hit, sentence, frozenset(analyze(sentence.shown))))
    return found


def confidence(ranked: Sequence[ScoredSentence]) -> float:
    """How much of the question the best-covering sentence holds (0 when there is none)."""
    return max((s.coverage for s in ranked), default=0.0)


def extractive_answer(
    question: str,
    hits: Sequence[Hit],
    embedder: Embedder,
    *,
    max_sentences: int = 3,
    min_coverage: float = MIN_COVERAGE,
) -> Answer:
    """Answer from the best sentences of ``hits``; abstain when no sentence holds
    ``min_coverage`` of what is specific to the question."""
    hits = list(hits)
    ranked = rank_sentences(question, hits, embedder)
    if confidence(ranked) < min_coverage:
        return Answer(
            question, False, abstention_text(question, bool(hits)), "extractive", [], hits
        )
    text, citations = compose(_choose(ranked, max_sentences))
    return Answer(question, True, text, "extractive", citations, hits)


def _choose(ranked: list[ScoredSentence], limit: int) -> list[ScoredSentence]:
    """The best sentences near the top score, leaving out any that repeat a chosen one."""
    chosen: list[ScoredSentence] = []
    for sentence in ranked:
        if len(chosen) == limit or sentence.score < ranked[0].score - _MARGIN:
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


def meeting_label(meeting: MeetingRef) -> str:
    """The meeting as an answer names it: "Titel (2021-05-19)", "Titel (utan datum)"…"""
    if meeting.date is None:
        return f"{meeting.title} (utan datum)"
    if meeting.date.isoformat() in meeting.title:
        return meeting.title
    if meeting.date_end and meeting.date_end != meeting.date:
        return f"{meeting.title} ({meeting.date.isoformat()}–{meeting.date_end.isoformat()})"
    return f"{meeting.title} ({meeting.date.isoformat()})"


def llm_answer(
    question: str,
    hits: Sequence[Hit],
    *,
    base_url: str,
    model: str,
    api_key: str | None,
    timeout: float,
    fallback: Callable[[], Answer],
) -> Answer:
    """Ask a language model, giving it the best passages numbered; on failure, the answer
    ``fallback`` makes (only then, so the extractive answer is not worked out for nothing)."""
    hits = list(hits)
    passages = [hit.passage for hit in hits[:PASSAGES]]
    messages = build_messages(question, passages)
    try:
        reply = complete(messages, base_url=base_url, model=model, api_key=api_key, timeout=timeout)
    except LLMUnavailable as error:
        note = f"Språkmodellen kunde inte nås ({error}); visar det extraktiva svaret."
        return replace(fallback(), note=note)
    text, cited, unknown = renumber_citations(reply, len(passages))
    claims = [text[a:b] for a, b in split_sentences(text)]
    citations = [
        Citation(n, passages[given - 1], _quote(passages[given - 1], _citing(claims, n)))
        for n, given in enumerate(cited, 1)
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


def _quote(passage: Passage, claim: str) -> str:
    """The passage's sentence sharing the most word stems with ``claim``."""
    stems = set(analyze(claim))
    spans = split_sentences(passage.text) or [(0, len(passage.text))]
    texts = [display(passage.text[a:b]) for a, b in spans]
    return max(texts, key=lambda t: len(stems & set(analyze(t))))
