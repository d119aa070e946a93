"""Retrieval evaluation on the development questions: hybrid, dense and lexical side by side.

Usage: python benchmarks/eval.py --index DIR --questions QUESTIONS.jsonl [--questions ...]
       --corpus CORPUS [--top-k 10] [--modes hybrid,dense,lexical] [--misses] [--no-ask]
       [--english benchmarks/english-questions.jsonl]

The index must already hold CORPUS (index it first; `make eval` does). Each question names
relevant documents with an exact quote from the raw file (see the corpus MANIFEST.md).

A retrieved passage is a **hit** when its document is a relevant document and it contains
that document's quote. Both texts are compared as sequences of normalised words: Unicode
NFKC, lower case, LaTeX command names (``\\textbf``) removed, then the runs of letters and
digits, so markup (LaTeX, Typst, Markdown) and PDF line breaks do not matter. The passage
contains the quote when the quote's words appear in it contiguously and in order; a quote
split across two chunks still counts when at least 60 % of its words (and at least two)
appear contiguously in the passage.

Metrics over the answerable questions: hit@k (a hit among the first k passages), MRR@10
(1 / rank of the first hit), and document hit@5 (a passage of a relevant document among the
first five), also per kind of question for hybrid. The ask section reports, for `minutes
ask` (the offline answerers), the answered share of the answerable questions, the abstained
share of the unanswerable ones, and the share of the citations (of answered, answerable
questions) that point to a hit or at least to a relevant document; for the decision
questions also the share whose first citation is a relevant document, and every answer that
repeats a proposal its cited passages record as rejected without saying so. Each questions
file is reported on its own.

``--english`` names English versions of some development questions (by id): each is asked
in both languages, and the report counts the questions whose answers cite the same passage
first, and the hits at 5 of each language.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from search.results import Hit, Passage
from search.retriever import Retriever
from search.service import MinutesService
from search.settings import Settings

MODES = ("hybrid", "dense", "lexical")
SPLIT_QUOTE_SHARE = 0.6
ASK_TOP_K = 8  # passages given to the answerer, as `minutes ask` does
_LATEX_COMMAND = re.compile(r"\\[A-Za-z@]+\*?")
_WORD = re.compile(r"[^\W_]+")


def normalised_words(text: str) -> list[str]:
    """The words of ``text`` without markup: lower case runs of letters and digits."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _WORD.findall(_LATEX_COMMAND.sub(" ", text))


def _longest_common_run(quote: Sequence[str], passage: Sequence[str]) -> int:
    """The length of the longest run of words that ``quote`` and ``passage`` share."""
    best = 0
    previous = [0] * (len(passage) + 1)
    for word in quote:
        current = [0] * (len(passage) + 1)
        for j, other in enumerate(passage, start=1):
            if word == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def contains_quote(passage_text: str, quote: str) -> bool:
    """Whether the passage holds the quote (whole, or ≥ 60 % of it when split by chunking)."""
    quote_words = normalised_words(quote)
    if not quote_words:
        return False
    run = _longest_common_run(quote_words, normalised_words(passage_text))
    if run == len(quote_words):
        return True
    return run >= 2 and run >= SPLIT_QUOTE_SHARE * len(quote_words)


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    kind: str
    relevant: list[tuple[str, str]]  # (document path, quote)

    def is_hit(self, passage: Passage) -> bool:
        return any(
            passage.document.path == doc and contains_quote(passage.text, quote)
            for doc, quote in self.relevant
        )

    def is_relevant_document(self, passage: Passage) -> bool:
        return any(passage.document.path == doc for doc, _ in self.relevant)


def load_questions(path: Path) -> list[Question]:
    questions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            relevant = [(r["doc"], r["quote"]) for r in item["relevant"]]
            questions.append(Question(item["id"], item["question"], item["kind"], relevant))
    return questions


def first_hit_rank(question: Question, hits: Sequence[Hit]) -> int | None:
    return next((h.rank for h in hits if question.is_hit(h.passage)), None)


