"""Searches from several sessions at once on the PostgreSQL store: a pool of reading
connections against one shared connection, in the same run.

Usage: python benchmarks/bench_pg_readers.py [--corpus ../shared/corpora] [--questions FILE]
       [--sessions 4] [--queries 200] [--rounds 3] [--work /tmp/minutes-bench-readers]

The corpus is indexed once into a database of pgserver's PostgreSQL (the test extra installs
it) with the model-free ``fake:384`` embedder, so what is timed is the store, not the model.
Each round runs the same searches (hybrid, top 10, cycling through the questions) from
``--sessions`` threads at once, as a serving process's sessions do, once through one reading
connection (``readers=1``: one statement at a time, as before the pool) and once through the
pool (``READERS``), in alternating order. It prints queries per second and p50 / p95 latency
of each, and the pool's throughput as a ratio of the single connection's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
from pathlib import Path

from scale_postgres import BenchDatabase  # beside this script

from indexer.build import IndexBuild
from indexer.embedders import load_embedder
from indexer.store.pg.database import READERS
from indexer.store.pg.store import PgStore
from search.service import MinutesService
from search.settings import Settings

MODEL = "fake:384"
EXCLUDE = ("MANIFEST.md", "*.tsv", "*.jsonl")


def main() -> None:
    args = _arguments()
    args.work.mkdir(parents=True, exist_ok=True)
    address = BenchDatabase(args.work).database("readers", fresh=False)
    embedder = load_embedder(MODEL)
    index = args.work / "index"
    IndexBuild(
        args.corpus, index, model=MODEL, embedder=embedder, store=address, exclude=EXCLUDE
    ).run()
    questions = _questions(args.questions)
    results: dict[int, list[tuple[float, list[float]]]] = {1: [], READERS: []}
    for round_number in range(args.rounds):
        order = [1, READERS] if round_number % 2 == 0 else [READERS, 1]
        for readers in order:
            service = MinutesService(Settings(index=index, store=address), embedder=embedder)
            service.reader.store = PgStore(address, readers=readers)
            results[readers].append(_run(service, questions, args.sessions, args.queries))
            service.reader.store.close()
    _report(results, args.sessions)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpora"))
    parser.add_argument("--questions", type=Path, help="JSON lines with a 'question' each")
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--queries", type=int, default=200, help="per round, over all sessions")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/minutes-bench-readers"))
    args = parser.parse_args()
    args.questions = args.questions or args.corpus / "dev-questions.jsonl"
    return args


def _questions(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def _run(
    service: MinutesService, questions: list[str], sessions: int, queries: int
) -> tuple[float, list[float]]:
    """Seconds for ``queries`` searches from ``sessions`` threads, and each one's latency."""
    for question in questions[:sessions]:  # the snapshot opened, the connections made
        service.search(question, top_k=10)
    latencies: list[float] = []
    lock = threading.Lock()

    def session(first: int) -> None:
        for n in range(first, queries, sessions):
            started = time.perf_counter()
            service.search(questions[n % len(questions)], top_k=10)
            with lock:
                latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(sessions)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies


def _report(results: dict[int, list[tuple[float, list[float]]]], sessions: int) -> None:
    print(f"{sessions} sessions searching at once; median of {len(results[1])} rounds")
    throughput = {}
    for readers, rounds in results.items():
        throughput[readers] = statistics.median(len(lat) / seconds for seconds, lat in rounds)
        every = sorted(latency for _, lat in rounds for latency in lat)
        p50 = every[len(every) // 2] * 1000
        p95 = every[int(len(every) * 0.95)] * 1000
        print(
            f"  readers={readers}: {throughput[readers]:6.1f} queries/s, "
            f"p50 {p50:6.1f} ms, p95 {p95:6.1f} ms"
        )
    print(f"  pool / one connection: {throughput[READERS] / throughput[1]:.2f}× the queries/s")


if __name__ == "__main__":
    main()
