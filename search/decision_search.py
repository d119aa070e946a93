"""Find decisions: ranked for a question, or listed by date as a decision log.

A decision is ranked by reciprocal rank fusion of three rankings: its own vector against the
question's, BM25 over its agenda title, proposal and text, and the rank of the passage that
holds it among the question's passage hits (which carry the question's time and series
hints). Filters are the passages' filters (a decision is where its passage is) plus the
outcome.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from indexer.decisions import OUTCOMES
from indexer.lexical import analyze
from indexer.lexicon import MONTH_NAMES
from indexer.store.entities import DecisionEntry
from search.question import Question
from search.question_terms import MIN_COVERAGE, coverage, term_weights
from search.rankers import lexical_ranker
from search.results import NO_FILTERS, Filters, Hit, MeetingRef
from search.retriever import Retriever
from search.snapshot import Snapshot

RRF_K = 30
POOL = 50  # candidates taken from each ranking


@dataclass(frozen=True)
class DecisionHit:
    rank: int
    score: float
    decision: DecisionEntry


class DecisionSearch:
    """Searches the decisions of a snapshot, with the passage retriever's filters."""

    def __init__(self, retriever: Retriever):
        self.retriever = retriever

    def find(
        self,
        question: Question,
        snapshot: Snapshot,
        *,
        hits: Sequence[Hit] = (),
        filters: Filters = NO_FILTERS,
        outcome: str | None = None,
        top_k: int = 10,
    ) -> list[DecisionHit]:
        """The ``top_k`` decisions that best match ``question``, best first."""
        allowed = self._allowed(snapshot, filters, outcome)
        if allowed is None or not allowed.any():
            return []
        allowed = self._in_named_period(snapshot, question, allowed)
        rankings = [
            _dense(snapshot.decision_vectors, question.vector, allowed),
            _lexical(snapshot, question.terms, allowed),
            _by_passage(snapshot, hits, allowed),
        ]
        scores: dict[int, float] = {}
        for ranking in rankings:
            for rank, row in enumerate(ranking[:POOL].tolist(), start=1):
                scores[row] = scores.get(row, 0.0) + 1 / (RRF_K + rank)
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:top_k]
        found = snapshot.meta.decisions(row for row, _ in best)
        return [DecisionHit(n, score, found[row]) for n, (row, score) in enumerate(best, 1)]

    def log(
        self, snapshot: Snapshot, *, filters: Filters = NO_FILTERS, outcome: str | None = None
    ) -> list[DecisionEntry]:
        """Every decision that passes the filters, in date order (undated last)."""
        allowed = self._allowed(snapshot, filters, outcome)
        if allowed is None:
            return []
        found = snapshot.meta.decisions(np.flatnonzero(allowed).tolist())
        return sorted(found.values(), key=chronological)

    def _in_named_period(
        self, snapshot: Snapshot, question: Question, allowed: np.ndarray
    ) -> np.ndarray:
        """``allowed`` narrowed to the period the question names, when some decision of that
        period is allowed: a decision list answers for the time asked about."""
        period = self.retriever.named_period(snapshot, question)
        if period is None:
            return allowed
        narrowed = allowed & period[snapshot.decisions.passage]
        return narrowed if narrowed.any() else allowed

    def _allowed(
        self, snapshot: Snapshot, filters: Filters, outcome: str | None
    ) -> np.ndarray | None:
        """The decision rows (as a mask) that pass the filters; None when there are none."""
        decisions = snapshot.decisions
        if not len(decisions):
            return None
        mask = np.ones(len(decisions), dtype=bool)
        passages = self.retriever.allowed(snapshot, filters)
        if passages is not None:
            mask &= passages[decisions.passage]
        if outcome is not None:
            if outcome not in OUTCOMES:
                raise ValueError(f"unknown outcome {outcome!r}; use one of {', '.join(OUTCOMES)}")
            mask &= decisions.outcome == outcome
        return mask


def covering(
    weights: dict[str, float], found: Sequence[DecisionHit]
) -> list[tuple[float, DecisionHit]]:
    """The decisions that hold at least MIN_COVERAGE of the question's specific words
    (``weights``, see ``decision_weights``) with how much they hold, best covered first."""
    scored = [(coverage(weights, set(analyze(words_of(h.decision)))), h) for h in found]
    kept = [(score, hit) for score, hit in scored if score >= MIN_COVERAGE]
    return sorted(kept, key=lambda item: (-item[0], item[1].rank))


def decision_weights(
    question: Question, found: Sequence[DecisionHit], hits: Sequence[Hit] = ()
) -> dict[str, float]:
    """The stems of what the question asks about (``Question.asked_about``), each weighed by
    how rare it is among the hits' passages and the decisions found."""
    texts = [f"{h.passage.section or ''} {h.passage.text}" for h in hits]
    return term_weights(question.asked_about, texts + [words_of(hit.decision) for hit in found])


def words_of(decision: DecisionEntry) -> str:
    """What a decision says (agenda item, proposal, decided text, who was elected) and where:
    its meeting's series and date in words."""
    parts = [decision.agenda_title, decision.proposal, decision.text, *decision.elected]
    return " ".join(part for part in [*parts, meeting_words(decision.meeting)] if part)


def meeting_words(meeting: MeetingRef) -> str:
    """A meeting's series and date in words ("19 maj 2021"), for matching questions that
    name when or whose (not its title, which may name a topic the decision is not about)."""
    day = meeting.date
    when = f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}" if day else ""
    return " ".join(part for part in (meeting.series, when) if part)


def chronological(decision: DecisionEntry) -> tuple:
    """Sort key: meeting date (undated last), then document and place in it."""
    meeting = decision.meeting
    return (meeting.date or dt.date.max, meeting.title, decision.document.path, decision.start)


def _dense(vectors: np.ndarray, query: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    if len(vectors) == 0:
        return np.empty(0, dtype=np.int64)
    scores = vectors @ np.asarray(query, dtype=np.float32)
    rows = np.flatnonzero(allowed)
    return rows[np.argsort(-scores[rows], kind="stable")]


def _lexical(snapshot: Snapshot, terms: list[str], allowed: np.ndarray) -> np.ndarray:
    bm25 = snapshot.decision_bm25
    if bm25 is None:
        return np.empty(0, dtype=np.int64)
    return lexical_ranker(bm25, terms)(allowed, POOL).rows


def _by_passage(snapshot: Snapshot, hits: Sequence[Hit], allowed: np.ndarray) -> np.ndarray:
    """Decisions in the order of the hits whose passages hold them."""
    rank_of = {hit.passage.row: hit.rank for hit in hits}
    held = np.isin(snapshot.decisions.passage, list(rank_of)) & allowed
    rows = np.flatnonzero(held)
    ranks = [rank_of[int(p)] for p in snapshot.decisions.passage[rows]]
    return rows[np.argsort(ranks, kind="stable")]