def retrieval_metrics(questions: Sequence[Question], results: Sequence[list[Hit]]) -> dict:
    """hit@1/3/5/10, MRR@10 and document hit@5 over the answerable questions."""
    ranks, doc_hits = [], []
    for question, hits in zip(questions, results, strict=True):
        ranks.append(first_hit_rank(question, hits))
        doc_hits.append(any(question.is_relevant_document(h.passage) for h in hits[:5]))
    n = len(ranks)
    metrics = {f"hit@{k}": sum(r is not None and r <= k for r in ranks) / n for k in (1, 3, 5, 10)}
    metrics["MRR@10"] = sum(1 / r for r in ranks if r is not None and r <= 10) / n
    metrics["doc hit@5"] = sum(doc_hits) / n
    return metrics


def ask_metrics(questions: Sequence[Question], answers: Sequence) -> dict:
    """Answered / abstained shares and citation precision of answers (objects with
    ``.answered`` and ``.citations``, each citation with ``.passage``), one per question."""
    answerable = [(q, a) for q, a in zip(questions, answers, strict=True) if q.relevant]
    unanswerable = [a for q, a in zip(questions, answers, strict=True) if not q.relevant]
    citations = [(q, c) for q, a in answerable if a.answered for c in a.citations]
    return {
        "answered (answerable)": _share(a.answered for _, a in answerable),
        "abstained (unanswerable)": _share(not a.answered for a in unanswerable),
        "citations to a hit": _share(q.is_hit(c.passage) for q, c in citations),
        "citations to a relevant doc": _share(
            q.is_relevant_document(c.passage) for q, c in citations
        ),
    }


def _share(flags) -> float:
    flags = list(flags)
    return sum(flags) / len(flags) if flags else float("nan")


def run_mode(retriever: Retriever, questions: Sequence[Question], mode: str, top_k: int):
    """The hits of every question, and the median search time in ms without embedding the
    query (each question is searched again; the retriever remembers query embeddings)."""
    results = [retriever.search(q.question, top_k=top_k, mode=mode) for q in questions]
    seconds = []
    for question in questions:
        started = time.perf_counter()
        retriever.search(question.question, top_k=top_k, mode=mode)
        seconds.append(time.perf_counter() - started)
    return results, statistics.median(seconds) * 1000


def print_table(rows: dict[str, dict[str, float]]) -> None:
    columns = list(rows)
    names = list(next(iter(rows.values())))
    width = max(map(len, names)) + 2
    print("".ljust(width) + "".join(c.rjust(10) for c in columns))
    for name in names:
        print(name.ljust(width) + "".join(f"{rows[c][name]:10.3f}" for c in columns))


def print_misses(questions: Sequence[Question], results: Sequence[list[Hit]], mode: str) -> None:
    for question, hits in zip(questions, results, strict=True):
        rank = first_hit_rank(question, hits)
        if rank is None or rank > 5:
            top = ", ".join(Path(h.passage.document.path).stem for h in hits[:3])
            print(f"  {mode} {question.id} rank={rank} top3=[{top}] {question.question}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True, action="append")
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--top-k", type=int, default=10)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--misses", action="store_true", help="list questions missed at 5")
    parser.add_argument("--no-ask", action="store_true", help="skip the answer metrics")
    parser.add_argument("--english", type=Path, help="English versions of some questions")
    args = parser.parse_args(argv)
    service = MinutesService(Settings(index=args.index))
    check_corpus(service, args.corpus)
    service.search("uppvärmning", top_k=1)  # load the model and the tables before timing
    for path in args.questions:
        print(f"\n=== {path.name}")
        questions = load_questions(path)
        report_retrieval(service.retriever, questions, args)
        if not args.no_ask:
            report_ask(service, questions)
    if args.english:
        report_english(service, args.english, args.questions)


def report_retrieval(retriever: Retriever, questions: Sequence[Question], args) -> None:
    """hit@k and MRR per mode over the answerable questions, then hybrid per kind."""
    answerable = [q for q in questions if q.relevant]
    table, latencies, hybrid = {}, {}, []
    for mode in args.modes.split(","):
        results, latencies[mode] = run_mode(retriever, answerable, mode, args.top_k)
        table[mode] = retrieval_metrics(answerable, results)
        hybrid = results if mode == "hybrid" else hybrid
        if args.misses:
            print_misses(answerable, results, mode)
    print(f"{len(answerable)} answerable questions, top {args.top_k}; index {args.index}")
    print_table(table)
    print(
        "p50 search ms, query embedding excluded: "
        + ", ".join(f"{m} {v:.1f}" for m, v in latencies.items())
    )
    if hybrid:
        print("\nhybrid by kind of question")
        print_table(by_kind(answerable, hybrid))


