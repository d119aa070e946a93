"""Search and ask latency on a built index: p50 / p95 / max over warm queries.

Usage: python benchmarks/bench_search.py --index DIR --questions dev-questions.jsonl [-n 100]
       [--baseline 55] [--webapp 20]

The questions are run once to warm up (model loaded, snapshot open), then ``n`` times in
turn (cycling through the file), each as a new query (the retriever's remembered query
embeddings are dropped first): ``search`` and then ``ask`` of the same question, through
``MinutesService`` as the CLI calls them, so the extra cost of ``ask`` is the difference per
question. Search is timed once more as a repeated query, as the web app repeats a question on
every rerun. Query embedding is timed on its own in the same run, so its share of the search
time is a ratio that holds on a noisy machine.

``--baseline N``: each of the first N questions is asked twice more in turn, once as above and
once with its sentences' vectors embedded per question (as answers were made before sentences
were embedded at index time), and the extra cost of both is compared. ``--webapp N``: N new
questions asked on the web app's ask page (Streamlit's AppTest runs the page as the server
does, without a browser).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from unittest import mock

import numpy as np

from indexer.embedders import Embedder
from indexer.passage_sentences import sentence_embedding_text
from search.answerers import make_answerer
from search.answerers.base import Answerer
from search.answerers.decisions import FindDecisions
from search.service import MinutesService
from search.settings import Settings
from search.snapshot import PassageSentences, Snapshot

APP = Path(__file__).resolve().parents[1] / "app.py"


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def percentiles(samples: list[float]) -> str:
    return (
        f"p50 {p50(samples) * 1000:7.1f} ms   p95 {p95(samples) * 1000:7.1f} ms   "
        f"max {max(samples) * 1000:7.1f} ms"
    )


def timed(function: Callable, *args, **kwargs) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


class QueryTimeSentences:
    """The baseline: the snapshot's sentences, with their vectors embedded per question."""

    def __init__(self, snapshot: Snapshot, embedder: Embedder):
        self.snapshot = snapshot
        self.embedder = embedder

    def sentences_of(self, rows: Iterable[int]) -> dict[int, PassageSentences]:
        rows = list(rows)
        stored = self.snapshot.sentences_of(rows)
        passages = self.snapshot.meta.passages(rows)
        texts = {
            row: [sentence_embedding_text(s, passages[row].section) for s in stored[row].sentences]
            for row in rows
        }
        unique = list(dict.fromkeys(text for row in rows for text in texts[row]))
        vectors = dict(zip(unique, self.embedder.embed_passages(unique), strict=True))
        empty = np.zeros((0, self.embedder.dim), dtype=np.float32)
        return {
            row: PassageSentences(
                stored[row].sentences,
                np.array([vectors[text] for text in texts[row]]) if texts[row] else empty,
            )
            for row in rows
        }


def query_time_answers(embedder: Embedder) -> mock._patch:
    """``MinutesService.ask`` answering from the baseline's sentence vectors, in a ``with``."""

    def answerer(settings: Settings, sentences, find: FindDecisions | None = None) -> Answerer:
        return make_answerer(settings, QueryTimeSentences(sentences, embedder), find)

    return mock.patch("search.service.make_answerer", answerer)


def webapp_seconds(index: Path, questions: list[str], warm_up: str) -> list[float]:
    """Seconds the ask page takes for each new question (after one to warm the app up)."""
    from streamlit.testing.v1 import AppTest

    os.environ["MINUTES_INDEX"] = str(index.resolve())

    def page(question: str) -> float:
        app = AppTest.from_file(str(APP), default_timeout=120)
        app.query_params["q"] = question
        started = time.perf_counter()
        app.run()
        seconds = time.perf_counter() - started
        assert not app.exception, app.exception
        return seconds

    page(warm_up)
    return [page(question) for question in questions]


def snapshot_size(snapshot: Snapshot) -> str:
    files = {p: p.stat().st_size for p in snapshot.path.rglob("*") if p.is_file()}
    sentences = sum(size for p, size in files.items() if p.name == "sentences.npy")
    return f"{sum(files.values()) / 1e6:.1f} MB (sentence vectors {sentences / 1e6:.1f} MB)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--baseline", type=int, default=55, metavar="N")
    parser.add_argument("--webapp", type=int, default=20, metavar="N")
    args = parser.parse_args()
    lines = args.questions.read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    service = MinutesService(Settings(index=args.index))
    snapshot = service.snapshot()
    embedder = service.reader.embedder(snapshot)
    for question in questions:
        service.ask(question)
    batch = [questions[i % len(questions)] for i in range(args.n)]

    def new(function: Callable, question: str) -> float:
        service.retriever.forget_queries()
        return timed(function, question)

    def search_and_ask(asked: list[str]) -> tuple[list[float], list[float]]:
        pairs = [(new(service.search, q), new(service.ask, q)) for q in asked]
        return [s for s, _ in pairs], [a for _, a in pairs]

    search, ask = search_and_ask(batch)
    extra = [a - s for s, a in zip(search, ask, strict=True)]
    for question in questions:
        service.search(question)  # remembered from here on
    repeated = [timed(service.search, q) for q in batch]
    embed = [timed(embedder.embed_query, q) for q in batch]
    print(f"index        {snapshot.name} ({len(snapshot)} passages), {snapshot_size(snapshot)}")
    print(f"queries      {args.n} warm ({len(questions)} distinct)")
    print(f"search       {percentiles(search)}   (new query)")
    print(f"search       {percentiles(repeated)}   (repeated query)")
    print(f"ask          {percentiles(ask)}   (new query, extractive)")
    print(f"ask - search {percentiles(extra)}   (per question)")
    print(f"embed query  {percentiles(embed)}")
    print(f"query embedding share of search time: {sum(embed) / sum(search):.0%}")
    if args.baseline:
        subset = questions[: args.baseline]
        stored, per_question = [], []
        for question in subset:  # in turn, so that both see the same load
            stored.append(new(service.ask, question) - new(service.search, question))
            with query_time_answers(embedder):
                per_question.append(new(service.ask, question) - new(service.search, question))
        print(f"baseline     ask - search, {len(subset)} questions, each asked both ways in turn:")
        print(f"  stored     {percentiles(stored)}   (sentence vectors from the snapshot)")
        print(f"  embedded   {percentiles(per_question)}   (sentences embedded per question)")
        print(
            f"  ratio      p50 {p50(stored) / p50(per_question):.3f}   "
            f"p95 {p95(stored) / p95(per_question):.3f}"
        )
    if args.webapp:
        web = webapp_seconds(args.index, questions[: args.webapp], questions[-1])
        print(f"web app ask  {percentiles(web)}   ({len(web)} new questions, ask page)")


if __name__ == "__main__":
    main()
