"""Search and ask latency on a built index: p50 / p95 / max over warm queries.

Usage: python benchmarks/bench_search.py --index DIR --questions dev-questions.jsonl [-n 100]

The questions are run once to warm up (model loaded, snapshot open), then ``n`` times in
turn (cycling through the file), each as a new query (the retriever's remembered query
embeddings are dropped first) and once more as a repeated one, as the web app repeats a
question on every rerun. Query embedding is timed on its own in the same run, so its share
of the search time is a ratio that holds on a noisy machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from search.service import MinutesService
from search.settings import Settings


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   "
        f"max {ordered[-1] * 1000:7.1f} ms"
    )


def timed(function, *args, **kwargs) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("-n", type=int, default=100)
    args = parser.parse_args()
    lines = args.questions.read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    service = MinutesService(Settings(index=args.index))
    embedder = service.reader.embedder(service.snapshot())
    for question in questions:
        service.ask(question)
    batch = [questions[i % len(questions)] for i in range(args.n)]

    def new(function, question):
        service.retriever.forget_queries()
        return timed(function, question)

    search = [new(service.search, q) for q in batch]
    for question in questions:
        service.search(question)  # remembered from here on
    repeated = [timed(service.search, q) for q in batch]
    embed = [timed(embedder.embed_query, q) for q in batch]
    ask = [new(service.ask, q) for q in batch]
    print(f"index        {service.snapshot().name} ({len(service.snapshot())} passages)")
    print(f"queries      {args.n} warm ({len(questions)} distinct)")
    print(f"search       {percentiles(search)}   (new query)")
    print(f"search       {percentiles(repeated)}   (repeated query)")
    print(f"ask          {percentiles(ask)}   (new query, extractive)")
    print(f"embed query  {percentiles(embed)}")
    print(f"query embedding share of search time: {sum(embed) / sum(search):.0%}")


if __name__ == "__main__":
    main()