def by_kind(questions: Sequence[Question], results: Sequence[list[Hit]]) -> dict:
    """hit@5 and MRR@10 of each kind of question (decision, fact, when, who, topic)."""
    table = {}
    for kind in sorted({q.kind for q in questions}):
        chosen = [(q, r) for q, r in zip(questions, results, strict=True) if q.kind == kind]
        metrics = retrieval_metrics([q for q, _ in chosen], [r for _, r in chosen])
        table[f"{kind} ({len(chosen)})"] = {m: metrics[m] for m in ("hit@5", "MRR@10")}
    return table


def check_corpus(service: MinutesService, corpus: Path) -> None:
    indexed = service.snapshot().corpus.resolve()
    if indexed != corpus.resolve():
        sys.exit(f"the index holds {indexed}, not {corpus.resolve()}: index the corpus first")


def report_ask(service: MinutesService, questions: Sequence[Question]) -> None:
    """The answer metrics of `minutes ask` (offline answerers) over all questions, and over
    the decision questions with their first citation and any rejected proposal reported as
    decided."""
    answers = [service.ask(q.question, top_k=ASK_TOP_K) for q in questions]
    unanswerable = sum(not q.relevant for q in questions)
    print(f"\nask: {len(questions)} questions, {unanswerable} without an answer in the corpus")
    decisions = [(q, a) for q, a in zip(questions, answers, strict=True) if q.kind == "decision"]
    table = {"all": ask_metrics(questions, answers)}
    table["decision"] = ask_metrics([q for q, _ in decisions], [a for _, a in decisions])
    print_table(table)
    answered = [(q, a) for q, a in decisions if q.relevant and a.answered and a.citations]
    first = _share(q.is_relevant_document(a.citations[0].passage) for q, a in answered)
    print(f"decision questions: first citation to a relevant doc {first:.3f} ({len(answered)})")
    wrong = [q.id for q, a in zip(questions, answers, strict=True) if reports_rejected(service, a)]
    print(f"answers reporting a rejected proposal as decided: {len(wrong)} {' '.join(wrong)}")


def reports_rejected(service: MinutesService, answer) -> bool:
    """Whether the answer repeats a proposal its cited passages record as rejected, on a line
    that does not say it was rejected."""
    snapshot = service.snapshot()
    cited = {c.passage.row for c in answer.citations}
    decisions = snapshot.decisions
    held = np.isin(decisions.passage, list(cited)) & (decisions.outcome == "avslagen")
    rows = np.flatnonzero(held).tolist()
    rejected = snapshot.meta.decisions(rows).values()
    for line in answer.text.splitlines():
        if "avslog" in line:
            continue
        if any(contains_quote(line, d.proposal or d.text) for d in rejected):
            return True
    return False


def report_english(service: MinutesService, english: Path, files: Sequence[Path]) -> None:
    """Each English question against its Swedish original: the same first citation, and the
    hits at 5 of each."""
    swedish = {q.id: q for path in files for q in load_questions(path)}
    asked = [json.loads(line) for line in english.read_text(encoding="utf-8").splitlines()]
    pairs = [(swedish[item["id"]], item["question"]) for item in asked if item["id"] in swedish]
    same, hits = 0, {"sv": 0, "en": 0}
    for original, translated in pairs:
        answers = [service.ask(text, top_k=ASK_TOP_K) for text in (original.question, translated)]
        firsts = [a.citations[0].passage.id if a.citations else None for a in answers]
        same += firsts[0] is not None and firsts[0] == firsts[1]
        for language, text in (("sv", original.question), ("en", translated)):
            rank = first_hit_rank(original, service.retriever.search(text, top_k=10))
            hits[language] += rank is not None and rank <= 5
    print(f"\n=== {english.name}: {len(pairs)} English questions")
    print(f"same first citation as in Swedish  {same} of {len(pairs)}")
    print(f"hit@5  Swedish {hits['sv']}, English {hits['en']}")


if __name__ == "__main__":
    main()
