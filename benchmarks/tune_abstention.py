"""Tune when the extractive answerer abstains, on development questions.

Usage: python benchmarks/tune_abstention.py --index INDEX --questions dev-questions.jsonl

Each question is retrieved as `minutes ask` does (hybrid search, 8 passages) and its
sentences are scored; its confidence is the share of the question's specific words that the
best-covering sentence holds
(search.answerers.extractive.confidence). A question whose "relevant" list is
empty has no answer in the corpus and should be abstained on. The script prints one line per
question, then picks the threshold that abstains on the most unanswerable questions while
still answering at least --answer-rate of the answerable ones (midway between neighbouring
confidences), and compares it with search.question_terms.MIN_COVERAGE.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from search.answerers.extractive import (
    PASSAGES,
    compose,
    confidence,
    rank_sentences,
)
from search.question_terms import MIN_COVERAGE
from search.service import MinutesService
from search.settings import Settings


@dataclass
class Row:
    id: str
    answerable: bool
    confidence: float
    cites_relevant: bool  # the answer would cite a document named in "relevant"
    best: str


def measure(service: MinutesService, question: dict) -> Row:
    found = service.search(question["question"], top_k=PASSAGES)
    snapshot = service.snapshot()
    ranked = rank_sentences(service.retriever.question(found.query, snapshot), found.hits, snapshot)
    relevant = {r["doc"] for r in question["relevant"]}
    _, citations = compose(ranked[:4])
    cites = any(c.passage.document.path in relevant for c in citations)
    best = ranked[0].text if ranked else ""
    return Row(question["id"], bool(relevant), confidence(ranked), cites, best)


def counts(rows: list[Row], threshold: float) -> tuple[int, int]:
    """(answerable questions answered, unanswerable questions abstained on)."""
    answered = sum(r.answerable and r.confidence >= threshold for r in rows)
    abstained = sum(not r.answerable and r.confidence < threshold for r in rows)
    return answered, abstained


def best_threshold(rows: list[Row], answer_rate: float) -> float:
    values = sorted({r.confidence for r in rows})
    candidates = [0.0] + [(a + b) / 2 for a, b in zip(values, values[1:], strict=False)]
    answerable = sum(r.answerable for r in rows)

    def quality(threshold: float) -> tuple[int, int]:
        answered, abstained = counts(rows, threshold)
        return (abstained, answered) if answered >= answer_rate * answerable else (-1, answered)

    return max(candidates, key=quality)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--answer-rate", type=float, default=0.9)
    args = parser.parse_args()
    service = MinutesService(Settings(index=args.index))
    questions = [json.loads(line) for line in args.questions.open(encoding="utf-8") if line.strip()]
    rows = [measure(service, q) for q in questions]
    chosen = best_threshold(rows, args.answer_rate)
    print(f"{'id':5} {'kind':11} {'conf':>6} {'answer':8} {'cites':5} best sentence")
    for r in sorted(rows, key=lambda r: r.confidence):
        verdict = "answered" if r.confidence >= MIN_COVERAGE else "abstains"
        kind = "answerable" if r.answerable else "NO ANSWER"
        cites = "yes" if r.cites_relevant else "-"
        print(f"{r.id:5} {kind:11} {r.confidence:6.3f} {verdict:8} {cites:5} {r.best[:70]}")
    answerable = sum(r.answerable for r in rows)
    unanswerable = len(rows) - answerable
    for name, threshold in (("MIN_COVERAGE", MIN_COVERAGE), ("best on this set", chosen)):
        answered, abstained = counts(rows, threshold)
        print(
            f"{name} = {threshold:.3f}: answered {answered}/{answerable} answerable, "
            f"abstained on {abstained}/{unanswerable} without an answer"
        )
    cited = sum(r.cites_relevant for r in rows if r.answerable and r.confidence >= MIN_COVERAGE)
    print(f"answers at MIN_COVERAGE that cite a relevant document: {cited}")


if __name__ == "__main__":
    main()
